package io.mneme.resp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes client requests into commands, one {@code byte[][] argv} per command, exactly as Redis
 * 7.0's processMultibulkBuffer and processInlineBuffer do: a request starting with '*' is a
 * multibulk ({@code *N\r\n$len\r\nbytes\r\n...}), anything else an inline line split by
 * {@link InlineSplitter}. Empty commands ({@code *0}, {@code *-1}, blank lines) are skipped.
 *
 * <p>On malformed input it emits one {@link ProtocolError} and discards everything after it; the
 * handler replies and closes the connection. The decoder is incremental: a command may be split
 * across reads at any byte. No ByteBuf leaves it; the cumulation is owned and released by
 * {@link ByteToMessageDecoder}.
 *
 * <p>Bounds, as in Redis: header lines are searched for at most {@link #INLINE_MAX_BYTES} (Redis
 * checks the whole query buffer, whose size depends on read timing; a fixed window makes the
 * outcome independent of how the bytes were split). Argument arrays start at most
 * {@link #ARGV_PREALLOC_MAX} long and grow as bulks arrive; bulk bytes are buffered as they
 * arrive by {@link BulkReader}, never allocated from the declared length alone.
 */
public final class RespDecoder extends ByteToMessageDecoder {

  /** Redis's default proto-max-bulk-len. */
  public static final long DEFAULT_PROTO_MAX_BULK_LEN_BYTES = 512L * 1024 * 1024;

  /** The largest byte[] the JVM reliably allocates, so the largest bulk we can accept. */
  public static final long MAX_BULK_LEN_BYTES = Integer.MAX_VALUE - 8;

  /** Redis's limit on the argument count of one multibulk command. */
  static final int MAX_MULTIBULK_LEN = 1024 * 1024;

  /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or header line. */
  static final int INLINE_MAX_BYTES = 64 * 1024;

  /** Argument arrays are never pre-allocated longer than this, whatever the header declares. */
  static final int ARGV_PREALLOC_MAX = 1024;

  /** The CRLF that ends a bulk; Redis skips it without checking its value. */
  private static final int BULK_TRAILER_BYTES = 2;

  private static final int NEED_MORE = -1;
  private static final int TOO_BIG = -2;

  private enum State {
    /** At the start of a request: peek at its first byte. */
    START,
    INLINE,
    MULTIBULK_HEADER,
    BULK_HEADER,
    BULK_DATA,
    BULK_TRAILER,
    /** After a protocol error: drop all input. */
    DISCARD
  }

  private final long protoMaxBulkLenBytes;
  private State state = State.START;
  private byte[][] argv;
  private int argc;
  private int multibulkLen;
  private BulkReader bulk;
  private int trailerToSkip;

  /** A decoder with Redis's default proto-max-bulk-len of 512 MB. */
  public RespDecoder() {
    this(DEFAULT_PROTO_MAX_BULK_LEN_BYTES);
  }

  /** A decoder refusing bulks longer than {@code protoMaxBulkLenBytes}. */
  public RespDecoder(long protoMaxBulkLenBytes) {
    if (protoMaxBulkLenBytes < 0 || protoMaxBulkLenBytes > MAX_BULK_LEN_BYTES) {
      throw new IllegalArgumentException("proto-max-bulk-len out of range: "
          + protoMaxBulkLenBytes);
    }
    this.protoMaxBulkLenBytes = protoMaxBulkLenBytes;
  }

  public long protoMaxBulkLenBytes() {
    return protoMaxBulkLenBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable() && step(in, out)) {
      // Each step consumes input or changes state; a false step waits for more bytes.
    }
  }

  /** Runs the current state; returns false when it needs more input. */
  private boolean step(ByteBuf in, List<Object> out) {
    return switch (state) {
      case START -> start(in);
      case INLINE -> inline(in, out);
      case MULTIBULK_HEADER -> multibulkHeader(in, out);
      case BULK_HEADER -> bulkHeader(in, out);
      case BULK_DATA -> bulkData(in);
      case BULK_TRAILER -> bulkTrailer(in, out);
      case DISCARD -> discard(in);
    };
  }

  private boolean start(ByteBuf in) {
    state = in.getByte(in.readerIndex()) == '*' ? State.MULTIBULK_HEADER : State.INLINE;
    return true;
  }

  private boolean inline(ByteBuf in, List<Object> out) {
    int newline = lineEnd(in, (byte) '\n');
    if (newline == TOO_BIG) {
      return fail(in, out, "too big inline request");
    }
    if (newline == NEED_MORE) {
      return false;
    }
    int start = in.readerIndex();
    int end = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
    byte[] line = new byte[end - start];
    in.getBytes(start, line);
    in.readerIndex(newline + 1);
    byte[][] args = InlineSplitter.split(line);
    if (args == null) {
      return fail(in, out, "unbalanced quotes in request");
    }
    if (args.length > 0) {
      out.add(args);
    }
    state = State.START;
    return true;
  }

  private boolean multibulkHeader(ByteBuf in, List<Object> out) {
    int cr = headerEnd(in);
    if (cr == TOO_BIG) {
      return fail(in, out, "too big mbulk count string");
    }
    if (cr == NEED_MORE) {
      return false;
    }
    long count = RespNumbers.parseLong(in, in.readerIndex() + 1, cr);
    if (count == RespNumbers.INVALID || count > MAX_MULTIBULK_LEN) {
      return fail(in, out, "invalid multibulk length");
    }
    in.readerIndex(cr + 2); // Redis skips the byte after '\r' without checking it is '\n'
    if (count <= 0) {
      state = State.START;
      return true;
    }
    multibulkLen = (int) count;
    argv = new byte[Math.min(multibulkLen, ARGV_PREALLOC_MAX)][];
    argc = 0;
    state = State.BULK_HEADER;
    return true;
  }

  private boolean bulkHeader(ByteBuf in, List<Object> out) {
    int cr = headerEnd(in);
    if (cr == TOO_BIG) {
      return fail(in, out, "too big bulk count string");
    }
    if (cr == NEED_MORE) {
      return false;
    }
    byte type = in.getByte(in.readerIndex());
    if (type != '$') {
      return fail(in, out, "expected '$', got '" + (char) (type & 0xFF) + "'");
    }
    long length = RespNumbers.parseLong(in, in.readerIndex() + 1, cr);
    if (length == RespNumbers.INVALID || length < 0 || length > protoMaxBulkLenBytes) {
      return fail(in, out, "invalid bulk length");
    }
    in.readerIndex(cr + 2);
    return startBulk(in, out, (int) length);
  }

  /** Takes a bulk whole when it has fully arrived, else starts buffering it. */
  private boolean startBulk(ByteBuf in, List<Object> out, int length) {
    if (in.readableBytes() - BULK_TRAILER_BYTES >= length) {
      byte[] arg = new byte[length];
      in.readBytes(arg);
      in.skipBytes(BULK_TRAILER_BYTES);
      addArg(arg, out);
      return true;
    }
    bulk = new BulkReader(length);
    state = State.BULK_DATA;
    return true;
  }

  private boolean bulkData(ByteBuf in) {
    if (!bulk.readFrom(in)) {
      return false;
    }
    trailerToSkip = BULK_TRAILER_BYTES;
    state = State.BULK_TRAILER;
    return true;
  }

  private boolean bulkTrailer(ByteBuf in, List<Object> out) {
    int skipped = Math.min(trailerToSkip, in.readableBytes());
    in.skipBytes(skipped);
    trailerToSkip -= skipped;
    if (trailerToSkip > 0) {
      return false;
    }
    byte[] arg = bulk.result();
    bulk = null;
    addArg(arg, out);
    return true;
  }

  /** Appends an argument, growing argv as Redis does, and emits the command once complete. */
  private void addArg(byte[] arg, List<Object> out) {
    if (argc == argv.length) {
      argv = Arrays.copyOf(argv, (int) Math.min(2L * argv.length, multibulkLen));
    }
    argv[argc++] = arg;
    if (argc < multibulkLen) {
      state = State.BULK_HEADER;
      return;
    }
    out.add(argv);
    argv = null;
    argc = 0;
    state = State.START;
  }

  /**
   * Index of the '\r' ending a header line, with at least one byte after it (Redis waits for
   * it), else NEED_MORE, or TOO_BIG when no '\r' is within {@link #INLINE_MAX_BYTES}.
   */
  private static int headerEnd(ByteBuf in) {
    int cr = lineEnd(in, (byte) '\r');
    if (cr >= 0 && cr + 1 >= in.writerIndex()) {
      return NEED_MORE;
    }
    return cr;
  }

  /** Index of the terminator within the first INLINE_MAX_BYTES + 1 bytes, or a negative code. */
  private static int lineEnd(ByteBuf in, byte terminator) {
    int window = Math.min(in.readableBytes(), INLINE_MAX_BYTES + 1);
    int at = in.indexOf(in.readerIndex(), in.readerIndex() + window, terminator);
    if (at >= 0) {
      return at;
    }
    return in.readableBytes() > INLINE_MAX_BYTES ? TOO_BIG : NEED_MORE;
  }

  private boolean fail(ByteBuf in, List<Object> out, String detail) {
    out.add(ProtocolError.of(detail));
    argv = null;
    bulk = null;
    state = State.DISCARD;
    return discard(in);
  }

  private static boolean discard(ByteBuf in) {
    in.skipBytes(in.readableBytes());
    return false;
  }
}
