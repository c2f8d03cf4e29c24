package io.mneme.resp.codec;

import io.mneme.engine.Reply;

/**
 * Emitted by {@link RespDecoder} instead of a command when the request stream is malformed. The
 * decoder discards all input after it, so the handler should write {@link #reply()}, flush, and
 * close the connection, as Redis does.
 *
 * @param message the full error text, starting with the error code, e.g. {@code "ERR Protocol
 *     error: invalid bulk length"}
 */
public record ProtocolError(String message) {

  static final String PREFIX = "ERR Protocol error: ";

  static ProtocolError of(String detail) {
    return new ProtocolError(PREFIX + detail);
  }

  /** The error reply to send before closing the connection. */
  public Reply reply() {
    return new Reply.Err(message);
  }
}
