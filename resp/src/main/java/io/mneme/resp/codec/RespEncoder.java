package io.mneme.resp.codec;

import io.mneme.engine.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link Reply} values as RESP2 or RESP3, byte for byte as Redis 7.0 does. The handler
 * normally calls the static {@link #encode(Reply, int, ByteBuf)} to batch a pipeline's replies
 * into one buffer and flush once; as a pipeline stage this class encodes each Reply written to
 * the channel with the connection's current protocol ({@link #setProtocol}, after HELLO).
 *
 * <p>RESP2 has no map, set, double, boolean, verbatim or null types: maps become flat arrays of
 * key, value, ...; sets arrays; doubles bulk strings formatted by {@link DoubleFormat}; booleans
 * the integers 1 and 0; verbatim strings bulk strings; null {@code $-1}, or {@code *-1} for a
 * null array. Status and error texts have CR and LF replaced by spaces so that they cannot break
 * the framing, as Redis does.
 *
 * <p>Push: pub/sub messages and subscription confirmations are RESP3 push frames ({@code >n})
 * and plain arrays in RESP2.
 */
public final class RespEncoder extends MessageToByteEncoder<Reply> {

  public static final int RESP2 = 2;
  public static final int RESP3 = 3;

  /** Integer replies and bulk headers in [-1, this] are pre-encoded (Redis shares a few too). */
  static final int SMALL_NUMBER_CACHE_MAX = 10_000;

  /** Aggregate headers (*, %, ~) up to this count are pre-encoded. */
  static final int AGGREGATE_HEADER_CACHE_MAX = 1024;

  /** The smallest pre-encoded number: -1, the most common negative reply. */
  private static final int CACHE_MIN = -1;

  private static final short CRLF = ('\r' << 8) | '\n';
  private static final int VERBATIM_FORMAT_BYTES = 3;

  private static final byte[][] INTEGERS = headers(':', SMALL_NUMBER_CACHE_MAX);
  private static final byte[][] BULK_HEADERS = headers('$', SMALL_NUMBER_CACHE_MAX);
  private static final byte[][] ARRAY_HEADERS = headers('*', AGGREGATE_HEADER_CACHE_MAX);
  private static final byte[][] MAP_HEADERS = headers('%', AGGREGATE_HEADER_CACHE_MAX);
  private static final byte[][] SET_HEADERS = headers('~', AGGREGATE_HEADER_CACHE_MAX);
  private static final byte[][] PUSH_HEADERS = headers('>', AGGREGATE_HEADER_CACHE_MAX);

  private static final byte[] OK = ascii("+OK\r\n");
  private static final byte[] PONG = ascii("+PONG\r\n");
  private static final byte[] QUEUED = ascii("+QUEUED\r\n");
  private static final byte[] TRUE3 = ascii("#t\r\n");
  private static final byte[] FALSE3 = ascii("#f\r\n");
  private static final byte[] NULL3 = ascii("_\r\n");

  private volatile int protocol;

  /** A RESP2 encoder, the protocol every connection starts with. */
  public RespEncoder() {
    this(RESP2);
  }

  public RespEncoder(int protocol) {
    super(Reply.class);
    this.protocol = checkProtocol(protocol);
  }

  public int protocol() {
    return protocol;
  }

  /** Switches the protocol for replies written from now on (HELLO 2 / HELLO 3). */
  public void setProtocol(int protocol) {
    this.protocol = checkProtocol(protocol);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Reply reply, ByteBuf out) {
    encode(reply, protocol, out);
  }

  /**
   * Appends {@code reply} to {@code out} in the given protocol (2 or 3). The caller owns
   * {@code out}; nothing is retained.
   */
  public static void encode(Reply reply, int protocol, ByteBuf out) {
    write(reply, checkProtocol(protocol) == RESP3, out);
  }

  private static int checkProtocol(int protocol) {
    if (protocol != RESP2 && protocol != RESP3) {
      throw new IllegalArgumentException("unsupported protocol: " + protocol);
    }
    return protocol;
  }

  // Ordered by how often each reply type occurs.
  private static void write(Reply reply, boolean resp3, ByteBuf out) {
    if (reply instanceof Reply.Bulk bulk) {
      writeBulk(bulk.bytes(), out);
    } else if (reply instanceof Reply.Simple simple) {
      writeSimple(simple, out);
    } else if (reply instanceof Reply.Int integer) {
      writeNumber(out, ':', integer.value(), INTEGERS);
    } else if (reply instanceof Reply.Arr arr) {
      writeAggregate(out, arr.items(), resp3, '*', ARRAY_HEADERS, arr.items().length);
    } else if (reply instanceof Reply.Null nil) {
      writeNull(nil, resp3, out);
    } else if (reply == null) {
      writeNull((Reply.Null) Reply.NULL, resp3, out);
    } else {
      writeRare(reply, resp3, out);
    }
  }

  private static void writeRare(Reply reply, boolean resp3, ByteBuf out) {
    if (reply instanceof Reply.Err err) {
      writeError(err.text(), out);
    } else if (reply instanceof Reply.MapReply map) {
      writeMap(map.keysAndValues(), resp3, out);
    } else if (reply instanceof Reply.PairMap map) {
      writePairMap(map.keysAndValues(), resp3, out);
    } else if (reply instanceof Reply.SetReply set) {
      Reply[] items = set.items();
      writeAggregate(out, items, resp3, resp3 ? '~' : '*',
          resp3 ? SET_HEADERS : ARRAY_HEADERS, items.length);
    } else if (reply instanceof Reply.Push push) {
      Reply[] items = push.items();
      writeAggregate(out, items, resp3, resp3 ? '>' : '*',
          resp3 ? PUSH_HEADERS : ARRAY_HEADERS, items.length);
    } else if (reply instanceof Reply.Sequence sequence) {
      for (Reply item : sequence.items()) {
        write(item, resp3, out);
      }
    } else if (reply instanceof Reply.Pairs pairs) {
      writePairs(pairs.flat(), resp3, out);
    } else if (reply instanceof Reply.Dbl dbl) {
      writeDouble(dbl.value(), resp3, out);
    } else if (reply instanceof Reply.Bool bool) {
      writeBool(bool.value(), resp3, out);
    } else if (reply instanceof Reply.Verbatim verbatim) {
      writeVerbatim(verbatim, resp3, out);
    } else if (reply instanceof Reply.DblText dbl) {
      if (resp3) {
        writeLine(out, ',', dbl.text());
      } else {
        writeBulk(ascii(dbl.text()), out);
      }
    } else if (reply instanceof Reply.Blocked) {
      // Only reaches here if a blocking command was run where no client can wait (a script,
      // MULTI): Redis answers as if the timeout had expired.
      writeNull((Reply.Null) Reply.NULL_ARRAY, resp3, out);
    } else {
      throw new IllegalArgumentException("unknown reply type: " + reply.getClass());
    }
  }

  private static void writeBulk(byte[] bytes, ByteBuf out) {
    writeNumber(out, '$', bytes.length, BULK_HEADERS);
    out.writeBytes(bytes);
    out.writeShort(CRLF);
  }

  private static void writeSimple(Reply.Simple simple, ByteBuf out) {
    if (simple == Reply.OK) {
      out.writeBytes(OK);
    } else if (simple == Reply.PONG) {
      out.writeBytes(PONG);
    } else if (simple == Reply.QUEUED) {
      out.writeBytes(QUEUED);
    } else {
      writeLine(out, '+', simple.text());
    }
  }

  /** Errors start with their code; a leading '-' already present is not doubled. */
  private static void writeError(String text, ByteBuf out) {
    if (text.startsWith("-")) {
      writeLine(out, '-', text.substring(1));
    } else {
      writeLine(out, '-', text);
    }
  }

  private static void writeLine(ByteBuf out, char prefix, String text) {
    out.writeByte(prefix);
    ByteBufUtil.writeUtf8(out, singleLine(text));
    out.writeShort(CRLF);
  }

  /** A CR or LF inside a status or error would end the frame early. */
  private static String singleLine(String text) {
    if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
      return text;
    }
    return text.replace('\r', ' ').replace('\n', ' ');
  }

  private static void writeNull(Reply.Null nil, boolean resp3, ByteBuf out) {
    if (resp3) {
      out.writeBytes(NULL3);
    } else {
      // The caches start at -1: "*-1\r\n" and "$-1\r\n".
      out.writeBytes(nil.array() ? ARRAY_HEADERS[0] : BULK_HEADERS[0]);
    }
  }

  private static void writeMap(Reply[] keysAndValues, boolean resp3, ByteBuf out) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("map reply with an odd number of items");
    }
    if (resp3) {
      writeAggregate(out, keysAndValues, true, '%', MAP_HEADERS, keysAndValues.length / 2);
    } else {
      writeAggregate(out, keysAndValues, false, '*', ARRAY_HEADERS, keysAndValues.length);
    }
  }

  /** RESP3: an array of two-element arrays; RESP2: the same items as one flat array. */
  private static void writePairs(Reply[] flat, boolean resp3, ByteBuf out) {
    if (flat.length % 2 != 0) {
      throw new IllegalArgumentException("pairs reply with an odd number of items");
    }
    if (!resp3) {
      writeAggregate(out, flat, false, '*', ARRAY_HEADERS, flat.length);
      return;
    }
    writeNumber(out, '*', flat.length / 2, ARRAY_HEADERS);
    for (int i = 0; i < flat.length; i += 2) {
      out.writeBytes(ARRAY_HEADERS[2 - CACHE_MIN]);
      write(flat[i], true, out);
      write(flat[i + 1], true, out);
    }
  }

  /** A map in RESP3; in RESP2 an array of [key, value] arrays (XREAD). */
  private static void writePairMap(Reply[] keysAndValues, boolean resp3, ByteBuf out) {
    if (resp3) {
      writeMap(keysAndValues, true, out);
      return;
    }
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("map reply with an odd number of items");
    }
    writeNumber(out, '*', keysAndValues.length / 2, ARRAY_HEADERS);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.writeBytes(ARRAY_HEADERS[2 - CACHE_MIN]);
      write(keysAndValues[i], false, out);
      write(keysAndValues[i + 1], false, out);
    }
  }

  private static void writeAggregate(ByteBuf out, Reply[] items, boolean resp3, char prefix,
      byte[][] headers, int count) {
    writeNumber(out, prefix, count, headers);
    for (Reply item : items) {
      write(item, resp3, out);
    }
  }

  private static void writeDouble(double value, boolean resp3, ByteBuf out) {
    String text = DoubleFormat.format(value);
    if (resp3) {
      writeLine(out, ',', text);
    } else {
      writeBulk(ascii(text), out);
    }
  }

  private static void writeBool(boolean value, boolean resp3, ByteBuf out) {
    if (resp3) {
      out.writeBytes(value ? TRUE3 : FALSE3);
    } else {
      out.writeBytes(INTEGERS[(value ? 1 : 0) - CACHE_MIN]);
    }
  }

  /** {@code =len\r\nfmt:text\r\n}; the format is cut or space-padded to 3 bytes, as Redis does. */
  private static void writeVerbatim(Reply.Verbatim verbatim, boolean resp3, ByteBuf out) {
    byte[] text = verbatim.text();
    if (!resp3) {
      writeBulk(text, out);
      return;
    }
    writeNumber(out, '=', text.length + VERBATIM_FORMAT_BYTES + 1, null);
    String format = verbatim.format() == null ? "" : verbatim.format();
    for (int i = 0; i < VERBATIM_FORMAT_BYTES; i++) {
      out.writeByte(i < format.length() ? format.charAt(i) : ' ');
    }
    out.writeByte(':');
    out.writeBytes(text);
    out.writeShort(CRLF);
  }

  /** {@code <prefix><n>\r\n}, from the cache when n is small. */
  private static void writeNumber(ByteBuf out, char prefix, long n, byte[][] cache) {
    if (cache != null && n >= CACHE_MIN && n < cache.length + CACHE_MIN) {
      out.writeBytes(cache[(int) n - CACHE_MIN]);
      return;
    }
    out.writeByte(prefix);
    RespNumbers.writeLong(out, n);
    out.writeShort(CRLF);
  }

  private static byte[][] headers(char prefix, int max) {
    byte[][] cache = new byte[max - CACHE_MIN + 1][];
    for (int n = CACHE_MIN; n <= max; n++) {
      cache[n - CACHE_MIN] = ascii(prefix + Integer.toString(n) + "\r\n");
    }
    return cache;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
