package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sorted set commands, after the command half of Redis's t_zset.c. Validators check what
 * Redis checks before it looks the key up; what Redis checks after the lookup (ZUNION's WEIGHTS,
 * ZSCAN's options) stays in the handler, so a missing key or a WRONGTYPE answers first exactly
 * as in Redis.
 */
final class ZSetCommands {
  private ZSetCommands() {}

  /** The sorted set held by e, WRONGTYPE for anything else. */
  static ZSetValue zsetOf(Keyspace.Entry e) {
    if (e.value instanceof ZSetValue z) {
      return z;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /** The sorted set at key, null when there is none. */
  static ZSetValue read(Ctx ctx, byte[] key) {
    Keyspace.Entry e = ctx.lookupRead(key);
    return e == null ? null : zsetOf(e);
  }

  static Reply score(double s) {
    return new Reply.Dbl(s);
  }

  /** Members (and scores) gathered for a reply or a stored result, in order. */
  static final class Collected implements ZSetValue.Sink {
    final List<byte[]> members = new ArrayList<>();
    final List<Double> scores = new ArrayList<>();
    int maxLength;

    @Override
    public void accept(byte[] member, double s) {
      members.add(member);
      scores.add(s);
      maxLength = Math.max(maxLength, member.length);
    }

    /** The reply: members alone, or member/score pairs (flat in RESP2, nested in RESP3). */
    Reply reply(boolean withScores) {
      Reply[] out = new Reply[members.size() * (withScores ? 2 : 1)];
      int n = 0;
      for (int i = 0; i < members.size(); i++) {
        out[n++] = new Reply.Bulk(members.get(i));
        if (withScores) {
          out[n++] = score(scores.get(i));
        }
      }
      return withScores ? new Reply.Pairs(out) : new Reply.Arr(out);
    }

    /**
     * A new sorted set of what was collected, encoded as Redis encodes a computed result
     * (zsetConvertToListpackIfNeeded); with inOrder, built the way ZRANGESTORE builds it: a
     * listpack fed in order that converts when it must.
     */
    ZSetValue toZSet(boolean inOrder) {
      ZSetValue z = inOrder ? ZSetValue.create() : ZSetValue.sized(members.size(), maxLength);
      for (int i = 0; i < members.size(); i++) {
        z.addNew(scores.get(i), members.get(i));
      }
      return z;
    }
  }

  /** Stores a result at dst as Redis's *STORE commands do: an empty one deletes dst. */
  static Reply store(Ctx ctx, byte[] dst, Collected result) {
    return store(ctx, dst, result, false);
  }

  static Reply store(Ctx ctx, byte[] dst, Collected result, boolean inOrder) {
    if (result.members.isEmpty()) {
      Keyspace.Entry e = ctx.lookup(dst);
      if (e != null) {
        ctx.ks.delete(e);
        ctx.notify(NotifyFlags.GENERIC, "del", dst);
      }
      return Reply.ZERO;
    }
    ctx.setKey(dst, result.toZSet(inOrder), false);
    // Redis names the event after the command, GEORADIUS[BYMEMBER] STORE "georadiusstore".
    ctx.notify(NotifyFlags.ZSET, ctx.name.startsWith("georadius") ? "georadiusstore" : ctx.name,
        dst);
    return Reply.integer(result.members.size());
  }

  // ---- ZADD, ZINCRBY ----

  /** ZADD's options and scores as zaddGenericCommand parses them before the lookup. */
  record AddArgs(int flags, boolean ch, double[] scores, byte[][] members) {}

  static AddArgs parseAdd(byte[][] argv, int flags) {
    boolean ch = false;
    int idx = 2;
    for (; idx < argv.length; idx++) {
      byte[] o = argv[idx];
      if (Parse.is(o, "nx")) {
        flags |= ZSetValue.IN_NX;
      } else if (Parse.is(o, "xx")) {
        flags |= ZSetValue.IN_XX;
      } else if (Parse.is(o, "ch")) {
        ch = true;
      } else if (Parse.is(o, "incr")) {
        flags |= ZSetValue.IN_INCR;
      } else if (Parse.is(o, "gt")) {
        flags |= ZSetValue.IN_GT;
      } else if (Parse.is(o, "lt")) {
        flags |= ZSetValue.IN_LT;
      } else {
        break;
      }
    }
    int elements = argv.length - idx;
    if (elements % 2 != 0 || elements == 0) {
      throw new CommandError(Errors.SYNTAX);
    }
    elements /= 2;
    boolean nx = (flags & ZSetValue.IN_NX) != 0;
    boolean gt = (flags & ZSetValue.IN_GT) != 0;
    boolean lt = (flags & ZSetValue.IN_LT) != 0;
    if (nx && (flags & ZSetValue.IN_XX) != 0) {
      throw new CommandError(Errors.ZADD_NX_XX);
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw new CommandError(Errors.ZADD_GT_LT_NX);
    }
    if ((flags & ZSetValue.IN_INCR) != 0 && elements > 1) {
      throw new CommandError(Errors.ZADD_INCR_PAIRS);
    }
    double[] scores = new double[elements];
    byte[][] members = new byte[elements][];
    for (int j = 0; j < elements; j++) {
      scores[j] = Doubles.parseOr(argv[idx + 2 * j], Errors.NOT_FLOAT);
      members[j] = argv[idx + 2 * j + 1];
    }
    return new AddArgs(flags, ch, scores, members);
  }

  static void checkZadd(byte[][] argv) {
    parseAdd(argv, 0);
  }

  static void checkZincrby(byte[][] argv) {
    parseAdd(argv, ZSetValue.IN_INCR);
  }

  static Reply zadd(Ctx ctx, byte[][] argv) {
    return addGeneric(ctx, argv, parseAdd(argv, 0));
  }

  static Reply zincrby(Ctx ctx, byte[][] argv) {
    return addGeneric(ctx, argv, parseAdd(argv, ZSetValue.IN_INCR));
  }

  /** Redis's zaddGenericCommand after the parse; argv[1] is the key. */
  static Reply addGeneric(Ctx ctx, byte[][] argv, AddArgs a) {
    boolean incr = (a.flags & ZSetValue.IN_INCR) != 0;
    Keyspace.Entry e = ctx.lookup(argv[1]);
    ZSetValue z;
    if (e == null) {
      if ((a.flags & ZSetValue.IN_XX) != 0) {
        return incr ? Reply.NULL : Reply.ZERO;
      }
      z = ZSetValue.create();
      e = ctx.insert(argv[1], z, -1);
    } else {
      z = zsetOf(e);
      ctx.mutating(e);
    }
    int added = 0;
    int updated = 0;
    int processed = 0;
    double[] newScore = new double[1];
    for (int j = 0; j < a.scores.length; j++) {
      int out = z.add(a.scores[j], a.members[j], a.flags, newScore);
      if ((out & ZSetValue.OUT_NAN) != 0) {
        ctx.deleteIfEmpty(e);
        throw new CommandError(Errors.ZSET_NAN);
      }
      added += (out & ZSetValue.OUT_ADDED) != 0 ? 1 : 0;
      updated += (out & ZSetValue.OUT_UPDATED) != 0 ? 1 : 0;
      processed += (out & ZSetValue.OUT_NOP) == 0 ? 1 : 0;
    }
    if (added + updated > 0) {
      ctx.notify(NotifyFlags.ZSET, incr ? "zincr" : "zadd", argv[1]);
    }
    ctx.deleteIfEmpty(e);
    if (incr) {
      return processed > 0 ? score(newScore[0]) : Reply.NULL;
    }
    return Reply.integer(a.ch ? added + updated : added);
  }

  // ---- ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK ----

  static Reply zrem(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    ZSetValue z = zsetOf(e);
    ctx.mutating(e);
    long deleted = 0;
    for (int j = 2; j < argv.length && !z.isEmpty(); j++) {
      deleted += z.remove(argv[j]) ? 1 : 0;
    }
    if (deleted > 0) {
      ctx.notify(NotifyFlags.ZSET, "zrem", argv[1]);
      ctx.deleteIfEmptyNotify(e);
    }
    return Reply.integer(deleted);
  }

  static Reply zcard(Ctx ctx, byte[][] argv) {
    ZSetValue z = read(ctx, argv[1]);
    return Reply.integer(z == null ? 0 : z.size());
  }

  static Reply zscore(Ctx ctx, byte[][] argv) {
    ZSetValue z = read(ctx, argv[1]);
    double s = z == null ? Double.NaN : z.score(argv[2]);
    return Double.isNaN(s) ? Reply.NULL : score(s);
  }

  static Reply zmscore(Ctx ctx, byte[][] argv) {
    ZSetValue z = read(ctx, argv[1]);
    Reply[] out = new Reply[argv.length - 2];
    for (int j = 2; j < argv.length; j++) {
      double s = z == null ? Double.NaN : z.score(argv[j]);
      out[j - 2] = Double.isNaN(s) ? Reply.NULL : score(s);
    }
    return new Reply.Arr(out);
  }

  static Reply zrank(Ctx ctx, byte[][] argv) {
    return rankGeneric(ctx, argv, false);
  }

  static Reply zrevrank(Ctx ctx, byte[][] argv) {
    return rankGeneric(ctx, argv, true);
  }

  private static Reply rankGeneric(Ctx ctx, byte[][] argv, boolean reverse) {
    ZSetValue z = read(ctx, argv[1]);
    long r = z == null ? -1 : z.rank(argv[2], reverse);
    return r < 0 ? Reply.NULL : Reply.integer(r);
  }

  // ---- ranges ----

  /** zslParseRange: "(" before a bound makes it exclusive; the rest is one strtod number. */
  static ZSetValue.ScoreRange parseScoreRange(byte[] min, byte[] max) {
    boolean minex = min.length > 0 && min[0] == '(';
    boolean maxex = max.length > 0 && max[0] == '(';
    double lo = Doubles.parseCString(min, minex ? 1 : 0);
    double hi = Doubles.parseCString(max, maxex ? 1 : 0);
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      throw new CommandError(Errors.MIN_MAX_NOT_FLOAT);
    }
    return new ZSetValue.ScoreRange(lo, minex, hi, maxex);
  }

  /** zslParseLexRange: "-", "+", "(member" or "[member". */
  static ZSetValue.LexRange parseLexRange(byte[] min, byte[] max) {
    byte[][] bounds = {min, max};
    boolean[] ex = new boolean[2];
    for (int i = 0; i < 2; i++) {
      byte[] b = bounds[i];
      int c = b.length == 0 ? 0 : b[0];
      boolean alone = b.length == 1 || (b.length > 1 && b[1] == 0);
      if ((c == '+' || c == '-') && alone) {
        bounds[i] = c == '+' ? ZSetValue.LexRange.MAX : ZSetValue.LexRange.MIN;
        ex[i] = true;
      } else if (c == '(' || c == '[') {
        bounds[i] = java.util.Arrays.copyOfRange(b, 1, b.length);
        ex[i] = c == '(';
      } else {
        throw new CommandError(Errors.MIN_MAX_NOT_STRING);
      }
    }
    return new ZSetValue.LexRange(bounds[0], ex[0], bounds[1], ex[1]);
  }

  static void checkZcount(byte[][] argv) {
    parseScoreRange(argv[2], argv[3]);
  }

  static void checkZlexcount(byte[][] argv) {
    parseLexRange(argv[2], argv[3]);
  }

  static Reply zcount(Ctx ctx, byte[][] argv) {
    ZSetValue.ScoreRange r = parseScoreRange(argv[2], argv[3]);
    ZSetValue z = read(ctx, argv[1]);
    return Reply.integer(z == null ? 0 : z.count(r));
  }

  static Reply zlexcount(Ctx ctx, byte[][] argv) {
    ZSetValue.LexRange r = parseLexRange(argv[2], argv[3]);
    ZSetValue z = read(ctx, argv[1]);
    return Reply.integer(z == null ? 0 : z.count(r));
  }

  static final int BY_AUTO = 0;
  static final int BY_RANK = 1;
  static final int BY_SCORE = 2;
  static final int BY_LEX = 3;
  static final int DIR_AUTO = 0;
  static final int DIR_FORWARD = 1;
  static final int DIR_REVERSE = 2;

  /** What zrangeGenericCommand parses before it looks the key up. */
  record RangeArgs(int by, boolean reverse, boolean withScores, long offset, long limit,
      long start, long end, ZSetValue.ScoreRange score, ZSetValue.LexRange lex) {}

  /**
   * Redis's zrangeGenericCommand steps 1 and 2, for ZRANGE and ZRANGESTORE (AUTO type and
   * direction) and the older Z[REV]RANGE[BYSCORE|BYLEX] (fixed ones); keyIdx is the source.
   */
  static RangeArgs parseRange(byte[][] argv, int keyIdx, boolean store, int by, int dir) {
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    for (int j = keyIdx + 3; j < argv.length; j++) {
      int left = argv.length - j - 1;
      if (!store && Parse.is(argv[j], "withscores")) {
        withScores = true;
      } else if (Parse.is(argv[j], "limit") && left >= 2) {
        offset = Parse.longArg(argv[j + 1]);
        limit = Parse.longArg(argv[j + 2]);
        j += 2;
      } else if (dir == DIR_AUTO && Parse.is(argv[j], "rev")) {
        dir = DIR_REVERSE;
      } else if (by == BY_AUTO && Parse.is(argv[j], "bylex")) {
        by = BY_LEX;
      } else if (by == BY_AUTO && Parse.is(argv[j], "byscore")) {
        by = BY_SCORE;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    by = by == BY_AUTO ? BY_RANK : by;
    boolean reverse = dir == DIR_REVERSE;
    if (limit != -1 && by == BY_RANK) {
      throw new CommandError(Errors.LIMIT_NEEDS_BY);
    }
    if (withScores && by == BY_LEX) {
      throw new CommandError(Errors.WITHSCORES_BYLEX);
    }
    // The reverse forms take the range as max, min.
    byte[] min = argv[keyIdx + (reverse && by != BY_RANK ? 2 : 1)];
    byte[] max = argv[keyIdx + (reverse && by != BY_RANK ? 1 : 2)];
    if (by == BY_RANK) {
      long start = Parse.longArg(min);
      long end = Parse.longArg(max);
      return new RangeArgs(by, reverse, withScores, offset, limit, start, end, null, null);
    }
    if (by == BY_SCORE) {
      return new RangeArgs(by, reverse, withScores, offset, limit, 0, 0,
          parseScoreRange(min, max), null);
    }
    return new RangeArgs(by, reverse, withScores, offset, limit, 0, 0, null,
        parseLexRange(min, max));
  }

  /** Sanitizes a rank range as Redis does; null when it selects nothing. */
  static int[] rankRange(long start, long end, long size) {
    if (start < 0) {
      start += size;
    }
    if (end < 0) {
      end += size;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= size) {
      return null;
    }
    return new int[] {(int) start, (int) Math.min(end, size - 1)};
  }

  /** The selection of a parsed range from z into sink. */
  private static void select(ZSetValue z, RangeArgs a, ZSetValue.Sink sink) {
    if (a.by == BY_RANK) {
      int[] r = rankRange(a.start, a.end, z.size());
      if (r != null) {
        z.rangeByRank(r[0], r[1], a.reverse, sink);
      }
    } else if (a.by == BY_SCORE) {
      z.range(a.score, a.offset, a.limit, a.reverse, sink);
    } else {
      z.range(a.lex, a.offset, a.limit, a.reverse, sink);
    }
  }

  /** ZRANGE and its older forms: keyIdx 1, no store. */
  private static Reply rangeCommand(Ctx ctx, byte[][] argv, int by, int dir) {
    RangeArgs a = parseRange(argv, 1, false, by, dir);
    ZSetValue z = read(ctx, argv[1]);
    if (z == null) {
      return Reply.EMPTY_ARRAY;
    }
    Collected c = new Collected();
    select(z, a, c);
    return c.reply(a.withScores);
  }

  static void checkZrange(byte[][] argv) {
    parseRange(argv, 1, false, BY_AUTO, DIR_AUTO);
  }

  static void checkZrangestore(byte[][] argv) {
    parseRange(argv, 2, true, BY_AUTO, DIR_AUTO);
  }

  static void checkZrevrange(byte[][] argv) {
    parseRange(argv, 1, false, BY_RANK, DIR_REVERSE);
  }

  static void checkZrangebyscore(byte[][] argv) {
    parseRange(argv, 1, false, BY_SCORE, DIR_FORWARD);
  }

  static void checkZrevrangebyscore(byte[][] argv) {
    parseRange(argv, 1, false, BY_SCORE, DIR_REVERSE);
  }

  static void checkZrangebylex(byte[][] argv) {
    parseRange(argv, 1, false, BY_LEX, DIR_FORWARD);
  }

  static void checkZrevrangebylex(byte[][] argv) {
    parseRange(argv, 1, false, BY_LEX, DIR_REVERSE);
  }

  static Reply zrange(Ctx ctx, byte[][] argv) {
    return rangeCommand(ctx, argv, BY_AUTO, DIR_AUTO);
  }

  static Reply zrevrange(Ctx ctx, byte[][] argv) {
    return rangeCommand(ctx, argv, BY_RANK, DIR_REVERSE);
  }

  static Reply zrangebyscore(Ctx ctx, byte[][] argv) {
    return rangeCommand(ctx, argv, BY_SCORE, DIR_FORWARD);
  }

  static Reply zrevrangebyscore(Ctx ctx, byte[][] argv) {
    return rangeCommand(ctx, argv, BY_SCORE, DIR_REVERSE);
  }

  static Reply zrangebylex(Ctx ctx, byte[][] argv) {
    return rangeCommand(ctx, argv, BY_LEX, DIR_FORWARD);
  }

  static Reply zrevrangebylex(Ctx ctx, byte[][] argv) {
    return rangeCommand(ctx, argv, BY_LEX, DIR_REVERSE);
  }

  static Reply zrangestore(Ctx ctx, byte[][] argv) {
    RangeArgs a = parseRange(argv, 2, true, BY_AUTO, DIR_AUTO);
    ZSetValue z = read(ctx, argv[2]);
    Collected c = new Collected();
    if (z != null) {
      select(z, a, c);
    }
    return store(ctx, argv[1], c, true);
  }

  // ---- ZREMRANGEBY* ----

  static void checkZremrangebyrank(byte[][] argv) {
    Parse.longArg(argv[2]);
    Parse.longArg(argv[3]);
  }

  static Reply zremrangebyrank(Ctx ctx, byte[][] argv) {
    long start = Parse.longArg(argv[2]);
    long end = Parse.longArg(argv[3]);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    ZSetValue z = zsetOf(e);
    int[] r = rankRange(start, end, z.size());
    if (r == null) {
      return Reply.ZERO;
    }
    ctx.mutating(e);
    int deleted = z.removeByRank(r[0], r[1]);
    removed(ctx, e, argv[1], deleted);
    return Reply.integer(deleted);
  }

  static Reply zremrangebyscore(Ctx ctx, byte[][] argv) {
    ZSetValue.ScoreRange r = parseScoreRange(argv[2], argv[3]);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    ZSetValue z = zsetOf(e);
    if (z.count(r) == 0) {
      return Reply.ZERO;
    }
    ctx.mutating(e);
    int deleted = z.remove(r);
    removed(ctx, e, argv[1], deleted);
    return Reply.integer(deleted);
  }

  static Reply zremrangebylex(Ctx ctx, byte[][] argv) {
    ZSetValue.LexRange r = parseLexRange(argv[2], argv[3]);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    ZSetValue z = zsetOf(e);
    // No count first: with unequal scores Redis's delete walk may differ from its count.
    ctx.mutating(e);
    int deleted = z.remove(r);
    removed(ctx, e, argv[1], deleted);
    return Reply.integer(deleted);
  }

  /** ZREMRANGEBY*'s events: the command's name, then "del" if the set is gone. */
  private static void removed(Ctx ctx, Keyspace.Entry e, byte[] key, int deleted) {
    if (deleted > 0) {
      ctx.notify(NotifyFlags.ZSET, ctx.name, key);
      ctx.deleteIfEmptyNotify(e);
    }
  }

  // ---- pops ----

  /**
   * Redis's genericZpopCommand on the first existing key of keys (WRONGTYPE stops the search):
   * pops up to count from the low (or high) end. The shape: flat [member, score...] for
   * ZPOPMIN without count, pairs with a count, [key, [[member, score]...]] for ZMPOP, [key,
   * member, score] for BZPOPMIN. Returns null when no key exists.
   */
  static Reply pop(Ctx ctx, byte[][] keys, boolean max, long count, Shape shape) {
    Keyspace.Entry e = null;
    byte[] key = null;
    for (byte[] k : keys) {
      e = ctx.lookup(k);
      if (e != null) {
        zsetOf(e);
        key = k;
        break;
      }
    }
    if (e == null) {
      return null;
    }
    ZSetValue z = zsetOf(e);
    if (count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    int n = (int) Math.min(count < 0 ? 1 : count, z.size());
    ctx.mutating(e);
    Reply[] items = new Reply[2 * n];
    for (int i = 0; i < n; i++) {
      int at = max ? z.size() - 1 : 0;
      byte[] member = z.memberAt(at);
      items[2 * i] = new Reply.Bulk(member);
      items[2 * i + 1] = score(z.scoreAt(at));
      z.remove(member);
    }
    ctx.notify(NotifyFlags.ZSET, max ? "zpopmax" : "zpopmin", key);
    ctx.deleteIfEmptyNotify(e);
    return shape.reply(key, items, count);
  }

  /** The reply shapes of the pop commands. */
  enum Shape {
    ZPOP, BZPOP, MPOP;

    Reply reply(byte[] key, Reply[] items, long count) {
      if (this == BZPOP) {
        Reply[] out = new Reply[items.length + 1];
        out[0] = new Reply.Bulk(key);
        System.arraycopy(items, 0, out, 1, items.length);
        return new Reply.Arr(out);
      }
      if (this == ZPOP) {
        return count < 0 ? new Reply.Arr(items) : new Reply.Pairs(items);
      }
      Reply[] pairs = new Reply[items.length / 2];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = Reply.array(items[2 * i], items[2 * i + 1]);
      }
      return Reply.array(new Reply.Bulk(key), new Reply.Arr(pairs));
    }
  }

  /** ZPOPMIN/ZPOPMAX's count: -1 when absent. */
  static long checkZpop(byte[][] argv) {
    if (argv.length > 3) {
      throw new CommandError(Errors.SYNTAX);
    }
    return argv.length == 3 ? Parse.positiveLongArg(argv[2]) : -1;
  }

  static Reply zpopmin(Ctx ctx, byte[][] argv) {
    return zpop(ctx, argv, false);
  }

  static Reply zpopmax(Ctx ctx, byte[][] argv) {
    return zpop(ctx, argv, true);
  }

  private static Reply zpop(Ctx ctx, byte[][] argv, boolean max) {
    long count = checkZpop(argv);
    Reply r = pop(ctx, new byte[][] {argv[1]}, max, count, Shape.ZPOP);
    return r == null ? Reply.EMPTY_ARRAY : r;
  }

  static void checkBzpop(byte[][] argv) {
    Parse.timeoutMillisArg(argv[argv.length - 1]);
  }

  static Reply bzpopmin(Ctx ctx, byte[][] argv) {
    return bzpop(ctx, argv, false);
  }

  static Reply bzpopmax(Ctx ctx, byte[][] argv) {
    return bzpop(ctx, argv, true);
  }

  /** Serves the first non-empty key like ZPOPMIN, else blocks (Redis's blockForKeys). */
  private static Reply bzpop(Ctx ctx, byte[][] argv, boolean max) {
    checkBzpop(argv);
    byte[][] keys = java.util.Arrays.copyOfRange(argv, 1, argv.length - 1);
    Reply r = pop(ctx, keys, max, -1, Shape.BZPOP);
    return r == null ? Reply.BLOCKED : r;
  }

  /** ZMPOP/BZMPOP's keys, end and count, parsed as zmpopGenericCommand does. */
  record MpopArgs(byte[][] keys, boolean max, long count) {}

  static MpopArgs parseMpop(byte[][] argv, int numkeysIdx) {
    long numkeys = Parse.rangeLongArg(argv[numkeysIdx], 1, Long.MAX_VALUE,
        Errors.NUMKEYS_NOT_POSITIVE);
    if (numkeys >= argv.length - numkeysIdx - 1) {
      throw new CommandError(Errors.SYNTAX);
    }
    int whereIdx = (int) (numkeysIdx + numkeys + 1);
    boolean max;
    if (Parse.is(argv[whereIdx], "min")) {
      max = false;
    } else if (Parse.is(argv[whereIdx], "max")) {
      max = true;
    } else {
      throw new CommandError(Errors.SYNTAX);
    }
    long count = -1;
    for (int j = whereIdx + 1; j < argv.length; j++) {
      if (count == -1 && Parse.is(argv[j], "count") && j + 1 < argv.length) {
        count = Parse.rangeLongArg(argv[++j], 1, Long.MAX_VALUE, Errors.COUNT_POSITIVE);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    byte[][] keys = java.util.Arrays.copyOfRange(argv, numkeysIdx + 1, whereIdx);
    return new MpopArgs(keys, max, count == -1 ? 1 : count);
  }

  static void checkZmpop(byte[][] argv) {
    parseMpop(argv, 1);
  }

  static void checkBzmpop(byte[][] argv) {
    parseMpop(argv, 2);
    Parse.timeoutMillisArg(argv[1]);
  }

  static Reply zmpop(Ctx ctx, byte[][] argv) {
    MpopArgs a = parseMpop(argv, 1);
    Reply r = pop(ctx, a.keys, a.max, a.count, Shape.MPOP);
    return r == null ? Reply.NULL_ARRAY : r;
  }

  /** Like ZMPOP on the first non-empty key, else blocks. */
  static Reply bzmpop(Ctx ctx, byte[][] argv) {
    checkBzmpop(argv);
    MpopArgs a = parseMpop(argv, 2);
    Reply r = pop(ctx, a.keys, a.max, a.count, Shape.MPOP);
    return r == null ? Reply.BLOCKED : r;
  }

  // ---- ZRANDMEMBER ----

  /** ZRANDMEMBER's count (null when absent) and WITHSCORES, checked before the lookup. */
  record RandArgs(long count, boolean withScores) {}

  static RandArgs checkZrandmember(byte[][] argv) {
    if (argv.length < 3) {
      return null;
    }
    long count = Parse.longArg(argv[2]);
    if (count == Long.MIN_VALUE) {
      throw new CommandError(Errors.longRange(-Long.MAX_VALUE, Long.MAX_VALUE));
    }
    boolean withScores = argv.length == 4;
    if (argv.length > 4 || (withScores && !Parse.is(argv[3], "withscores"))) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
      throw new CommandError(Errors.OUT_OF_RANGE);
    }
    if (count < -Sampling.REPLY_COUNT_MAX) {
      throw new CommandError(Errors.OUT_OF_RANGE);
    }
    return new RandArgs(count, withScores);
  }

  /**
   * A negative count draws with repeats, a count at least the size answers the whole set from
   * the highest score down (Redis iterates from the tail), a smaller count draws distinct
   * members. Writes and reads draw from {@link Sampling#random}.
   */
  static Reply zrandmember(Ctx ctx, byte[][] argv) {
    RandArgs a = checkZrandmember(argv);
    ZSetValue z = read(ctx, argv[1]);
    if (a == null) {
      return z == null ? Reply.NULL
          : new Reply.Bulk(z.memberAt(Sampling.random(ctx, argv[1]).nextInt(z.size())));
    }
    if (z == null || a.count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    SplittableRandom rnd = Sampling.random(ctx, argv[1]);
    int[] picks = Sampling.randomPositions(rnd, z.size(), a.count);
    boolean whole = a.count >= z.size();
    // A listpack is walked once rather than once per pick (up to REPLY_COUNT_MAX picks).
    Collected all = null;
    if (z.isListpack()) {
      all = new Collected();
      z.forEach(all);
    }
    Collected c = new Collected();
    for (int p : picks) {
      int at = whole ? z.size() - 1 - p : p;
      if (all != null) {
        c.accept(all.members.get(at), all.scores.get(at));
      } else {
        c.accept(z.memberAt(at), z.scoreAt(at));
      }
    }
    return c.reply(a.withScores);
  }

  // ---- ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD ----

  static final int OP_UNION = 0;
  static final int OP_INTER = 1;
  static final int OP_DIFF = 2;
  static final int AGGR_SUM = 0;
  static final int AGGR_MIN = 1;
  static final int AGGR_MAX = 2;

  /** One input: a sorted set, a plain set (scores 1) or a missing key (empty). */
  record Source(Object value, double weight) {
    int size() {
      return value instanceof ZSetValue z ? z.size()
          : value instanceof MemberSet s ? s.size() : 0;
    }

    /** The member's score in this input, NaN when absent. */
    double score(byte[] member) {
      if (value instanceof ZSetValue z) {
        return z.score(member);
      }
      return value instanceof MemberSet s && s.contains(member) ? 1.0 : Double.NaN;
    }

    void forEach(ZSetValue.Sink sink) {
      if (value instanceof ZSetValue z) {
        z.forEach(sink);
      } else if (value instanceof MemberSet s) {
        for (int i = 0; i < s.size(); i++) {
          sink.accept(s.memberAt(i), 1.0);
        }
      }
    }
  }

  /**
   * The key count of zunionInterDiffGenericCommand, checked before any lookup: numkeys must be
   * at least 1 and the keys must be there. numkeysIdx is 1, or 2 for the STORE forms.
   */
  static int checkNumkeys(byte[][] argv, int numkeysIdx) {
    long n = Parse.longArg(argv[numkeysIdx]);
    if (n < 1) {
      throw new CommandError(Errors.noInputKey(Parse.lower(argv[0])));
    }
    if (n > argv.length - numkeysIdx - 1) {
      throw new CommandError(Errors.SYNTAX);
    }
    return (int) n;
  }

  static void checkNumkeys1(byte[][] argv) {
    checkNumkeys(argv, 1);
  }

  static void checkNumkeys2(byte[][] argv) {
    checkNumkeys(argv, 2);
  }

  /** The options after the keys, which Redis parses only once the keys were found. */
  record SetOpArgs(Source[] sources, int aggregate, boolean withScores, long limit) {}

  static SetOpArgs parseSetOp(Ctx ctx, byte[][] argv, int numkeysIdx, int op, boolean store,
      boolean cardOnly) {
    int n = checkNumkeys(argv, numkeysIdx);
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      Keyspace.Entry e = ctx.lookupRead(argv[numkeysIdx + 1 + i]);
      if (e != null && !(e.value instanceof ZSetValue) && !(e.value instanceof MemberSet)) {
        throw new CommandError(Errors.WRONGTYPE);
      }
      values[i] = e == null ? null : e.value;
    }
    double[] weights = new double[n];
    java.util.Arrays.fill(weights, 1.0);
    int aggregate = AGGR_SUM;
    boolean withScores = false;
    long limit = 0;
    for (int j = numkeysIdx + 1 + n; j < argv.length; j++) {
      int remaining = argv.length - j;
      if (op != OP_DIFF && !cardOnly && remaining >= n + 1 && Parse.is(argv[j], "weights")) {
        for (int i = 0; i < n; i++) {
          weights[i] = Doubles.parseOr(argv[++j], Errors.WEIGHT_NOT_FLOAT);
        }
      } else if (op != OP_DIFF && !cardOnly && remaining >= 2
          && Parse.is(argv[j], "aggregate")) {
        aggregate = aggregate(argv[++j]);
      } else if (!store && !cardOnly && Parse.is(argv[j], "withscores")) {
        withScores = true;
      } else if (cardOnly && remaining >= 2 && Parse.is(argv[j], "limit")) {
        limit = Parse.rangeLongArg(argv[++j], 0, Long.MAX_VALUE, Errors.LIMIT_NEGATIVE);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    Source[] sources = new Source[n];
    for (int i = 0; i < n; i++) {
      sources[i] = new Source(values[i], weights[i]);
    }
    if (op != OP_DIFF) {
      // Smallest first, as Redis sorts them; a stable sort keeps equal sizes in order.
      java.util.Arrays.sort(sources, java.util.Comparator.comparingInt(Source::size));
    }
    return new SetOpArgs(sources, aggregate, withScores, limit);
  }

  private static int aggregate(byte[] arg) {
    if (Parse.is(arg, "sum")) {
      return AGGR_SUM;
    } else if (Parse.is(arg, "min")) {
      return AGGR_MIN;
    } else if (Parse.is(arg, "max")) {
      return AGGR_MAX;
    }
    throw new CommandError(Errors.SYNTAX);
  }

  /** zunionInterAggregate: a sum of +inf and -inf is 0, not NaN. */
  static double aggregate(double target, double v, int aggregate) {
    if (aggregate == AGGR_SUM) {
      double sum = target + v;
      return Double.isNaN(sum) ? 0.0 : sum;
    }
    if (aggregate == AGGR_MIN) {
      return v < target ? v : target;
    }
    return v > target ? v : target;
  }

  /** A weighted score, NaN (0 times infinity) taken as 0. */
  private static double weighted(double weight, double s) {
    double v = weight * s;
    return Double.isNaN(v) ? 0.0 : v;
  }

  /** The intersection (or its size, stopping at limit when cardOnly), sorted. */
  static Collected inter(SetOpArgs a, boolean cardOnly, long[] card) {
    Source[] src = a.sources;
    ZSetValue result = ZSetValue.skiplist();
    if (src[0].size() == 0) {
      return collect(result);
    }
    src[0].forEach(new ZSetValue.Sink() {
      private boolean done;

      @Override
      public void accept(byte[] member, double s) {
        if (done) {
          return;
        }
        double total = weighted(src[0].weight(), s);
        for (int j = 1; j < src.length; j++) {
          double v = src[j].value() == src[0].value() ? s : src[j].score(member);
          if (Double.isNaN(v)) {
            return;
          }
          total = aggregate(total, v * src[j].weight(), a.aggregate);
        }
        if (cardOnly) {
          card[0]++;
          done = a.limit > 0 && card[0] >= a.limit;
        } else {
          result.addNew(total, member);
        }
      }
    });
    return collect(result);
  }

  /** The union: scores aggregated over the inputs in order, sorted. */
  static Collected union(SetOpArgs a) {
    java.util.Map<MemberKey, double[]> acc = new java.util.HashMap<>();
    List<byte[]> order = new ArrayList<>();
    for (Source src : a.sources) {
      src.forEach((member, s) -> {
        double v = weighted(src.weight(), s);
        double[] cur = acc.get(new MemberKey(member));
        if (cur == null) {
          acc.put(new MemberKey(member), new double[] {v});
          order.add(member);
        } else {
          cur[0] = aggregate(cur[0], v, a.aggregate);
        }
      });
    }
    ZSetValue result = ZSetValue.skiplist();
    for (byte[] m : order) {
      result.addNew(acc.get(new MemberKey(m))[0], m);
    }
    return collect(result);
  }

  /** The members of the first input in none of the others, with their first scores. */
  static Collected diff(SetOpArgs a) {
    Source[] src = a.sources;
    ZSetValue result = ZSetValue.skiplist();
    for (int j = 1; j < src.length; j++) {
      if (src[j].value() != null && src[j].value() == src[0].value()) {
        return collect(result);
      }
    }
    src[0].forEach((member, s) -> {
      for (int j = 1; j < src.length; j++) {
        if (!Double.isNaN(src[j].score(member))) {
          return;
        }
      }
      result.addNew(s, member);
    });
    return collect(result);
  }

  private static Collected collect(ZSetValue z) {
    Collected c = new Collected();
    z.forEach(c);
    return c;
  }

  /** A member as a hash key with content equality (deterministic hash, no identity). */
  record MemberKey(byte[] b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof MemberKey k && java.util.Arrays.equals(b, k.b);
    }

    @Override
    public int hashCode() {
      return Keyspace.hash(b);
    }
  }

  private static Collected setOp(SetOpArgs a, int op) {
    return op == OP_UNION ? union(a) : op == OP_INTER ? inter(a, false, null) : diff(a);
  }

  private static Reply setOpRead(Ctx ctx, byte[][] argv, int op) {
    SetOpArgs a = parseSetOp(ctx, argv, 1, op, false, false);
    return setOp(a, op).reply(a.withScores);
  }

  private static Reply setOpStore(Ctx ctx, byte[][] argv, int op) {
    SetOpArgs a = parseSetOp(ctx, argv, 2, op, true, false);
    return store(ctx, argv[1], setOp(a, op));
  }

  static Reply zunion(Ctx ctx, byte[][] argv) {
    return setOpRead(ctx, argv, OP_UNION);
  }

  static Reply zinter(Ctx ctx, byte[][] argv) {
    return setOpRead(ctx, argv, OP_INTER);
  }

  static Reply zdiff(Ctx ctx, byte[][] argv) {
    return setOpRead(ctx, argv, OP_DIFF);
  }

  static Reply zunionstore(Ctx ctx, byte[][] argv) {
    return setOpStore(ctx, argv, OP_UNION);
  }

  static Reply zinterstore(Ctx ctx, byte[][] argv) {
    return setOpStore(ctx, argv, OP_INTER);
  }

  static Reply zdiffstore(Ctx ctx, byte[][] argv) {
    return setOpStore(ctx, argv, OP_DIFF);
  }

  static Reply zintercard(Ctx ctx, byte[][] argv) {
    SetOpArgs a = parseSetOp(ctx, argv, 1, OP_INTER, false, true);
    long[] card = {0};
    inter(a, true, card);
    return Reply.integer(card[0]);
  }

  // ---- ZSCAN ----

  static void checkZscan(byte[][] argv) {
    ElementScan.checkCursor(argv);
  }

  static Reply zscan(Ctx ctx, byte[][] argv) {
    long cursor = KeyCommands.parseCursor(argv[2]);
    ZSetValue z = read(ctx, argv[1]);
    if (z == null) {
      return ElementScan.empty();
    }
    ElementScan.Options o = ElementScan.parseOptions(argv);
    if (z.isListpack()) {
      List<byte[]> items = new ArrayList<>();
      z.scan(0, items);
      return ElementScan.reply(0, items, o.match(), 2);
    }
    return ElementScan.walk(cursor, o, 2, z::scan);
  }
}
