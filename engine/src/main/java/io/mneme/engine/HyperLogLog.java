package io.mneme.engine;

import java.util.Arrays;

/**
 * HyperLogLog in Redis's exact representation (hyperloglog.c), so that a value moves between
 * Redis and Mneme with GET and SET and counts the same. The value is a string: a 16-byte header
 * ("HYLL", encoding, 3 unused bytes, the cached cardinality in 8 little-endian bytes whose top
 * bit set means stale), then 16384 registers of 6 bits, either dense (12288 bytes) or sparse
 * (run-length opcodes: ZERO 00xxxxxx, XZERO 01xxxxxx yyyyyyyy, VAL 1vvvvvxx).
 *
 * <p>Strings are immutable once stored, so every change works on a copy ({@link Work}) that the
 * command stores at the end. PFCOUNT is a read here, so unlike Redis it never writes the cached
 * cardinality back; it computes the count when the cache is stale.
 */
final class HyperLogLog {
  static final int P = 14;
  static final int Q = 64 - P;
  static final int REGISTERS = 1 << P;
  private static final int REGISTER_BITS = 6;
  private static final int REGISTER_MAX = (1 << REGISTER_BITS) - 1;
  static final int HEADER_BYTES = 16;
  static final int DENSE_BYTES = HEADER_BYTES + (REGISTERS * REGISTER_BITS + 7) / 8;
  static final byte DENSE = 0;
  static final byte SPARSE = 1;
  /** Redis's hll-sparse-max-bytes default: a bigger sparse value turns dense. */
  static final int SPARSE_BYTES_MAX = 3000;
  private static final int ENCODING_AT = 4;
  private static final int CARD_AT = 8;
  private static final int CARD_STALE_BIT = 0x80;
  private static final int SPARSE_VAL_VALUE_MAX = 32;
  private static final int SPARSE_VAL_LEN_MAX = 4;
  private static final int SPARSE_ZERO_LEN_MAX = 64;
  private static final int SPARSE_XZERO_LEN_MAX = 16384;
  /** Room a sparse update may need: an XZERO split into XZERO VAL XZERO grows 3 bytes. */
  private static final int SPARSE_SPLIT_BYTES_MAX = 3;
  private static final long SEED = 0xadc83b19L;
  /** 0.5 / ln(2), the estimator's constant for an infinite number of registers. */
  private static final double ALPHA_INF = 0.721347520444481703680;

  private HyperLogLog() {}

  /** A value being changed: bytes in use and some spare room after them. */
  static final class Work {
    byte[] b;
    int len;

    Work(byte[] value) {
      this.b = value.clone();
      this.len = value.length;
    }

    byte[] value() {
      return b.length == len ? b : Arrays.copyOf(b, len);
    }

    private void room(int extra) {
      if (b.length < len + extra) {
        b = Arrays.copyOf(b, len + extra);
      }
    }

    boolean dense() {
      return b[ENCODING_AT] == DENSE;
    }

    void invalidateCache() {
      b[CARD_AT + 7] |= (byte) CARD_STALE_BIT;
    }
  }

  // ---- hashing ----

  /** MurmurHash2, 64-bit version (MurmurHash64A), reading 8-byte blocks little-endian. */
  static long murmurHash64A(byte[] key, long seed) {
    final long m = 0xc6a4a7935bd1e995L;
    final int r = 47;
    int len = key.length;
    long h = seed ^ (len * m);
    int blocks = len - (len & 7);
    for (int i = 0; i < blocks; i += 8) {
      long k = 0;
      for (int j = 7; j >= 0; j--) {
        k = k << 8 | (key[i + j] & 0xffL);
      }
      k *= m;
      k ^= k >>> r;
      k *= m;
      h ^= k;
      h *= m;
    }
    int rest = len & 7;
    if (rest > 0) {
      for (int j = rest - 1; j >= 0; j--) {
        h ^= (key[blocks + j] & 0xffL) << (8 * j);
      }
      h *= m;
    }
    h ^= h >>> r;
    h *= m;
    h ^= h >>> r;
    return h;
  }

  /** Register index (low bits) and run length "000..1" of the hash (high byte): index << 8 | n. */
  static int patLen(byte[] element) {
    long hash = murmurHash64A(element, SEED);
    int index = (int) (hash & (REGISTERS - 1));
    hash >>>= P;
    hash |= 1L << Q;
    return index << 8 | (Long.numberOfTrailingZeros(hash) + 1);
  }

