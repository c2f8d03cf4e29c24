package io.mneme.engine;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * The hash commands, after Redis's t_hash.c. They only use {@link HashValue}'s type API, never
 * its encoding. Errors that depend on the arguments alone are found by the check functions,
 * which the validators and the handlers share; the others (WRONGTYPE, a stored value that is
 * not a number) are ordinary replies, raised before anything changes.
 */
final class HashCommands {
  private HashCommands() {}

  /** The hash held by a live entry, or WRONGTYPE. */
  static HashValue hashOf(Keyspace.Entry e) {
    if (e.value instanceof HashValue h) {
      return h;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /** The hash at key, null if absent, WRONGTYPE if the key holds another type. */
  private static HashValue read(Ctx ctx, byte[] key) {
    Keyspace.Entry e = ctx.lookup(key);
    return e == null ? null : hashOf(e);
  }

  /**
   * Redis's hashTypeLookupWriteOrCreate, for a command that will change the hash now: the
   * hash at key, announced to an open snapshot, or a new empty one stored at key.
   */
  private static HashValue writable(Ctx ctx, Keyspace.Entry e, byte[] key) {
    if (e == null) {
      HashValue h = new HashValue();
      ctx.insert(key, h, -1);
      return h;
    }
    HashValue h = hashOf(e);
    ctx.mutating(e);
    return h;
  }

  // ---- HSET, HMSET, HSETNX ----

  static void checkHset(byte[][] argv) {
    if (argv.length % 2 != 0) {
      throw new CommandError(Errors.wrongArity("hset"));
    }
  }

  static void checkHmset(byte[][] argv) {
    if (argv.length % 2 != 0) {
      throw new CommandError(Errors.wrongArity("hmset"));
    }
  }

  static Reply hset(Ctx ctx, byte[][] argv) {
    checkHset(argv);
    return Reply.integer(setPairs(ctx, argv));
  }

  static Reply hmset(Ctx ctx, byte[][] argv) {
    checkHmset(argv);
    setPairs(ctx, argv);
    return Reply.OK;
  }

  /** Sets the field-value pairs from argv[2] on; returns how many fields were new. */
  private static long setPairs(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    HashValue h = writable(ctx, e, argv[1]);
    long created = 0;
    for (int i = 2; i < argv.length; i += 2) {
      if (h.set(argv[i], argv[i + 1])) {
        created++;
      }
    }
    ctx.notify(NotifyFlags.HASH, "hset", argv[1]);
    return created;
  }

  static Reply hsetnx(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e != null && hashOf(e).contains(argv[2])) {
      return Reply.ZERO;
    }
    writable(ctx, e, argv[1]).set(argv[2], argv[3]);
    ctx.notify(NotifyFlags.HASH, "hset", argv[1]);
    return Reply.ONE;
  }

  // ---- reads of fields ----

  static Reply hget(Ctx ctx, byte[][] argv) {
    HashValue h = read(ctx, argv[1]);
    return Reply.bulk(h == null ? null : h.get(argv[2]));
  }

  static Reply hmget(Ctx ctx, byte[][] argv) {
    HashValue h = read(ctx, argv[1]);
    Reply[] out = new Reply[argv.length - 2];
    for (int i = 2; i < argv.length; i++) {
      out[i - 2] = Reply.bulk(h == null ? null : h.get(argv[i]));
    }
    return new Reply.Arr(out);
  }

  static Reply hexists(Ctx ctx, byte[][] argv) {
    HashValue h = read(ctx, argv[1]);
    return h != null && h.contains(argv[2]) ? Reply.ONE : Reply.ZERO;
  }

  static Reply hstrlen(Ctx ctx, byte[][] argv) {
    HashValue h = read(ctx, argv[1]);
    return Reply.integer(h == null ? 0 : h.valueLength(argv[2]));
  }

  static Reply hlen(Ctx ctx, byte[][] argv) {
    HashValue h = read(ctx, argv[1]);
    return Reply.integer(h == null ? 0 : h.size());
  }

  static Reply hgetall(Ctx ctx, byte[][] argv) {
    return new Reply.MapReply(listing(ctx, argv[1], true, true));
  }

  static Reply hkeys(Ctx ctx, byte[][] argv) {
    return new Reply.Arr(listing(ctx, argv[1], true, false));
  }

  static Reply hvals(Ctx ctx, byte[][] argv) {
    return new Reply.Arr(listing(ctx, argv[1], false, true));
  }

  /** Redis's genericHgetallCommand: fields and/or values in the hash's order. */
  private static Reply[] listing(Ctx ctx, byte[] key, boolean fields, boolean values) {
    HashValue h = read(ctx, key);
    if (h == null) {
      return new Reply[0];
    }
    HashValue.Pairs all = h.pairs();
    int per = (fields ? 1 : 0) + (values ? 1 : 0);
    Reply[] out = new Reply[all.size() * per];
    int n = 0;
    for (int i = 0; i < all.size(); i++) {
      if (fields) {
        out[n++] = new Reply.Bulk(all.field(i));
      }
      if (values) {
        out[n++] = new Reply.Bulk(all.value(i));
      }
    }
    return out;
  }

  // ---- HDEL ----

  static Reply hdel(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    HashValue h = hashOf(e);
    ctx.mutating(e);
    long deleted = 0;
    for (int i = 2; i < argv.length && !h.isEmpty(); i++) {
      if (h.delete(argv[i])) {
        deleted++;
      }
    }
    if (deleted > 0) {
      ctx.notify(NotifyFlags.HASH, "hdel", argv[1]);
      ctx.deleteIfEmptyNotify(e);
    }
    return Reply.integer(deleted);
  }

  // ---- HINCRBY, HINCRBYFLOAT ----

  static long checkHincrby(byte[][] argv) {
    return Parse.longArg(argv[3]);
  }

  static Reply hincrby(Ctx ctx, byte[][] argv) {
    long incr = checkHincrby(argv);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    byte[] stored = e == null ? null : hashOf(e).get(argv[2]);
    long value = 0;
    if (stored != null) {
      Long v = Parse.parseLong(stored);
      if (v == null) {
        throw new CommandError(Errors.HASH_NOT_INTEGER);
      }
      value = v;
    }
    if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
        || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
      throw new CommandError(Errors.OVERFLOW);
    }
    value += incr;
    writable(ctx, e, argv[1]).set(argv[2], Parse.bytes(value));
    ctx.notify(NotifyFlags.HASH, "hincrby", argv[1]);
    return Reply.integer(value);
  }

