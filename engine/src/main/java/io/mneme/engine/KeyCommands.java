package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Commands on keys as such, after Redis's db.c and expire.c. */
final class KeyCommands {
  /** SCAN's default COUNT. */
  private static final long SCAN_COUNT_DEFAULT = 10;
  /** SCAN visits at most COUNT times this many buckets per call, as Redis does. */
  private static final long SCAN_BUCKETS_PER_COUNT = 10;
  /** RANDOMKEY gives up looking for an unexpired key after this many picks (Redis: 100). */
  private static final int RANDOMKEY_TRIES_MAX = 100;

  private KeyCommands() {}

  /** DEL and UNLINK: the number of keys removed (already-expired keys do not count). */
  static Reply del(Ctx ctx, byte[][] argv) {
    long n = 0;
    for (int i = 1; i < argv.length; i++) {
      Keyspace.Entry e = ctx.lookup(argv[i]);
      if (e != null) {
        ctx.ks.delete(e);
        ctx.notify(NotifyFlags.GENERIC, "del", argv[i]);
        n++;
      }
    }
    return Reply.integer(n);
  }

  /** EXISTS: each argument counts, repeats included; access times are left alone. */
  static Reply exists(Ctx ctx, byte[][] argv) {
    long n = 0;
    for (int i = 1; i < argv.length; i++) {
      if (ctx.lookupNoTouch(argv[i]) != null) {
        n++;
      }
    }
    return Reply.integer(n);
  }

  /** TOUCH: as EXISTS, and each key found counts as accessed. */
  static Reply touch(Ctx ctx, byte[][] argv) {
    long n = 0;
    for (int i = 1; i < argv.length; i++) {
      if (ctx.lookup(argv[i]) != null) {
        n++;
      }
    }
    return Reply.integer(n);
  }

  // ---- EXPIRE family ----

  static final int EXPIRE_NX = 1;
  static final int EXPIRE_XX = 2;
  static final int EXPIRE_GT = 4;
  static final int EXPIRE_LT = 8;