  // ---- values ----

  /** A new, empty HLL: sparse, every register in XZERO opcodes. */
  static byte[] create() {
    int opcodes = (REGISTERS + SPARSE_XZERO_LEN_MAX - 1) / SPARSE_XZERO_LEN_MAX;
    byte[] v = new byte[HEADER_BYTES + 2 * opcodes];
    v[0] = 'H';
    v[1] = 'Y';
    v[2] = 'L';
    v[3] = 'L';
    v[ENCODING_AT] = SPARSE;
    int p = HEADER_BYTES;
    for (int left = REGISTERS; left > 0; p += 2) {
      int run = Math.min(left, SPARSE_XZERO_LEN_MAX);
      setXzero(v, p, run);
      left -= run;
    }
    return v;
  }

  /** Redis's isHLLObjectOrReply test, after the type check. */
  static boolean isHll(byte[] v) {
    return v.length >= HEADER_BYTES && v[0] == 'H' && v[1] == 'Y' && v[2] == 'L' && v[3] == 'L'
        && (v[ENCODING_AT] == DENSE || v[ENCODING_AT] == SPARSE)
        && (v[ENCODING_AT] != DENSE || v.length == DENSE_BYTES);
  }

  /** The HLL at e, or WRONGTYPE (another type) or the HLL WRONGTYPE (another string). */
  static byte[] hll(Keyspace.Entry e) {
    byte[] v = Ctx.string(e);
    if (!isHll(v)) {
      throw new CommandError(Errors.NOT_HLL);
    }
    return v;
  }

  // ---- dense registers: 6 bits each, from the least significant bit of each byte up ----

  static int denseGet(byte[] b, int index) {
    int bit = index * REGISTER_BITS;
    int at = HEADER_BYTES + (bit >> 3);
    int shift = bit & 7;
    int b0 = b[at] & 0xff;
    int b1 = at + 1 < b.length ? b[at + 1] & 0xff : 0;
    return ((b0 >> shift) | (b1 << (8 - shift))) & REGISTER_MAX;
  }

  private static void denseSetRaw(byte[] b, int index, int value) {
    int bit = index * REGISTER_BITS;
    int at = HEADER_BYTES + (bit >> 3);
    int shift = bit & 7;
    b[at] = (byte) ((b[at] & ~(REGISTER_MAX << shift)) | (value << shift));
    if (shift > 8 - REGISTER_BITS) {
      int high = 8 - shift;
      b[at + 1] = (byte) ((b[at + 1] & ~(REGISTER_MAX >> high)) | (value >> high));
    }
  }

  /** Raises register index to count if it is lower; returns 1 when it changed, else 0. */
  private static int denseSet(byte[] b, int index, int count) {
    if (count > denseGet(b, index)) {
      denseSetRaw(b, index, count);
      return 1;
    }
    return 0;
  }

  // ---- sparse opcodes ----

  private static boolean isZero(int op) {
    return (op & 0xc0) == 0;
  }

  private static boolean isXzero(int op) {
    return (op & 0xc0) == 0x40;
  }

  private static boolean isVal(int op) {
    return (op & 0x80) != 0;
  }

  private static int zeroLen(int op) {
    return (op & 0x3f) + 1;
  }

  /** An XZERO cut short by the end of the value reads a 0 second byte (Redis's sds NUL). */
  private static int xzeroLen(byte[] b, int p, int end) {
    return ((b[p] & 0x3f) << 8 | (p + 1 < end ? b[p + 1] & 0xff : 0)) + 1;
  }

  private static int valValue(int op) {
    return ((op >> 2) & 0x1f) + 1;
  }

  private static int valLen(int op) {
    return (op & 0x3) + 1;
  }

  private static byte valOp(int value, int len) {
    return (byte) (0x80 | (value - 1) << 2 | (len - 1));
  }

  private static void setXzero(byte[] b, int p, int len) {
    b[p] = (byte) (0x40 | (len - 1) >> 8);
    b[p + 1] = (byte) (len - 1);
  }

  /** Writes a ZERO or XZERO run at p; returns the bytes written. */
  private static int putZeros(byte[] b, int p, int len) {
    if (len > SPARSE_ZERO_LEN_MAX) {
      setXzero(b, p, len);
      return 2;
    }
    b[p] = (byte) (len - 1);
    return 1;
  }

