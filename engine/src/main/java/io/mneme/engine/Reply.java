package io.mneme.engine;

import java.nio.charset.StandardCharsets;

/**
 * A command's reply, independent of the protocol: resp/ encodes it as RESP2 or RESP3 for each
 * connection (a {@link MapReply} is a flat array in RESP2, a {@link Bool} an integer, and so on).
 * Replies are immutable and may be shared.
 */
public sealed interface Reply {

  /** {@code +text}. */
  record Simple(String text) implements Reply {}

  /** {@code -text}; the text starts with the error code, as in {@code "ERR syntax error"}. */
  record Err(String text) implements Reply {}

  /** {@code :value}. */
  record Int(long value) implements Reply {}

  /** {@code $len bytes}. */
  record Bulk(byte[] bytes) implements Reply {}

  /** A RESP3 double ({@code ,}); a bulk string in RESP2, formatted as Redis formats doubles. */
  record Dbl(double value) implements Reply {}

  /**
   * A double sent with exactly this text, as Redis's addReplyHumanLongDouble does for GEOPOS
   * and WITHCOORD: a RESP3 double ({@code ,text}); a bulk string of the same text in RESP2.
   */
  record DblText(String text) implements Reply {}

  /** A RESP3 boolean ({@code #t}); the integer 1 or 0 in RESP2. */
  record Bool(boolean value) implements Reply {}

  /** {@code *n}: an array of replies. */
  record Arr(Reply[] items) implements Reply {}

  /** A RESP3 map ({@code %n}); in RESP2 an array of 2n items, key, value, key, value... */
  record MapReply(Reply[] keysAndValues) implements Reply {}

  /**
   * A RESP3 map ({@code %n}) that RESP2 shows as an array of n two-element [key, value] arrays,
   * as XREAD and XREADGROUP reply. Keys may repeat (XREAD names a stream twice).
   */
  record PairMap(Reply[] keysAndValues) implements Reply {}

  /**
   * An out-of-band message (pub/sub): a RESP3 push ({@code >n}); a plain array in RESP2, as
   * Redis sends subscribe confirmations and messages to RESP2 clients.
   */
  record Push(Reply[] items) implements Reply {}

  /**
   * Several replies one after the other, with no header of their own: what a (P)SUBSCRIBE or
   * (P|S)UNSUBSCRIBE naming n channels answers inside EXEC. Redis counts the command as one
   * element of EXEC's array but writes its n confirmations there, so the array's header is
   * short of what follows (networking.c appends each confirmation as it is made).
   */
  record Sequence(Reply[] items) implements Reply {}

  /** A RESP3 set ({@code ~n}); an array in RESP2. */
  record SetReply(Reply[] items) implements Reply {}

  /**
   * Pairs of replies, as HRANDFIELD WITHVALUES (and ZRANGE WITHSCORES) answer: in RESP3 an
   * array of two-element arrays, in RESP2 one flat array; {@code flat} holds them one after the
   * other, so its length is even.
   */
  record Pairs(Reply[] flat) implements Reply {}

  /** A RESP3 verbatim string ({@code =len fmt:text}); a bulk string in RESP2. */
  record Verbatim(String format, byte[] text) implements Reply {}

  /**
   * The null reply. In RESP3 it is always {@code _}; in RESP2 it is the null bulk string
   * {@code $-1} unless {@code array} is set, then the null array {@code *-1}.
   */
  record Null(boolean array) implements Reply {}

  /**
   * A blocking command (BLPOP, BZPOPMIN, XREAD BLOCK...) found nothing to serve and changed
   * nothing: the layer above parks the client and runs the command again when one of its keys is
   * written, or answers the timeout reply. Never sent to a client as such.
   */
  record Blocked() implements Reply {}

  Reply OK = new Simple("OK");
  Reply BLOCKED = new Blocked();
  Reply PONG = new Simple("PONG");
  Reply QUEUED = new Simple("QUEUED");
  Reply NULL = new Null(false);
  Reply NULL_ARRAY = new Null(true);
  Reply ZERO = new Int(0);
  Reply ONE = new Int(1);
  Reply EMPTY_ARRAY = new Arr(new Reply[0]);

  static Reply integer(long value) {
    return value == 0 ? ZERO : value == 1 ? ONE : new Int(value);
  }

  static Reply bulk(byte[] bytes) {
    return bytes == null ? NULL : new Bulk(bytes);
  }

  static Reply bulk(String text) {
    return new Bulk(text.getBytes(StandardCharsets.UTF_8));
  }

  static Reply error(String text) {
    return new Err(text);
  }

  static Reply array(Reply... items) {
    return new Arr(items);
  }

  default boolean isError() {
    return this instanceof Err;
  }
}
