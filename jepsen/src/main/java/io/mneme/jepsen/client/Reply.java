package io.mneme.jepsen.client;

import java.util.List;

/**
 * A RESP reply.
 *
 * @param kind which RESP type it was
 * @param text simple string, error message or bulk string (null for a nil bulk)
 * @param number integer replies
 * @param items array elements (null for a nil array)
 */
public record Reply(Kind kind, String text, long number, List<Reply> items) {

  /** RESP reply types. */
  public enum Kind { SIMPLE, ERROR, INTEGER, BULK, ARRAY }

  /** Whether this is an error reply. */
  public boolean isError() {
    return kind == Kind.ERROR;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case SIMPLE, BULK -> String.valueOf(text);
      case ERROR -> "-" + text;
      case INTEGER -> Long.toString(number);
      case ARRAY -> String.valueOf(items);
    };
  }
}