  /** Redis's hllSparseToDense; false when the sparse form is corrupt. Keeps the header. */
  static boolean sparseToDense(Work w) {
    if (w.dense()) {
      return true;
    }
    byte[] d = new byte[DENSE_BYTES];
    System.arraycopy(w.b, 0, d, 0, HEADER_BYTES);
    d[ENCODING_AT] = DENSE;
    int idx = 0;
    for (int p = HEADER_BYTES; p < w.len;) {
      int op = w.b[p] & 0xff;
      if (isZero(op)) {
        idx += zeroLen(op);
        p++;
      } else if (isXzero(op)) {
        idx += xzeroLen(w.b, p, w.len);
        p += 2;
      } else {
        int run = valLen(op);
        if (idx + run > REGISTERS) {
          break;
        }
        for (int k = 0; k < run; k++) {
          denseSetRaw(d, idx++, valValue(op));
        }
        p++;
      }
    }
    if (idx != REGISTERS) {
      return false;
    }
    w.b = d;
    w.len = DENSE_BYTES;
    return true;
  }

  /**
   * Redis's hllSparseSet: raises register index to count in place, splitting the opcode that
   * covers it; turns dense when count needs more than a VAL opcode or the value would pass
   * {@link #SPARSE_BYTES_MAX}. Returns 1 when changed, 0 when not, -1 when corrupt.
   */
  static int sparseSet(Work w, int index, int count) {
    if (count > SPARSE_VAL_VALUE_MAX) {
      return promote(w, index, count);
    }
    w.room(SPARSE_SPLIT_BYTES_MAX);
    byte[] b = w.b;
    int end = w.len;
    int p = HEADER_BYTES;
    int first = 0;
    int prev = -1;
    int span = 0;
    while (p < end) {
      int op = b[p] & 0xff;
      int opBytes = isXzero(op) ? 2 : 1;
      span = isZero(op) ? zeroLen(op) : isVal(op) ? valLen(op) : xzeroLen(b, p, end);
      if (index <= first + span - 1) {
        break;
      }
      prev = p;
      p += opBytes;
      first += span;
    }
    if (span == 0 || p >= end) {
      return -1;
    }
    int op = b[p] & 0xff;
    if (isVal(op) && valValue(op) >= count) {
      return 0;
    }
    if ((isVal(op) && valLen(op) == 1) || (isZero(op) && zeroLen(op) == 1)) {
      b[p] = valOp(count, 1);
    } else if (!split(w, p, first, span, index, count)) {
      return promote(w, index, count);
    }
    mergeValues(w, prev == -1 ? HEADER_BYTES : prev);
    w.invalidateCache();
    return 1;
  }

  /**
   * Replaces the opcode at p (covering [first, first + span)) by the run before index, a VAL of
   * count for index, and the run after it. False when the value would grow past the limit.
   */
  private static boolean split(Work w, int p, int first, int span, int index, int count) {
    byte[] b = w.b;
    int op = b[p] & 0xff;
    byte[] seq = new byte[5];
    int n = 0;
    int last = first + span - 1;
    if (!isVal(op)) {
      if (index != first) {
        n += putZeros(seq, n, index - first);
      }
      seq[n++] = valOp(count, 1);
      if (index != last) {
        n += putZeros(seq, n, last - index);
      }
    } else {
      int current = valValue(op);
      if (index != first) {
        seq[n++] = valOp(current, index - first);
      }
      seq[n++] = valOp(count, 1);
      if (index != last) {
        seq[n++] = valOp(current, last - index);
      }
    }
    int oldBytes = isXzero(op) ? 2 : 1;
    int delta = n - oldBytes;
    if (delta > 0 && w.len + delta > SPARSE_BYTES_MAX) {
      return false;
    }
    int next = p + oldBytes;
    if (delta != 0 && next < w.len) {
      System.arraycopy(b, next, b, next + delta, w.len - next);
    }
    // An XZERO cut short at the end is one byte, not two: the sequence may then reach one byte
    // past the new length, as in Redis, where that byte falls off.
    w.room(p + n - w.len);
    w.len += delta;
    System.arraycopy(seq, 0, w.b, p, n);
    return true;
  }

