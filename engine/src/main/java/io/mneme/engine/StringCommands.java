package io.mneme.engine;

import java.math.BigDecimal;
import java.util.Arrays;

/** The string commands, after Redis's t_string.c. */
final class StringCommands {
  /** Redis's default proto-max-bulk-len: no string may grow past it. */
  static final long STRING_BYTES_MAX = 512L * 1024 * 1024;

  // Flags of parseExtendedStringArguments, as in Redis.
  static final int NX = 1;
  static final int XX = 1 << 1;
  static final int GET = 1 << 2;
  static final int KEEPTTL = 1 << 3;
  static final int PERSIST = 1 << 4;
  static final int EX = 1 << 5;
  static final int PX = 1 << 6;
  static final int EXAT = 1 << 7;
  static final int PXAT = 1 << 8;
  private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

  private static final Reply EMPTY_BULK = new Reply.Bulk(new byte[0]);

  private StringCommands() {}

  /** Options of SET (from argv[3]) or GETEX (from argv[2]); expire is the time argument. */
  record Ext(int flags, byte[] expire) {}

  /** Redis's parseExtendedStringArgumentsOrReply, with the same acceptance rules. */
  static Ext parseExtended(byte[][] argv, boolean set) {
    int flags = 0;
    byte[] expire = null;
    for (int j = set ? 3 : 2; j < argv.length; j++) {
      byte[] o = argv[j];
      boolean hasNext = j < argv.length - 1;
      int f;
      if (set && Parse.is(o, "nx") && (flags & XX) == 0) {
        f = NX;
      } else if (set && Parse.is(o, "xx") && (flags & NX) == 0) {
        f = XX;
      } else if (set && Parse.is(o, "get")) {
        f = GET;
      } else if (set && Parse.is(o, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
        f = KEEPTTL;
      } else if (!set && Parse.is(o, "persist") && (flags & (KEEPTTL | ANY_EXPIRE)) == 0) {
        f = PERSIST;
      } else {
        f = expireOption(o, flags, hasNext);
        if (f == 0) {
          throw new CommandError(Errors.SYNTAX);
        }
        expire = argv[++j];
      }
      flags |= f;
    }
    return new Ext(flags, expire);
  }

  /** EX/PX/EXAT/PXAT when allowed with the flags so far (the same one may repeat), else 0. */
  private static int expireOption(byte[] o, int flags, boolean hasNext) {
    int f = Parse.is(o, "ex") ? EX : Parse.is(o, "px") ? PX
        : Parse.is(o, "exat") ? EXAT : Parse.is(o, "pxat") ? PXAT : 0;
    if (f == 0 || !hasNext || (flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~f))) != 0) {
      return 0;
    }
    return f;
  }

  /**
   * First half of Redis's getExpireMillisecondsOrReply: the parts that need no clock. Returns
   * the value in ms (relative for EX/PX, absolute for EXAT/PXAT).
   */
  static long expireMillis(byte[] arg, int flags, String cmd) {
    long ms = Parse.longArg(arg);
    boolean seconds = (flags & (EX | EXAT)) != 0;
    if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
      throw new CommandError(Errors.invalidExpire(cmd));
    }
    return seconds ? ms * 1000 : ms;
  }

  /** Second half: the absolute deadline at time now. */
  static long deadline(long ms, int flags, long now, String cmd) {
    if ((flags & (EX | PX)) != 0) {
      if (ms > Long.MAX_VALUE - now) {
        throw new CommandError(Errors.invalidExpire(cmd));
      }
      ms += now;
    }
    if (ms <= 0) {
      throw new CommandError(Errors.invalidExpire(cmd));
    }
    return ms;
  }

  static void checkSet(byte[][] argv) {
    Ext a = parseExtended(argv, true);
    if (a.expire != null) {
      expireMillis(a.expire, a.flags, "set");
    }
  }

  static Reply set(Ctx ctx, byte[][] argv) {
    Ext a = parseExtended(argv, true);
    long at = -1;
    if (a.expire != null) {
      at = deadline(expireMillis(a.expire, a.flags, ctx.name), a.flags, ctx.now, ctx.name);
    }
    return setGeneric(ctx, a.flags, argv[1], argv[2], at, Reply.OK, Reply.NULL);
  }

  /** Redis's setGenericCommand; at is the absolute deadline or -1. */
  private static Reply setGeneric(Ctx ctx, int flags, byte[] key, byte[] val, long at,
      Reply ok, Reply abort) {
    Reply old = null;
    if ((flags & GET) != 0) {
      old = Reply.bulk(ctx.getString(key));
    }
    boolean found = ctx.lookup(key) != null;
    if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
      return old != null ? old : abort;
    }
    Keyspace.Entry e = ctx.setKey(key, val, (flags & KEEPTTL) != 0);
    ctx.notify(NotifyFlags.STRING, "set", key);
    if (at != -1) {
      ctx.ks.setExpire(e, at);
      ctx.notify(NotifyFlags.GENERIC, "expire", key);
      ctx.expireIfNeeded(e);
    }
    return old != null ? old : ok;
  }

  static Reply get(Ctx ctx, byte[][] argv) {
    return Reply.bulk(ctx.getString(argv[1]));
  }

  static Reply setnx(Ctx ctx, byte[][] argv) {
    return setGeneric(ctx, NX, argv[1], argv[2], -1, Reply.ONE, Reply.ZERO);
  }

  static void checkSetex(byte[][] argv) {
    expireMillis(argv[2], EX, "setex");
  }

  static void checkPsetex(byte[][] argv) {
    expireMillis(argv[2], PX, "psetex");
  }

  static Reply setex(Ctx ctx, byte[][] argv) {
    return setWithTtl(ctx, argv, EX);
  }

  static Reply psetex(Ctx ctx, byte[][] argv) {
    return setWithTtl(ctx, argv, PX);
  }

  private static Reply setWithTtl(Ctx ctx, byte[][] argv, int unit) {
    long at = deadline(expireMillis(argv[2], unit, ctx.name), unit, ctx.now, ctx.name);
    return setGeneric(ctx, 0, argv[1], argv[3], at, Reply.OK, Reply.NULL);
  }

  static Reply mget(Ctx ctx, byte[][] argv) {
    Reply[] out = new Reply[argv.length - 1];
    for (int i = 1; i < argv.length; i++) {
      Keyspace.Entry e = ctx.lookup(argv[i]);
      // MGET answers nil for a key of another type instead of failing
      out[i - 1] = e != null && e.value instanceof byte[] s ? new Reply.Bulk(s) : Reply.NULL;
    }
    return new Reply.Arr(out);
  }

  static void checkMset(byte[][] argv) {
    if (argv.length % 2 == 0) {
      throw new CommandError(Errors.wrongArity("mset"));
    }
  }

  static void checkMsetnx(byte[][] argv) {
    if (argv.length % 2 == 0) {
      throw new CommandError(Errors.wrongArity("msetnx"));
    }
  }

  static Reply mset(Ctx ctx, byte[][] argv) {
    checkMset(argv);
    for (int j = 1; j < argv.length; j += 2) {
      ctx.setKey(argv[j], argv[j + 1], false);
      ctx.notify(NotifyFlags.STRING, "set", argv[j]);
    }
    return Reply.OK;
  }

  static Reply msetnx(Ctx ctx, byte[][] argv) {
    checkMsetnx(argv);
    for (int j = 1; j < argv.length; j += 2) {
      if (ctx.lookup(argv[j]) != null) {
        return Reply.ZERO;
      }
    }
    for (int j = 1; j < argv.length; j += 2) {
      ctx.setKey(argv[j], argv[j + 1], false);
      ctx.notify(NotifyFlags.STRING, "set", argv[j]);
    }
    return Reply.ONE;
  }

  static Reply getset(Ctx ctx, byte[][] argv) {
    byte[] old = ctx.getString(argv[1]);
    ctx.setKey(argv[1], argv[2], false);
    ctx.notify(NotifyFlags.STRING, "set", argv[1]);
    return Reply.bulk(old);
  }

  static Reply getdel(Ctx ctx, byte[][] argv) {
    byte[] old = ctx.getString(argv[1]);
    if (old != null) {
      ctx.ks.delete(argv[1]);
      ctx.notify(NotifyFlags.GENERIC, "del", argv[1]);
    }
    return Reply.bulk(old);
  }

  static void checkGetex(byte[][] argv) {
    parseExtended(argv, false);
  }

  /** Redis checks the time only after finding the key, so a bad time on no key is nil. */
  static Reply getex(Ctx ctx, byte[][] argv) {
    Ext a = parseExtended(argv, false);
    Keyspace.Entry e = ctx.lookupRead(argv[1]);
    if (e == null) {
      return Reply.NULL;
    }
    byte[] v = Ctx.string(e);
    if (a.expire != null) {
      long at = deadline(expireMillis(a.expire, a.flags, ctx.name), a.flags, ctx.now, ctx.name);
      if ((a.flags & (EXAT | PXAT)) != 0 && at <= ctx.now) {
        ctx.ks.delete(e);
        ctx.notify(NotifyFlags.GENERIC, "del", argv[1]);
      } else {
        ctx.ks.setExpire(e, at);
        ctx.notify(NotifyFlags.GENERIC, "expire", argv[1]);
      }
    } else if ((a.flags & PERSIST) != 0 && e.expireAt != -1) {
      ctx.ks.setExpire(e, -1);
      ctx.notify(NotifyFlags.GENERIC, "persist", argv[1]);
    }
    return new Reply.Bulk(v);
  }

  static Reply append(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    byte[] add = argv[2];
    if (e == null) {
      ctx.insert(argv[1], add, -1);
      ctx.notify(NotifyFlags.STRING, "append", argv[1]);
      return Reply.integer(add.length);
    }
    byte[] old = Ctx.string(e);
    checkLength(old.length, add.length);
    byte[] v = Arrays.copyOf(old, old.length + add.length);
    System.arraycopy(add, 0, v, old.length, add.length);
    ctx.ks.setValue(e, v);
    e.rawString(true);
    ctx.notify(NotifyFlags.STRING, "append", argv[1]);
    return Reply.integer(v.length);
  }

  /** Redis's checkStringLength. */
  private static void checkLength(long size, long append) {
    if (size > STRING_BYTES_MAX - append) {
      throw new CommandError(Errors.STRING_TOO_LONG);
    }
  }

  static Reply strlen(Ctx ctx, byte[][] argv) {
    byte[] v = ctx.getString(argv[1]);
    return Reply.integer(v == null ? 0 : v.length);
  }

  static void checkGetrange(byte[][] argv) {
    Parse.longArg(argv[2]);
    Parse.longArg(argv[3]);
  }

  static Reply getrange(Ctx ctx, byte[][] argv) {
    long start = Parse.longArg(argv[2]);
    long end = Parse.longArg(argv[3]);
    byte[] v = ctx.getString(argv[1]);
    if (v == null || (start < 0 && end < 0 && start > end)) {
      return EMPTY_BULK;
    }
    long len = v.length;
    start = Math.max(0, start < 0 ? len + start : start);
    end = Math.max(0, end < 0 ? len + end : end);
    end = Math.min(end, len - 1);
    if (start > end || len == 0) {
      return EMPTY_BULK;
    }
    return new Reply.Bulk(Arrays.copyOfRange(v, (int) start, (int) end + 1));
  }

  static long checkSetrange(byte[][] argv) {
    long offset = Parse.longArg(argv[2]);
    if (offset < 0) {
      throw new CommandError(Errors.OFFSET_RANGE);
    }
    return offset;
  }

  static Reply setrange(Ctx ctx, byte[][] argv) {
    long offset = checkSetrange(argv);
    byte[] add = argv[3];
    Keyspace.Entry e = ctx.lookup(argv[1]);
    byte[] old = e == null ? null : Ctx.string(e);
    if (add.length == 0) {
      return Reply.integer(old == null ? 0 : old.length);
    }
    checkLength(offset, add.length);
    int len = (int) Math.max(old == null ? 0 : old.length, offset + add.length);
    byte[] v = old == null ? new byte[len] : Arrays.copyOf(old, len);
    System.arraycopy(add, 0, v, (int) offset, add.length);
    if (e == null) {
      ctx.insert(argv[1], v, -1);
    } else {
      ctx.ks.setValue(e, v);
    }
    ctx.rawString(argv[1]);
    ctx.notify(NotifyFlags.STRING, "setrange", argv[1]);
    return Reply.integer(v.length);
  }

  static Reply incr(Ctx ctx, byte[][] argv) {
    return incrDecr(ctx, argv[1], 1);
  }

  static Reply decr(Ctx ctx, byte[][] argv) {
    return incrDecr(ctx, argv[1], -1);
  }

  static long checkIncrby(byte[][] argv) {
    return Parse.longArg(argv[2]);
  }

  static long checkDecrby(byte[][] argv) {
    long by = Parse.longArg(argv[2]);
    if (by == Long.MIN_VALUE) {
      throw new CommandError(Errors.DECR_OVERFLOW);
    }
    return by;
  }

  static Reply incrby(Ctx ctx, byte[][] argv) {
    return incrDecr(ctx, argv[1], checkIncrby(argv));
  }

  static Reply decrby(Ctx ctx, byte[][] argv) {
    return incrDecr(ctx, argv[1], -checkDecrby(argv));
  }

  /** Redis's incrDecrCommand; the deadline stays as it was. */
  private static Reply incrDecr(Ctx ctx, byte[] key, long incr) {
    Keyspace.Entry e = ctx.lookup(key);
    long old = 0;
    if (e != null) {
      Long v = Parse.tryLong(Ctx.string(e));
      if (v == null) {
        throw new CommandError(Errors.NOT_INTEGER);
      }
      old = v;
    }
    if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old)
        || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
      throw new CommandError(Errors.OVERFLOW);
    }
    long value = old + incr;
    store(ctx, e, key, Parse.bytes(value));
    ctx.notify(NotifyFlags.STRING, "incrby", key);
    return Reply.integer(value);
  }

  /** Replaces the value of e (keeping its deadline) or creates key. */
  private static void store(Ctx ctx, Keyspace.Entry e, byte[] key, byte[] v) {
    if (e == null) {
      ctx.insert(key, v, -1);
    } else {
      ctx.ks.setValue(e, v);
    }
  }

  /** Redis parses the increment only after the key's type check, so nothing to validate. */
  static Reply incrbyfloat(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    BigDecimal value = e == null ? BigDecimal.ZERO : LongDouble.parse(Ctx.string(e));
    BigDecimal incr = LongDouble.parse(argv[2]);
    BigDecimal sum = value == LongDouble.INFINITE || incr == LongDouble.INFINITE ? null
        : LongDouble.round(value.add(incr));
    if (sum == LongDouble.INFINITE) {
      throw new CommandError(Errors.NAN_OR_INF);
    }
    byte[] out = Parse.bytes(LongDouble.format(sum));
    store(ctx, e, argv[1], out);
    ctx.notify(NotifyFlags.STRING, "incrbyfloat", argv[1]);
    return new Reply.Bulk(out);
  }
}