  /** Redis's parseExtendedExpireArgumentsOrReply, plus the integer check of the time. */
  static int checkExpire(byte[][] argv) {
    int flags = 0;
    for (int j = 3; j < argv.length; j++) {
      byte[] o = argv[j];
      if (Parse.is(o, "nx")) {
        flags |= EXPIRE_NX;
      } else if (Parse.is(o, "xx")) {
        flags |= EXPIRE_XX;
      } else if (Parse.is(o, "gt")) {
        flags |= EXPIRE_GT;
      } else if (Parse.is(o, "lt")) {
        flags |= EXPIRE_LT;
      } else {
        throw new CommandError(Errors.unsupportedOption(o));
      }
    }
    if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
      throw new CommandError(Errors.NX_XX_GT_LT);
    }
    if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
      throw new CommandError(Errors.GT_LT);
    }
    Parse.longArg(argv[2]);
    return flags;
  }

  static Reply expire(Ctx ctx, byte[][] argv) {
    return expireGeneric(ctx, argv, ctx.now, true);
  }

  static Reply pexpire(Ctx ctx, byte[][] argv) {
    return expireGeneric(ctx, argv, ctx.now, false);
  }

  static Reply expireat(Ctx ctx, byte[][] argv) {
    return expireGeneric(ctx, argv, 0, true);
  }

  static Reply pexpireat(Ctx ctx, byte[][] argv) {
    return expireGeneric(ctx, argv, 0, false);
  }

  /** Redis's expireGenericCommand: a deadline at or before now deletes the key. */
  private static Reply expireGeneric(Ctx ctx, byte[][] argv, long base, boolean seconds) {
    int flags = checkExpire(argv);
    long when = Parse.longArg(argv[2]);
    if (seconds) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw new CommandError(Errors.invalidExpire(ctx.name));
      }
      when *= 1000;
    }
    if (when > Long.MAX_VALUE - base) {
      throw new CommandError(Errors.invalidExpire(ctx.name));
    }
    when += base;
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null || !expireAllowed(flags, e.expireAt, when)) {
      return Reply.ZERO;
    }
    if (when <= ctx.now) {
      ctx.ks.delete(e);
      ctx.notify(NotifyFlags.GENERIC, "del", argv[1]);
    } else {
      ctx.ks.setExpire(e, when);
      ctx.notify(NotifyFlags.GENERIC, "expire", argv[1]);
    }
    return Reply.ONE;
  }

  /** The NX/XX/GT/LT conditions; no deadline counts as an infinite one. */
  private static boolean expireAllowed(int flags, long current, long when) {
    if ((flags & EXPIRE_NX) != 0 && current != -1) {
      return false;
    }
    if ((flags & EXPIRE_XX) != 0 && current == -1) {
      return false;
    }
    if ((flags & EXPIRE_GT) != 0 && (current == -1 || when <= current)) {
      return false;
    }
    return (flags & EXPIRE_LT) == 0 || current == -1 || when < current;
  }

  static Reply ttl(Ctx ctx, byte[][] argv) {
    return ttlGeneric(ctx, argv[1], false, false);
  }

  static Reply pttl(Ctx ctx, byte[][] argv) {
    return ttlGeneric(ctx, argv[1], true, false);
  }

  static Reply expiretime(Ctx ctx, byte[][] argv) {
    return ttlGeneric(ctx, argv[1], false, true);
  }

  static Reply pexpiretime(Ctx ctx, byte[][] argv) {
    return ttlGeneric(ctx, argv[1], true, true);
  }

  /** -2 no key, -1 no deadline; seconds are rounded to nearest as Redis does. */
  private static Reply ttlGeneric(Ctx ctx, byte[] key, boolean ms, boolean absolute) {
    Keyspace.Entry e = ctx.lookupNoTouch(key);
    if (e == null) {
      return Reply.integer(-2);
    }
    if (e.expireAt == -1) {
      return Reply.integer(-1);
    }
    long t = Math.max(0, absolute ? e.expireAt : e.expireAt - ctx.now);
    return Reply.integer(ms ? t : (t + 500) / 1000);
  }

  static Reply persist(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null || e.expireAt == -1) {
      return Reply.ZERO;
    }
    ctx.ks.setExpire(e, -1);
    ctx.notify(NotifyFlags.GENERIC, "persist", argv[1]);
    return Reply.ONE;
  }

  static Reply type(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookupNoTouch(argv[1]);
    return new Reply.Simple(e == null ? "none" : typeName(e.value));
  }

  static String typeName(Object value) {
    return value instanceof byte[] ? "string"
        : value instanceof Container c ? c.typeName() : "unknown";
  }

  // ---- RENAME, COPY ----

  static Reply rename(Ctx ctx, byte[][] argv) {
    return renameGeneric(ctx, argv, false);
  }

  static Reply renamenx(Ctx ctx, byte[][] argv) {
    return renameGeneric(ctx, argv, true);
  }

  private static Reply renameGeneric(Ctx ctx, byte[][] argv, boolean nx) {
    Keyspace.Entry src = ctx.lookup(argv[1]);
    if (src == null) {
      throw new CommandError(Errors.NO_SUCH_KEY);
    }
    if (java.util.Arrays.equals(argv[1], argv[2])) {
      return nx ? Reply.ZERO : Reply.OK;
    }
    Object value = src.value;
    long at = src.expireAt;
    Keyspace.Entry dst = ctx.lookup(argv[2]);
    if (dst != null) {
      if (nx) {
        return Reply.ZERO;
      }
      ctx.ks.delete(dst);
    }
    ctx.ks.delete(src);
    ctx.insert(argv[2], value, at).rawString(src.rawString()); // the same object, as Redis
    ctx.notify(NotifyFlags.GENERIC, "rename_from", argv[1]);
    ctx.notify(NotifyFlags.GENERIC, "rename_to", argv[2]);
    return nx ? Reply.ONE : Reply.OK;
  }

  /** COPY's options; only database 0 exists here. */
  static boolean checkCopy(byte[][] argv) {
    boolean replace = false;
    for (int j = 3; j < argv.length; j++) {
      if (Parse.is(argv[j], "replace")) {
        replace = true;
      } else if (Parse.is(argv[j], "db") && j + 1 < argv.length) {
        if (Parse.intArg(argv[++j]) != 0) {
          throw new CommandError(Errors.DB_INDEX);
        }
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    if (java.util.Arrays.equals(argv[1], argv[2])) {
      throw new CommandError(Errors.SAME_OBJECT);
    }
    return replace;
  }

  static Reply copy(Ctx ctx, byte[][] argv) {
    boolean replace = checkCopy(argv);
    Keyspace.Entry src = ctx.lookupRead(argv[1]);
    if (src == null) {
      return Reply.ZERO;
    }
    Object value = src.value;
    long at = src.expireAt;
    Keyspace.Entry dst = ctx.lookup(argv[2]);
    if (dst != null) {
      if (!replace) {
        return Reply.ZERO;
      }
      ctx.ks.delete(dst);
    }
    // Strings are immutable once stored, so sharing the array is a copy.
    ctx.insert(argv[2], value instanceof Container c ? c.copy() : value, at)
        .rawString(src.rawString()); // dupStringObject keeps the encoding
    ctx.notify(NotifyFlags.GENERIC, "copy_to", argv[2]);
    return Reply.ONE;
  }

  // ---- KEYS, SCAN, RANDOMKEY ----

  static Reply keys(Ctx ctx, byte[][] argv) {
    byte[] pattern = argv[1];
    boolean all = Glob.matchesAll(pattern);
    List<Reply> out = new ArrayList<>();
    ctx.ks.forEach(e -> {
      if (!ctx.expired(e) && (all || Glob.match(pattern, e.key))) {
        out.add(new Reply.Bulk(e.key));
      }
    });
    return new Reply.Arr(out.toArray(new Reply[0]));
  }

  /** SCAN's parsed arguments. */
  record ScanArgs(long cursor, long count, byte[] match, String type) {}

  static ScanArgs checkScan(byte[][] argv) {
    long cursor = parseCursor(argv[1]);
    long count = SCAN_COUNT_DEFAULT;
    byte[] match = null;
    String type = null;
    for (int j = 2; j < argv.length; j += 2) {
      if (j + 1 >= argv.length) {
        throw new CommandError(Errors.SYNTAX);
      }
      if (Parse.is(argv[j], "count")) {
        count = Parse.longArg(argv[j + 1]);
        if (count < 1) {
          throw new CommandError(Errors.SYNTAX);
        }
      } else if (Parse.is(argv[j], "match")) {
        match = argv[j + 1];
      } else if (Parse.is(argv[j], "type")) {
        type = Parse.lower(argv[j + 1]);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new ScanArgs(cursor, count, match, type);
  }

  /**
   * Redis parses the cursor with strtoul over the whole string: an optional sign, decimal
   * digits that fit in 64 bits, a negative value wrapping around; the empty string is 0.
   */
  static long parseCursor(byte[] b) {
    int i = b.length > 0 && (b[0] == '-' || b[0] == '+') ? 1 : 0;
    if (i == 1 && b.length == 1) {
      throw new CommandError(Errors.INVALID_CURSOR);
    }
    java.math.BigInteger v = java.math.BigInteger.ZERO;
    for (int j = i; j < b.length; j++) {
      if (b[j] < '0' || b[j] > '9' || v.bitLength() > 64) {
        throw new CommandError(Errors.INVALID_CURSOR);
      }
      v = v.multiply(java.math.BigInteger.TEN).add(java.math.BigInteger.valueOf(b[j] - '0'));
    }
    if (v.bitLength() > 64) {
      throw new CommandError(Errors.INVALID_CURSOR);
    }
    return b.length > 0 && b[0] == '-' ? -v.longValue() : v.longValue();
  }

  static Reply scan(Ctx ctx, byte[][] argv) {
    ScanArgs a = checkScan(argv);
    List<Keyspace.Entry> found = new ArrayList<>();
    long cursor = a.cursor;
    long budget = a.count * SCAN_BUCKETS_PER_COUNT;
    do {
      cursor = ctx.ks.scan(cursor, found::add);
    } while (cursor != 0 && budget-- > 0 && found.size() < a.count);
    List<Reply> keys = new ArrayList<>(found.size());
    for (Keyspace.Entry e : found) {
      if (ctx.expired(e)) {
        continue;
      }
      if (a.match != null && !Glob.match(a.match, e.key)) {
        continue;
      }
      if (a.type != null && !a.type.equals(typeName(e.value))) {
        continue;
      }
      keys.add(new Reply.Bulk(e.key));
    }
    return Reply.array(Reply.bulk(Long.toUnsignedString(cursor)),
        new Reply.Arr(keys.toArray(new Reply[0])));
  }

  /**
   * A pseudo-random live key. A read has no entry seed, so the choice derives from the read's
   * time and the key count: deterministic, and varied enough for RANDOMKEY's purpose.
   */
  static Reply randomkey(Ctx ctx, byte[][] argv) {
    SplittableRandom rnd = new SplittableRandom(ctx.now * 31 + ctx.ks.size() + ctx.seed);
    for (int i = 0; i < RANDOMKEY_TRIES_MAX; i++) {
      Keyspace.Entry e = ctx.ks.random(rnd);
      if (e == null) {
        return Reply.NULL;
      }
      if (!ctx.expired(e)) {
        return new Reply.Bulk(e.key);
      }
    }
    return Reply.NULL;
  }
}