  /** Merges adjacent VAL opcodes of one value, looking at five opcodes from p (as Redis). */
  private static void mergeValues(Work w, int p) {
    byte[] b = w.b;
    for (int scan = 5; p < w.len && scan-- > 0;) {
      int op = b[p] & 0xff;
      if (isXzero(op)) {
        p += 2;
        continue;
      }
      if (isZero(op)) {
        p++;
        continue;
      }
      if (p + 1 < w.len && isVal(b[p + 1]) && valValue(op) == valValue(b[p + 1] & 0xff)) {
        int len = valLen(op) + valLen(b[p + 1]);
        if (len <= SPARSE_VAL_LEN_MAX) {
          b[p + 1] = valOp(valValue(op), len);
          System.arraycopy(b, p + 1, b, p, w.len - p - 1);
          w.len--;
          continue;
        }
      }
      p++;
    }
  }

  private static int promote(Work w, int index, int count) {
    if (!sparseToDense(w)) {
      return -1;
    }
    int changed = denseSet(w.b, index, count);
    assert changed == 1 : "a promotion must raise the register";
    return changed;
  }

  /** Raises register index to count in either encoding: 1 changed, 0 not, -1 corrupt. */
  static int set(Work w, int index, int count) {
    return w.dense() ? denseSet(w.b, index, count) : sparseSet(w, index, count);
  }

  /** Redis's hllAdd. */
  static int add(Work w, byte[] element) {
    int pat = patLen(element);
    return set(w, pat >>> 8, pat & 0xff);
  }

  // ---- counting ----

  /** Adds the registers of v into histo; false when a sparse value is corrupt. */
  private static boolean histogram(byte[] v, int[] histo) {
    if (v[ENCODING_AT] == DENSE) {
      for (int i = 0; i < REGISTERS; i++) {
        histo[denseGet(v, i)]++;
      }
      return true;
    }
    int idx = 0;
    for (int p = HEADER_BYTES; p < v.length;) {
      int op = v[p] & 0xff;
      int run;
      if (isZero(op)) {
        run = zeroLen(op);
        histo[0] += run;
        p++;
      } else if (isXzero(op)) {
        run = xzeroLen(v, p, v.length);
        histo[0] += run;
        p += 2;
      } else {
        run = valLen(op);
        histo[valValue(op)] += run;
        p++;
      }
      idx += run;
    }
    return idx == REGISTERS;
  }

  /** Redis's hllCount estimator (Otmar Ertl's improved raw estimator) from a histogram. */
  static long estimate(int[] histo) {
    double m = REGISTERS;
    double z = m * tau((m - histo[Q + 1]) / m);
    for (int j = Q; j >= 1; --j) {
      z += histo[j];
      z *= 0.5;
    }
    z += m * sigma(histo[0] / m);
    return Math.round(ALPHA_INF * m * m / z);
  }

  private static double sigma(double x) {
    if (x == 1.) {
      return Double.POSITIVE_INFINITY;
    }
    double zPrime;
    double y = 1;
    double z = x;
    do {
      x *= x;
      zPrime = z;
      z += x * y;
      y += y;
    } while (zPrime != z);
    return z;
  }

  private static double tau(double x) {
    if (x == 0. || x == 1.) {
      return 0.;
    }
    double zPrime;
    double y = 1.0;
    double z = 1 - x;
    do {
      x = Math.sqrt(x);
      zPrime = z;
      y *= 0.5;
      // C's pow(1 - x, 2), which compilers turn into this exact product.
      z -= (1 - x) * (1 - x) * y;
    } while (zPrime != z);
    return z / 3;
  }

  /** The cardinality of one HLL: the cached one when fresh; -1 when corrupt. */
  static long count(byte[] v) {
    if ((v[CARD_AT + 7] & CARD_STALE_BIT) == 0) {
      long card = 0;
      for (int i = 7; i >= 0; i--) {
        card = card << 8 | (v[CARD_AT + i] & 0xffL);
      }
      return card;
    }
    int[] histo = new int[64];
    return histogram(v, histo) ? estimate(histo) : -1;
  }

  /** Raises max[i] to each register of v; false when a sparse value is corrupt (hllMerge). */
  static boolean merge(byte[] max, byte[] v) {
    if (v[ENCODING_AT] == DENSE) {
      for (int i = 0; i < REGISTERS; i++) {
        max[i] = (byte) Math.max(max[i], denseGet(v, i));
      }
      return true;
    }
    int idx = 0;
    for (int p = HEADER_BYTES; p < v.length;) {
      int op = v[p] & 0xff;
      if (isZero(op)) {
        idx += zeroLen(op);
        p++;
      } else if (isXzero(op)) {
        idx += xzeroLen(v, p, v.length);
        p += 2;
      } else {
        int run = valLen(op);
        if (idx + run > REGISTERS) {
          break;
        }
        for (int k = 0; k < run; k++, idx++) {
          max[idx] = (byte) Math.max(max[idx], valValue(op));
        }
        p++;
      }
    }
    return idx == REGISTERS;
  }

