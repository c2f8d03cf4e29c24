package io.mneme.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bitmap commands on strings, after Redis's bitops.c. Bit 0 is the most significant bit of
 * the first byte. Strings stay immutable: a command that changes bits stores a new array (and
 * keeps the key's deadline, as Redis changes the string in place).
 */
final class BitCommands {
  /** Bits in a byte; offsets are in bits, strings in bytes. */
  private static final int BYTE_BITS = 8;
  /** Widest BITFIELD integers: i64, and u63 (u64 would not fit a signed reply). */
  private static final int SIGNED_BITS_MAX = 64;
  private static final int UNSIGNED_BITS_MAX = 63;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private BitCommands() {}

  /**
   * Redis's getBitOffsetFromArgument: a long in [0, 512 MB * 8); with hash, "#n" means n times
   * bits (BITFIELD's type-sized offsets).
   */
  static long bitOffsetArg(byte[] arg, boolean hash, int bits) {
    boolean times = hash && arg.length > 1 && arg[0] == '#';
    Long v = Parse.parseLong(times ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
    if (v == null) {
      throw new CommandError(Errors.BIT_OFFSET);
    }
    long offset = times ? v * bits : v;
    if (offset < 0 || (offset >> 3) >= StringCommands.STRING_BYTES_MAX) {
      throw new CommandError(Errors.BIT_OFFSET);
    }
    return offset;
  }

  /** The string at e with room for bit maxBit: a copy, grown with zero bytes when needed. */
  private static byte[] grownCopy(byte[] old, long maxBit) {
    int bytes = (int) (maxBit >> 3) + 1;
    return old == null ? new byte[bytes] : Arrays.copyOf(old, Math.max(old.length, bytes));
  }

  /** Stores v at key: a new key, or a new value keeping the deadline. */
  private static void store(Ctx ctx, Keyspace.Entry e, byte[] key, byte[] v) {
    if (e == null) {
      ctx.insert(key, v, -1);
    } else {
      ctx.ks.setValue(e, v);
    }
  }

  // ---- SETBIT GETBIT ----

  static void checkSetbit(byte[][] argv) {
    bitOffsetArg(argv[2], false, 0);
    bitValueArg(argv[3]);
  }

  private static int bitValueArg(byte[] arg) {
    Long on = Parse.parseLong(arg);
    if (on == null || (on & ~1L) != 0) {
      throw new CommandError(Errors.BIT_VALUE);
    }
    return on.intValue();
  }

  static Reply setbit(Ctx ctx, byte[][] argv) {
    long offset = bitOffsetArg(argv[2], false, 0);
    int on = bitValueArg(argv[3]);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    byte[] old = e == null ? null : Ctx.string(e);
    int index = (int) (offset >> 3);
    int shift = 7 - (int) (offset & 7);
    int was = old != null && index < old.length ? (old[index] >> shift) & 1 : 0;
    if (old != null && index < old.length && was == on) {
      e.rawString(true); // Redis unshares the string before it looks at the bit
      return Reply.integer(was);
    }
    byte[] v = grownCopy(old, offset);
    v[index] = (byte) (on == 1 ? v[index] | (1 << shift) : v[index] & ~(1 << shift));
    store(ctx, e, argv[1], v);
    ctx.rawString(argv[1]);
    ctx.notify(NotifyFlags.STRING, "setbit", argv[1]);
    return Reply.integer(was);
  }

  static void checkGetbit(byte[][] argv) {
    bitOffsetArg(argv[2], false, 0);
  }

  static Reply getbit(Ctx ctx, byte[][] argv) {
    long offset = bitOffsetArg(argv[2], false, 0);
    byte[] v = ctx.getString(argv[1]);
    long index = offset >> 3;
    if (v == null || index >= v.length) {
      return Reply.ZERO;
    }
    return Reply.integer((v[(int) index] >> (7 - (int) (offset & 7))) & 1);
  }

  // ---- BITCOUNT BITPOS ----

  /** BYTE (false) or BIT (true), else a syntax error. */
  private static boolean unitArg(byte[] arg) {
    if (Parse.is(arg, "bit")) {
      return true;
    }
    if (Parse.is(arg, "byte")) {
      return false;
    }
    throw new CommandError(Errors.SYNTAX);
  }

  /**
   * Normalises a [start, end] range over total units as bitcount and bitpos do: negative
   * indexes count from the end, then both are clamped to the string.
   */
  private static long[] clampRange(long start, long end, long total) {
    start = start < 0 ? total + start : start;
    end = end < 0 ? total + end : end;
    start = Math.max(0, start);
    end = Math.max(0, end);
    end = Math.min(end, total - 1);
    return new long[] {start, end};
  }

  /**
   * BITCOUNT key [start end [BYTE|BIT]]. Redis looks the key up before it parses the range, so a
   * missing key counts 0 whatever follows: nothing to validate.
   */
  static Reply bitcount(Ctx ctx, byte[][] argv) {
    byte[] s = ctx.getString(argv[1]);
    if (s == null) {
      return Reply.ZERO;
    }
    long fromBit;
    long toBit;
    if (argv.length == 4 || argv.length == 5) {
      long start = Parse.longArg(argv[2]);
      long end = Parse.longArg(argv[3]);
      if (start < 0 && end < 0 && start > end) {
        return Reply.ZERO;
      }
      boolean bits = argv.length == 5 && unitArg(argv[4]);
      long[] r = clampRange(start, end, bits ? s.length * 8L : s.length);
      fromBit = bits ? r[0] : r[0] * BYTE_BITS;
      toBit = bits ? r[1] : r[1] * BYTE_BITS + 7;
      if (r[0] > r[1]) {
        return Reply.ZERO;
      }
    } else if (argv.length == 2) {
      fromBit = 0;
      toBit = s.length * 8L - 1;
    } else {
      throw new CommandError(Errors.SYNTAX);
    }
    return Reply.integer(fromBit > toBit ? 0 : popcount(s, fromBit, toBit));
  }

  /** Set bits in [fromBit, toBit] of s. */
  static long popcount(byte[] s, long fromBit, long toBit) {
    int first = (int) (fromBit >> 3);
    int last = (int) (toBit >> 3);
    long n = 0;
    int i = first;
    for (; i + 8 <= last + 1; i += 8) {
      n += Long.bitCount((long) LONGS.get(s, i));
    }
    for (; i <= last; i++) {
      n += Integer.bitCount(s[i] & 0xff);
    }
    // Take away the bits of the edge bytes that lie outside the range.
    int head = s[first] & 0xff & ~(0xff >> (fromBit & 7));
    int tail = s[last] & 0xff & (0xff >> ((toBit & 7) + 1));
    return n - Integer.bitCount(head) - Integer.bitCount(tail);
  }

  /**
   * BITPOS key bit [start [end [BYTE|BIT]]]: the bit is checked first, then the key (a missing
   * key is all zeros), then the range, in Redis's order: start, the unit, end.
   */
  static Reply bitpos(Ctx ctx, byte[][] argv) {
    long bit = Parse.longArg(argv[2]);
    if (bit != 0 && bit != 1) {
      throw new CommandError(Errors.BIT_ARGUMENT);
    }
    byte[] s = ctx.getString(argv[1]);
    if (s == null) {
      return Reply.integer(bit == 1 ? -1 : 0);
    }
    if (argv.length == 3) {
      return Reply.integer(s.length == 0 ? -1 : firstBit(s, (int) bit, 0, s.length * 8L - 1,
          false));
    }
    if (argv.length > 6) {
      throw new CommandError(Errors.SYNTAX);
    }
    long start = Parse.longArg(argv[3]);
    boolean bits = argv.length == 6 && unitArg(argv[5]);
    boolean endGiven = argv.length >= 5;
    long end = endGiven ? Parse.longArg(argv[4]) : s.length - 1L;
    long[] r = clampRange(start, end, bits ? s.length * 8L : s.length);
    if (r[0] > r[1]) {
      return Reply.integer(-1);
    }
    long fromBit = bits ? r[0] : r[0] * BYTE_BITS;
    long toBit = bits ? r[1] : r[1] * BYTE_BITS + 7;
    return Reply.integer(firstBit(s, (int) bit, fromBit, toBit, endGiven));
  }

  /**
   * The first bit equal to bit in [fromBit, toBit]. When none: -1 when looking for 1 or when the
   * caller gave an end; else the bit just after the range (the string reads as zero-padded).
   */
  private static long firstBit(byte[] s, int bit, long fromBit, long toBit, boolean endGiven) {
    int skip = bit == 1 ? 0 : 0xff;
    for (long i = fromBit; i <= toBit;) {
      int index = (int) (i >> 3);
      if ((i & 7) == 0 && i + 7 <= toBit && (s[index] & 0xff) == skip) {
        i += BYTE_BITS;
        continue;
      }
      if (((s[index] >> (7 - (i & 7))) & 1) == bit) {
        return i;
      }
      i++;
    }
    return bit == 1 || endGiven ? -1 : toBit + 1;
  }

  // ---- BITOP ----

  /** AND, OR, XOR or NOT as an index into OPS; NOT takes exactly one source key. */
  private static final String[] OPS = {"and", "or", "xor", "not"};
  private static final int AND = 0;
  private static final int OR = 1;
  private static final int XOR = 2;
  private static final int NOT = 3;

  static int checkBitop(byte[][] argv) {
    for (int op = 0; op < OPS.length; op++) {
      if (Parse.is(argv[1], OPS[op])) {
        if (op == NOT && argv.length != 4) {
          throw new CommandError(Errors.BITOP_NOT_ONE_KEY);
        }
        return op;
      }
    }
    throw new CommandError(Errors.SYNTAX);
  }

  /** BITOP op destkey key [key ...]: missing keys read as empty; an empty result deletes. */
  static Reply bitop(Ctx ctx, byte[][] argv) {
    int op = checkBitop(argv);
    int n = argv.length - 3;
    byte[][] src = new byte[n][];
    int maxLen = 0;
    for (int j = 0; j < n; j++) {
      byte[] s = ctx.getString(argv[j + 3]);
      src[j] = s == null ? new byte[0] : s;
      maxLen = Math.max(maxLen, src[j].length);
    }
    if (maxLen == 0) {
      if (ctx.ks.delete(argv[2])) {
        ctx.notify(NotifyFlags.GENERIC, "del", argv[2]);
      }
      return Reply.ZERO;
    }
    byte[] out = new byte[maxLen];
    for (int i = 0; i < maxLen; i++) {
      int v = i < src[0].length ? src[0][i] : 0;
      if (op == NOT) {
        v = ~v;
      }
      for (int j = 1; j < n; j++) {
        int b = i < src[j].length ? src[j][i] : 0;
        v = op == AND ? v & b : op == OR ? v | b : v ^ b;
      }
      out[i] = (byte) v;
    }
    ctx.setKey(argv[2], out, false);
    ctx.rawString(argv[2]);
    ctx.notify(NotifyFlags.STRING, "set", argv[2]);
    return Reply.integer(maxLen);
  }

  // ---- BITFIELD BITFIELD_RO ----

  /** Overflow behaviours of SET and INCRBY. */
  private static final int WRAP = 0;
  private static final int SAT = 1;
  private static final int FAIL = 2;

  /** One GET (value unused), SET or INCRBY, with the overflow mode in force when parsed. */
  record FieldOp(int kind, boolean signed, int bits, long offset, long value, int overflow) {}

  private static final int GET = 0;
  private static final int SET = 1;
  private static final int INCRBY = 2;

  /** Redis's getBitfieldTypeFromArgument: i1..i64 or u1..u63, lowercase prefix only. */
  private static int fieldBits(byte[] arg, boolean[] signed) {
    if (arg.length > 0 && (arg[0] == 'i' || arg[0] == 'u')) {
      signed[0] = arg[0] == 'i';
      Long bits = Parse.parseLong(Arrays.copyOfRange(arg, 1, arg.length));
      if (bits != null && bits >= 1
          && bits <= (signed[0] ? SIGNED_BITS_MAX : UNSIGNED_BITS_MAX)) {
        return bits.intValue();
      }
    }
    throw new CommandError(Errors.BITFIELD_TYPE);
  }

  /** Parses every subcommand, as Redis does before it touches the key. */
  static FieldOp[] parseBitfield(byte[][] argv, boolean readOnly) {
    FieldOp[] ops = new FieldOp[argv.length];
    int n = 0;
    int overflow = WRAP;
    boolean writes = false;
    for (int j = 2; j < argv.length; j++) {
      int rest = argv.length - j - 1;
      byte[] sub = argv[j];
      int kind;
      if (Parse.is(sub, "get") && rest >= 2) {
        kind = GET;
      } else if (Parse.is(sub, "set") && rest >= 3) {
        kind = SET;
      } else if (Parse.is(sub, "incrby") && rest >= 3) {
        kind = INCRBY;
      } else if (Parse.is(sub, "overflow") && rest >= 1) {
        overflow = overflowArg(argv[++j]);
        continue;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
      boolean[] signed = new boolean[1];
      int bits = fieldBits(argv[j + 1], signed);
      long offset = bitOffsetArg(argv[j + 2], true, bits);
      long value = 0;
      if (kind != GET) {
        writes = true;
        value = Parse.longArg(argv[j + 3]);
      }
      ops[n++] = new FieldOp(kind, signed[0], bits, offset, value, overflow);
      j += kind == GET ? 2 : 3;
    }
    if (readOnly && writes) {
      throw new CommandError(Errors.BITFIELD_RO_GET_ONLY);
    }
    return Arrays.copyOf(ops, n);
  }

  private static int overflowArg(byte[] arg) {
    if (Parse.is(arg, "wrap")) {
      return WRAP;
    }
    if (Parse.is(arg, "sat")) {
      return SAT;
    }
    if (Parse.is(arg, "fail")) {
      return FAIL;
    }
    throw new CommandError(Errors.BITFIELD_OVERFLOW);
  }

  static void checkBitfield(byte[][] argv) {
    parseBitfield(argv, false);
  }

  static void checkBitfieldRo(byte[][] argv) {
    parseBitfield(argv, true);
  }

  static Reply bitfield(Ctx ctx, byte[][] argv) {
    return bitfield(ctx, argv, parseBitfield(argv, false));
  }

  static Reply bitfieldRo(Ctx ctx, byte[][] argv) {
    return bitfield(ctx, argv, parseBitfield(argv, true));
  }

  /**
   * Only GETs: a read (a missing key reads as zeros). Any SET or INCRBY: the key is created or
   * grown up to the farthest bit written, even when every write then fails on overflow.
   */
  private static Reply bitfield(Ctx ctx, byte[][] argv, FieldOp[] ops) {
    long maxBit = -1;
    for (FieldOp op : ops) {
      if (op.kind != GET) {
        maxBit = Math.max(maxBit, op.offset + op.bits - 1);
      }
    }
    Keyspace.Entry e = ctx.lookup(argv[1]);
    byte[] old = e == null ? null : Ctx.string(e);
    byte[] s = maxBit < 0 ? old : grownCopy(old, maxBit);
    Reply[] out = new Reply[ops.length];
    boolean changed = s != old && (old == null || s.length != old.length);
    boolean wrote = false;
    for (int i = 0; i < ops.length; i++) {
      FieldOp op = ops[i];
      if (op.kind == GET) {
        long v = getField(s, op.offset, op.bits);
        out[i] = Reply.integer(op.signed ? signExtend(v, op.bits) : v);
        continue;
      }
      long oldValue = getField(s, op.offset, op.bits);
      long[] r = op.signed ? setSigned(op, signExtend(oldValue, op.bits))
          : setUnsigned(op, oldValue);
      if (r == null) {
        out[i] = Reply.NULL;
        continue;
      }
      out[i] = Reply.integer(r[1]);
      wrote = true;
      putField(s, op.offset, op.bits, r[0]);
      changed |= getField(old, op.offset, op.bits) != getField(s, op.offset, op.bits);
    }
    if (maxBit >= 0 && (e == null || changed)) {
      store(ctx, e, argv[1], s);
    }
    if (maxBit >= 0) {
      ctx.rawString(argv[1]);
    }
    if (wrote) {
      ctx.notify(NotifyFlags.STRING, "setbit", argv[1]);
    }
    return new Reply.Arr(out);
  }

  /** {new value, reply} of a signed SET or INCRBY, or null when it fails on overflow. */
  private static long[] setSigned(FieldOp op, long oldValue) {
    long[] limit = new long[1];
    long newValue;
    long reply;
    int over;
    if (op.kind == INCRBY) {
      over = signedOverflow(oldValue, op.value, op.bits, op.overflow, limit);
      newValue = over != 0 ? limit[0] : oldValue + op.value;
      reply = newValue;
    } else {
      over = signedOverflow(op.value, 0, op.bits, op.overflow, limit);
      newValue = over != 0 ? limit[0] : op.value;
      reply = oldValue;
    }
    return over != 0 && op.overflow == FAIL ? null : new long[] {newValue, reply};
  }

  /** {new value, reply} of an unsigned SET or INCRBY, or null when it fails on overflow. */
  private static long[] setUnsigned(FieldOp op, long oldValue) {
    long[] limit = new long[1];
    long newValue;
    long reply;
    int over;
    if (op.kind == INCRBY) {
      over = unsignedOverflow(oldValue, op.value, op.bits, op.overflow, limit);
      newValue = over != 0 ? limit[0] : oldValue + op.value;
      reply = newValue;
    } else {
      over = unsignedOverflow(op.value, 0, op.bits, op.overflow, limit);
      newValue = over != 0 ? limit[0] : op.value;
      reply = oldValue;
    }
    return over != 0 && op.overflow == FAIL ? null : new long[] {newValue, reply};
  }

  /**
   * Redis's checkUnsignedBitfieldOverflow for value + incr in bits (at most 63) bits: 1 past the
   * top, -1 below zero, 0 when it fits; limit gets the wrapped or saturated value.
   */
  static int unsignedOverflow(long value, long incr, int bits, int mode, long[] limit) {
    long max = (1L << bits) - 1;
    long maxIncr = max - value;
    long minIncr = -value;
    int over;
    if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
      over = 1;
      limit[0] = max;
    } else if (incr < 0 && incr < minIncr) {
      over = -1;
      limit[0] = 0;
    } else {
      return 0;
    }
    if (mode == WRAP) {
      limit[0] = (value + incr) & max;
    }
    return over;
  }

  /** Redis's checkSignedBitfieldOverflow, with its 64-bit special cases. */
  static int signedOverflow(long value, long incr, int bits, int mode, long[] limit) {
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    long min = -max - 1;
    long maxIncr = max - value;
    long minIncr = min - value;
    int over;
    if (value > max || (bits != 64 && incr > maxIncr)
        || (value >= 0 && incr > 0 && incr > maxIncr)) {
      over = 1;
      limit[0] = max;
    } else if (value < min || (bits != 64 && incr < minIncr)
        || (value < 0 && incr < 0 && incr < minIncr)) {
      over = -1;
      limit[0] = min;
    } else {
      return 0;
    }
    if (mode == WRAP) {
      long c = value + incr;
      if (bits < 64) {
        long mask = -1L << bits;
        c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
      }
      limit[0] = c;
    }
    return over;
  }

  /** The bits-wide field at offset as an unsigned value; bytes past the string read as 0. */
  static long getField(byte[] s, long offset, int bits) {
    long v = 0;
    for (int j = 0; j < bits; j++, offset++) {
      long index = offset >> 3;
      int b = s != null && index < s.length ? s[(int) index] : 0;
      v = (v << 1) | ((b >> (7 - (offset & 7))) & 1);
    }
    return v;
  }

  private static long signExtend(long v, int bits) {
    return bits < 64 && (v & (1L << (bits - 1))) != 0 ? v | (-1L << bits) : v;
  }

  /** Writes the low bits of v at offset, most significant first; s has room for them. */
  private static void putField(byte[] s, long offset, int bits, long v) {
    for (int j = bits - 1; j >= 0; j--, offset++) {
      int index = (int) (offset >> 3);
      int mask = 1 << (7 - (offset & 7));
      s[index] = (byte) (((v >>> j) & 1) != 0 ? s[index] | mask : s[index] & ~mask);
    }
  }
}
