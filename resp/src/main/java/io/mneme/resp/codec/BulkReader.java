package io.mneme.resp.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the bytes of one bulk argument as they arrive, so that a huge argument never sits in
 * (and repeatedly regrows) the decoder's cumulation buffer.
 *
 * <p>The exact-size result array is allocated once the bytes still missing fit in
 * {@link #AHEAD_BYTES}; bytes are copied straight into it, once. Before that, arrived bytes go to
 * chunks of at most {@link #CHUNK_BYTES}, copied a second time when the result is allocated. So
 * memory never exceeds what the client actually sent plus a bounded amount: a client declaring
 * {@code $500000000} and sending nothing costs us nothing.
 */
final class BulkReader {

  /** Bulks with at most this many bytes missing get their final array right away. */
  static final int AHEAD_BYTES = 1 << 20;

  /** Size of the staging chunks of a bulk that is still far from complete. */
  static final int CHUNK_BYTES = 1 << 16;

  private final int length;
  private int filled;
  private byte[] result;
  private List<byte[]> chunks;

  BulkReader(int length) {
    this.length = length;
    if (length <= AHEAD_BYTES) {
      result = new byte[length];
    }
  }

  /** Reads as much of the bulk as {@code in} holds; returns true once the bulk is complete. */
  boolean readFrom(ByteBuf in) {
    int n = Math.min(in.readableBytes(), length - filled);
    if (result == null && length - (filled + n) <= AHEAD_BYTES) {
      result = assembleChunks();
    }
    if (result != null) {
      in.readBytes(result, filled, n);
      filled += n;
    } else {
      stage(in, n);
    }
    return filled == length;
  }

  /** The bulk; only valid once {@link #readFrom} returned true. */
  byte[] result() {
    return result;
  }

  private byte[] assembleChunks() {
    byte[] bytes = new byte[length];
    int offset = 0;
    if (chunks != null) {
      for (byte[] chunk : chunks) {
        int n = Math.min(chunk.length, filled - offset);
        System.arraycopy(chunk, 0, bytes, offset, n);
        offset += n;
      }
      chunks = null;
    }
    return bytes;
  }

  /** Copies n bytes into chunks; the last chunk may be partly filled. */
  private void stage(ByteBuf in, int n) {
    if (chunks == null) {
      chunks = new ArrayList<>();
    }
    while (n > 0) {
      int used = filled % CHUNK_BYTES;
      if (used == 0) {
        chunks.add(new byte[CHUNK_BYTES]);
      }
      byte[] last = chunks.get(chunks.size() - 1);
      int copied = Math.min(n, CHUNK_BYTES - used);
      in.readBytes(last, used, copied);
      filled += copied;
      n -= copied;
    }
  }
}