  // ---- commands ----

  /**
   * PFADD key [element ...]: 1 when a register changed or the key was created. A corrupt value
   * answers INVALIDOBJ and keeps what was changed before (Redis changes it in place).
   */
  static Reply pfadd(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    byte[] old = e == null ? null : hll(e);
    if (old != null && old[ENCODING_AT] == DENSE && !raisesAny(old, argv)) {
      return Reply.ZERO; // spare the 12 KB copy when nothing changes, as is common
    }
    Work w = new Work(old == null ? create() : old);
    int updated = e == null ? 1 : 0;
    Reply reply = null;
    for (int j = 2; j < argv.length && reply == null; j++) {
      int r = add(w, argv[j]);
      if (r == -1) {
        reply = Reply.error(Errors.HLL_CORRUPT);
      }
      updated += Math.max(r, 0);
    }
    if (reply == null && updated > 0) {
      w.invalidateCache();
    }
    if (e == null) {
      ctx.insert(argv[1], w.value(), -1);
    } else if (updated > 0) {
      ctx.ks.setValue(e, w.value());
    }
    ctx.rawString(argv[1]); // Redis's HLL objects are raw strings
    if (updated > 0) {
      ctx.notify(NotifyFlags.STRING, "pfadd", argv[1]);
    }
    return reply != null ? reply : Reply.integer(updated > 0 ? 1 : 0);
  }

  /** Whether adding argv[2..] to the dense HLL v would raise any register. */
  private static boolean raisesAny(byte[] v, byte[][] argv) {
    for (int j = 2; j < argv.length; j++) {
      int pat = patLen(argv[j]);
      if ((pat & 0xff) > denseGet(v, pat >>> 8)) {
        return true;
      }
    }
    return false;
  }

  /** PFCOUNT key [key ...]: one key uses its cache when fresh; several count their union. */
  static Reply pfcount(Ctx ctx, byte[][] argv) {
    if (argv.length > 2) {
      byte[] max = new byte[REGISTERS];
      for (int j = 1; j < argv.length; j++) {
        Keyspace.Entry e = ctx.lookup(argv[j]);
        if (e != null && !merge(max, hll(e))) {
          throw new CommandError(Errors.HLL_CORRUPT);
        }
      }
      int[] histo = new int[64];
      for (byte r : max) {
        histo[r]++;
      }
      return Reply.integer(estimate(histo));
    }
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    long card = count(hll(e));
    if (card == -1) {
      throw new CommandError(Errors.HLL_CORRUPT);
    }
    return Reply.integer(card);
  }

  /**
   * PFMERGE destkey [sourcekey ...]: the destination is a source too. It turns dense when any
   * input is dense; otherwise its sparse form takes the registers one by one (as Redis).
   */
  static Reply pfmerge(Ctx ctx, byte[][] argv) {
    byte[] max = new byte[REGISTERS];
    boolean dense = false;
    for (int j = 1; j < argv.length; j++) {
      Keyspace.Entry e = ctx.lookupRead(argv[j]);
      if (e == null) {
        continue;
      }
      byte[] v = hll(e);
      dense |= v[ENCODING_AT] == DENSE;
      if (!merge(max, v)) {
        throw new CommandError(Errors.HLL_CORRUPT);
      }
    }
    Keyspace.Entry e = ctx.lookup(argv[1]);
    Work w = new Work(e == null ? create() : Ctx.string(e));
    if (dense && !sparseToDense(w)) {
      throw new CommandError(Errors.HLL_CORRUPT);
    }
    for (int i = 0; i < REGISTERS; i++) {
      if (max[i] != 0) {
        set(w, i, max[i]);
      }
    }
    w.invalidateCache();
    if (e == null) {
      ctx.insert(argv[1], w.value(), -1);
    } else {
      ctx.ks.setValue(e, w.value());
    }
    ctx.rawString(argv[1]);
    ctx.notify(NotifyFlags.STRING, "pfadd", argv[1]);
    return Reply.OK;
  }
}