  /** The increment, which Redis parses (and refuses if infinite) before the key's type. */
  static BigDecimal checkHincrbyfloat(byte[][] argv) {
    BigDecimal incr = LongDouble.parse(argv[3]);
    if (incr == LongDouble.INFINITE) {
      throw new CommandError(Errors.NAN_OR_INFINITY);
    }
    return incr;
  }

  static Reply hincrbyfloat(Ctx ctx, byte[][] argv) {
    BigDecimal incr = checkHincrbyfloat(argv);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    byte[] stored = e == null ? null : hashOf(e).get(argv[2]);
    BigDecimal value = BigDecimal.ZERO;
    if (stored != null) {
      try {
        value = LongDouble.parse(stored);
      } catch (CommandError notFloat) {
        throw new CommandError(Errors.HASH_NOT_FLOAT);
      }
    }
    // a stored infinity parses but cannot be incremented
    BigDecimal sum = value == LongDouble.INFINITE ? null : LongDouble.round(value.add(incr));
    if (sum == LongDouble.INFINITE) {
      throw new CommandError(Errors.NAN_OR_INF);
    }
    byte[] out = Parse.bytes(LongDouble.format(sum));
    writable(ctx, e, argv[1]).set(argv[2], out);
    ctx.notify(NotifyFlags.HASH, "hincrbyfloat", argv[1]);
    return new Reply.Bulk(out);
  }

  // ---- HRANDFIELD ----

  /** HRANDFIELD's count and WITHVALUES, parsed as hrandfieldCommand does before the lookup. */
  record RandArgs(long count, boolean withValues) {}

  static RandArgs checkHrandfield(byte[][] argv) {
    if (argv.length < 3) {
      return null;
    }
    long count = Sampling.randomCount(argv[2]);
    boolean withValues = argv.length == 4;
    if (argv.length > 4 || (withValues && !Parse.is(argv[3], "withvalues"))) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
      throw new CommandError(Errors.OUT_OF_RANGE);
    }
    return new RandArgs(count, withValues);
  }

  static Reply hrandfield(Ctx ctx, byte[][] argv) {
    RandArgs a = checkHrandfield(argv);
    HashValue h = read(ctx, argv[1]);
    if (a == null) {
      if (h == null) {
        return Reply.NULL;
      }
      return new Reply.Bulk(h.fieldAt(Sampling.random(ctx, argv[1]).nextInt(h.size())));
    }
    if (h == null || a.count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    HashValue.Pairs all = h.pairs();
    SplittableRandom rnd = Sampling.random(ctx, argv[1]);
    int[] picks = Sampling.randomPositions(rnd, all.size(), a.count);
    Reply[] out = new Reply[picks.length * (a.withValues ? 2 : 1)];
    int n = 0;
    for (int p : picks) {
      out[n++] = new Reply.Bulk(all.field(p));
      if (a.withValues) {
        out[n++] = new Reply.Bulk(all.value(p));
      }
    }
    return a.withValues ? new Reply.Pairs(out) : new Reply.Arr(out);
  }

  // ---- HSCAN ----

  static Reply hscan(Ctx ctx, byte[][] argv) {
    long cursor = KeyCommands.parseCursor(argv[2]);
    HashValue h = read(ctx, argv[1]);
    if (h == null) {
      return ElementScan.empty();
    }
    ElementScan.Options o = ElementScan.parseOptions(argv);
    return ElementScan.walk(cursor, o, 2, h::scan);
  }
}
