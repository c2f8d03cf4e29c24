package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The list commands, after Redis's t_list.c. The representation is {@link ListValue}'s; the
 * blocking commands serve at once when they can and otherwise return {@link Reply#BLOCKED}
 * without changing anything.
 */
final class ListCommands {
  private ListCommands() {}

  /** The list at e, or WRONGTYPE. */
  static ListValue list(Keyspace.Entry e) {
    if (e.value instanceof ListValue l) {
      return l;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /** Redis's getListPositionFromObjectOrReply: true for LEFT (the head), false for RIGHT. */
  static boolean whereArg(byte[] arg) {
    if (Parse.is(arg, "left")) {
      return true;
    }
    if (Parse.is(arg, "right")) {
      return false;
    }
    throw new CommandError(Errors.SYNTAX);
  }

  private static Reply bulks(List<byte[]> items) {
    Reply[] out = new Reply[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Reply.Bulk(items.get(i));
    }
    return new Reply.Arr(out);
  }

  // ---- LPUSH RPUSH LPUSHX RPUSHX ----

  static Reply lpush(Ctx ctx, byte[][] argv) {
    return push(ctx, argv, true, false);
  }

  static Reply rpush(Ctx ctx, byte[][] argv) {
    return push(ctx, argv, false, false);
  }

  static Reply lpushx(Ctx ctx, byte[][] argv) {
    return push(ctx, argv, true, true);
  }

  static Reply rpushx(Ctx ctx, byte[][] argv) {
    return push(ctx, argv, false, true);
  }

  /** Redis's pushGenericCommand; onlyIfExists for the X variants. */
  private static Reply push(Ctx ctx, byte[][] argv, boolean head, boolean onlyIfExists) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    ListValue l;
    if (e == null) {
      if (onlyIfExists) {
        return Reply.ZERO;
      }
      l = new ListValue();
      ctx.insert(argv[1], l, -1);
    } else {
      l = list(e);
      ctx.mutating(e);
    }
    for (int j = 2; j < argv.length; j++) {
      l.push(argv[j], head);
    }
    ctx.notify(NotifyFlags.LIST, head ? "lpush" : "rpush", argv[1]);
    return Reply.integer(l.size());
  }

  // ---- LPOP RPOP ----

  /** LPOP/RPOP key [count]: a count must be a long >= 0; more arguments are an arity error. */
  static void checkPop(byte[][] argv) {
    if (argv.length > 3) {
      throw new CommandError(Errors.wrongArity(Parse.lower(argv[0])));
    }
    if (argv.length == 3) {
      Parse.positiveLongArg(argv[2]);
    }
  }

  static Reply lpop(Ctx ctx, byte[][] argv) {
    return pop(ctx, argv, true);
  }

  static Reply rpop(Ctx ctx, byte[][] argv) {
    return pop(ctx, argv, false);
  }

  /** Redis's popGenericCommand: with a count the reply is an array (null array on no key). */
  private static Reply pop(Ctx ctx, byte[][] argv, boolean head) {
    checkPop(argv);
    boolean hasCount = argv.length == 3;
    long count = hasCount ? Parse.positiveLongArg(argv[2]) : 1;
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return hasCount ? Reply.NULL_ARRAY : Reply.NULL;
    }
    ListValue l = list(e);
    if (hasCount && count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    ctx.mutating(e);
    Reply out = hasCount ? bulks(popMany(l, head, count)) : new Reply.Bulk(l.pop(head));
    ctx.notify(NotifyFlags.LIST, head ? "lpop" : "rpop", argv[1]);
    ctx.deleteIfEmptyNotify(e);
    return out;
  }

  private static List<byte[]> popMany(ListValue l, boolean head, long count) {
    List<byte[]> out = new ArrayList<>((int) Math.min(count, l.size()));
    while (count-- > 0 && !l.isEmpty()) {
      out.add(l.pop(head));
    }
    return out;
  }

  // ---- LLEN LINDEX LSET LRANGE LTRIM ----

  static Reply llen(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    return Reply.integer(e == null ? 0 : list(e).size());
  }

  /** Redis looks the key up before it parses the index, so there is nothing to validate. */
  static Reply lindex(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.NULL;
    }
    ListValue l = list(e);
    long index = Parse.longArg(argv[2]);
    index = index < 0 ? l.size() + index : index;
    if (index < 0 || index >= l.size()) {
      return Reply.NULL;
    }
    return new Reply.Bulk(l.get(l.seek(index)));
  }

  /** LSET looks the key up first too ("no such key" beats a bad index): no validator. */
  static Reply lset(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      throw new CommandError(Errors.NO_SUCH_KEY);
    }
    ListValue l = list(e);
    long index = Parse.longArg(argv[2]);
    index = index < 0 ? l.size() + index : index;
    if (index < 0 || index >= l.size()) {
      throw new CommandError(Errors.INDEX_RANGE);
    }
    ctx.mutating(e);
    l.set(l.seek(index), argv[3]);
    ctx.notify(NotifyFlags.LIST, "lset", argv[1]);
    return Reply.OK;
  }

  /** LRANGE and LTRIM parse start and stop before looking the key up. */
  static void checkRange(byte[][] argv) {
    Parse.longArg(argv[2]);
    Parse.longArg(argv[3]);
  }

  static Reply lrange(Ctx ctx, byte[][] argv) {
    long start = Parse.longArg(argv[2]);
    long end = Parse.longArg(argv[3]);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.EMPTY_ARRAY;
    }
    ListValue l = list(e);
    long len = l.size();
    start = Math.max(0, start < 0 ? len + start : start);
    end = end < 0 ? len + end : end;
    if (start > end || start >= len) {
      return Reply.EMPTY_ARRAY;
    }
    end = Math.min(end, len - 1);
    Reply[] out = new Reply[(int) (end - start + 1)];
    ListValue.Cursor c = l.seek(start);
    for (int i = 0; i < out.length; i++) {
      out[i] = new Reply.Bulk(l.get(c));
      if (i + 1 < out.length) {
        l.next(c);
      }
    }
    return new Reply.Arr(out);
  }

  static Reply ltrim(Ctx ctx, byte[][] argv) {
    long start = Parse.longArg(argv[2]);
    long end = Parse.longArg(argv[3]);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.OK;
    }
    ListValue l = list(e);
    long len = l.size();
    start = Math.max(0, start < 0 ? len + start : start);
    end = end < 0 ? len + end : end;
    long fromHead;
    long fromTail;
    if (start > end || start >= len) {
      fromHead = len;
      fromTail = 0;
    } else {
      end = Math.min(end, len - 1);
      fromHead = start;
      fromTail = len - end - 1;
    }
    ctx.mutating(e);
    l.trim(fromHead, true);
    l.trim(fromTail, false);
    ctx.notify(NotifyFlags.LIST, "ltrim", argv[1]);
    ctx.deleteIfEmptyNotify(e);
    return Reply.OK;
  }

  // ---- LREM LINSERT LPOS ----

  static void checkLrem(byte[][] argv) {
    Parse.longArg(argv[2]);
  }

  /** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
  static Reply lrem(Ctx ctx, byte[][] argv) {
    long toRemove = Parse.longArg(argv[2]);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    ListValue l = list(e);
    boolean forward = toRemove >= 0;
    long limit = toRemove == 0 ? Long.MAX_VALUE : toRemove == Long.MIN_VALUE ? Long.MAX_VALUE
        : Math.abs(toRemove);
    long removed = 0;
    ListValue.Cursor c = forward ? l.head() : l.tail();
    boolean more = true;
    while (more && removed < limit) {
      if (l.matches(c, argv[3])) {
        if (removed == 0) {
          ctx.mutating(e);
        }
        removed++;
        more = l.remove(c, forward);
      } else {
        more = l.step(c, forward);
      }
    }
    if (removed > 0) {
      l.compact();
      ctx.notify(NotifyFlags.LIST, "lrem", argv[1]);
      ctx.deleteIfEmptyNotify(e);
    }
    return Reply.integer(removed);
  }

  /** LINSERT key BEFORE|AFTER pivot element. */
  static boolean checkLinsert(byte[][] argv) {
    if (Parse.is(argv[2], "after")) {
      return true;
    }
    if (Parse.is(argv[2], "before")) {
      return false;
    }
    throw new CommandError(Errors.SYNTAX);
  }

  static Reply linsert(Ctx ctx, byte[][] argv) {
    boolean after = checkLinsert(argv);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    ListValue l = list(e);
    ListValue.Cursor c = l.head();
    for (boolean more = true; more; more = l.next(c)) {
      if (l.matches(c, argv[3])) {
        ctx.mutating(e);
        l.insert(c, argv[4], after);
        ctx.notify(NotifyFlags.LIST, "linsert", argv[1]);
        return Reply.integer(l.size());
      }
    }
    return Reply.integer(-1);
  }

  /** LPOS options: rank (never 0), count (-1 when not given) and maxlen (0 is unlimited). */
  record LposArgs(long rank, long count, long maxlen) {}

  static LposArgs checkLpos(byte[][] argv) {
    long rank = 1;
    long count = -1;
    long maxlen = 0;
    for (int j = 3; j < argv.length; j++) {
      boolean more = j < argv.length - 1;
      if (Parse.is(argv[j], "rank") && more) {
        rank = Parse.longArg(argv[++j]);
        if (rank == 0) {
          throw new CommandError(Errors.RANK_ZERO);
        }
      } else if (Parse.is(argv[j], "count") && more) {
        count = Parse.rangeLongArg(argv[++j], 0, Long.MAX_VALUE, Errors.COUNT_NEGATIVE);
      } else if (Parse.is(argv[j], "maxlen") && more) {
        maxlen = Parse.rangeLongArg(argv[++j], 0, Long.MAX_VALUE, Errors.MAXLEN_NEGATIVE);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new LposArgs(rank, count, maxlen);
  }

  /** LPOS key element [RANK rank] [COUNT n] [MAXLEN len]; a negative rank walks from the tail. */
  static Reply lpos(Ctx ctx, byte[][] argv) {
    LposArgs a = checkLpos(argv);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return a.count != -1 ? Reply.EMPTY_ARRAY : Reply.NULL;
    }
    ListValue l = list(e);
    boolean forward = a.rank > 0;
    // Redis 7.0 negates the rank in a long: LLONG_MIN stays negative, so every match qualifies
    // and its COUNT test overflows, so COUNT never stops the walk.
    boolean minRank = a.rank == Long.MIN_VALUE;
    long rank = minRank ? 1 : Math.abs(a.rank);
    long wanted = a.count == -1 ? 1 : a.count == 0 || minRank ? Long.MAX_VALUE : a.count;
    long maxlen = a.maxlen == 0 ? Long.MAX_VALUE : a.maxlen;
    List<Reply> found = new ArrayList<>();
    ListValue.Cursor c = forward ? l.head() : l.tail();
    long matches = 0;
    long index = 0;
    for (boolean more = true; more && index < maxlen && found.size() < wanted; index++) {
      if (l.matches(c, argv[2]) && ++matches >= rank) {
        found.add(Reply.integer(forward ? index : l.size() - index - 1));
      }
      more = l.step(c, forward);
    }
    if (a.count != -1) {
      return new Reply.Arr(found.toArray(new Reply[0]));
    }
    return found.isEmpty() ? Reply.NULL : found.get(0);
  }

  // ---- LMOVE RPOPLPUSH LMPOP ----

  static void checkLmove(byte[][] argv) {
    whereArg(argv[3]);
    whereArg(argv[4]);
  }

  static Reply lmove(Ctx ctx, byte[][] argv) {
    return move(ctx, argv[1], argv[2], whereArg(argv[3]), whereArg(argv[4]));
  }

  static Reply rpoplpush(Ctx ctx, byte[][] argv) {
    return move(ctx, argv[1], argv[2], false, true);
  }

  /**
   * Redis's lmoveGenericCommand: nil when the source is missing; both types are checked before
   * anything moves. The source is deleted only after the push, so a rotation of a one-element
   * list onto itself keeps it.
   */
  private static Reply move(Ctx ctx, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
    Keyspace.Entry se = ctx.lookup(src);
    if (se == null) {
      return Reply.NULL;
    }
    ListValue sl = list(se);
    Keyspace.Entry de = ctx.lookup(dst);
    ListValue dl = de == null ? null : list(de);
    ctx.mutating(se);
    byte[] v = sl.pop(fromHead);
    if (dl == null) {
      dl = new ListValue();
      ctx.insert(dst, dl, -1);
    } else {
      ctx.mutating(de);
    }
    dl.push(v, toHead);
    ctx.notify(NotifyFlags.LIST, toHead ? "lpush" : "rpush", dst);
    ctx.notify(NotifyFlags.LIST, fromHead ? "lpop" : "rpop", src);
    ctx.deleteIfEmptyNotify(se);
    return new Reply.Bulk(v);
  }

  /** Parsed LMPOP/BLMPOP arguments: the keys are argv[firstKey, firstKey + numkeys). */
  record MpopArgs(int firstKey, int numkeys, boolean head, long count) {}

  /** Redis's lmpopGenericCommand parsing; numkeysIdx is 1 for LMPOP and 2 for BLMPOP. */
  static MpopArgs parseMpop(byte[][] argv, int numkeysIdx) {
    long numkeys = Parse.rangeLongArg(argv[numkeysIdx], 1, Long.MAX_VALUE,
        Errors.NUMKEYS_NOT_POSITIVE);
    if (numkeys >= argv.length - numkeysIdx - 1) {
      throw new CommandError(Errors.SYNTAX);
    }
    int whereIdx = numkeysIdx + (int) numkeys + 1;
    boolean head = whereArg(argv[whereIdx]);
    long count = -1;
    for (int j = whereIdx + 1; j < argv.length; j++) {
      if (count == -1 && Parse.is(argv[j], "count") && j < argv.length - 1) {
        count = Parse.rangeLongArg(argv[++j], 1, Long.MAX_VALUE, Errors.COUNT_POSITIVE);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new MpopArgs(numkeysIdx + 1, (int) numkeys, head, count == -1 ? 1 : count);
  }

  static void checkLmpop(byte[][] argv) {
    parseMpop(argv, 1);
  }

  static Reply lmpop(Ctx ctx, byte[][] argv) {
    Reply r = mpop(ctx, argv, parseMpop(argv, 1));
    return r == null ? Reply.NULL_ARRAY : r;
  }

  /** Pops from the first non-empty list: [key, [elements]]; null when every list is missing. */
  private static Reply mpop(Ctx ctx, byte[][] argv, MpopArgs a) {
    for (int j = a.firstKey; j < a.firstKey + a.numkeys; j++) {
      Keyspace.Entry e = ctx.lookup(argv[j]);
      if (e == null) {
        continue;
      }
      ListValue l = list(e);
      ctx.mutating(e);
      Reply popped = bulks(popMany(l, a.head, a.count));
      ctx.notify(NotifyFlags.LIST, a.head ? "lpop" : "rpop", argv[j]);
      ctx.deleteIfEmptyNotify(e);
      return Reply.array(new Reply.Bulk(argv[j]), popped);
    }
    return null;
  }

  // ---- the blocking variants ----

  /** BLPOP/BRPOP key [key ...] timeout. */
  static void checkBpop(byte[][] argv) {
    Parse.timeoutMillisArg(argv[argv.length - 1]);
  }

  static Reply blpop(Ctx ctx, byte[][] argv) {
    return bpop(ctx, argv, true);
  }

  static Reply brpop(Ctx ctx, byte[][] argv) {
    return bpop(ctx, argv, false);
  }

  /** Redis's blockingPopGenericCommand: the first existing list in argument order is served. */
  private static Reply bpop(Ctx ctx, byte[][] argv, boolean head) {
    checkBpop(argv);
    for (int j = 1; j < argv.length - 1; j++) {
      Keyspace.Entry e = ctx.lookup(argv[j]);
      if (e == null) {
        continue;
      }
      ListValue l = list(e);
      ctx.mutating(e);
      byte[] v = l.pop(head);
      ctx.notify(NotifyFlags.LIST, head ? "lpop" : "rpop", argv[j]);
      ctx.deleteIfEmptyNotify(e);
      return Reply.array(new Reply.Bulk(argv[j]), new Reply.Bulk(v));
    }
    return Reply.BLOCKED;
  }

  /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
  static void checkBlmove(byte[][] argv) {
    checkLmove(argv);
    Parse.timeoutMillisArg(argv[5]);
  }

  static Reply blmove(Ctx ctx, byte[][] argv) {
    checkBlmove(argv);
    return bmove(ctx, argv[1], argv[2], whereArg(argv[3]), whereArg(argv[4]));
  }

  /** BRPOPLPUSH source destination timeout. */
  static void checkBrpoplpush(byte[][] argv) {
    Parse.timeoutMillisArg(argv[3]);
  }

  static Reply brpoplpush(Ctx ctx, byte[][] argv) {
    checkBrpoplpush(argv);
    return bmove(ctx, argv[1], argv[2], false, true);
  }

  /** Blocks while the source is missing, whatever the destination holds (as Redis). */
  private static Reply bmove(Ctx ctx, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
    Keyspace.Entry se = ctx.lookup(src);
    if (se == null) {
      return Reply.BLOCKED;
    }
    list(se);
    return move(ctx, src, dst, fromHead, toHead);
  }

  /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: timeout parsed last. */
  static MpopArgs checkBlmpop(byte[][] argv) {
    MpopArgs a = parseMpop(argv, 2);
    Parse.timeoutMillisArg(argv[1]);
    return a;
  }

  static Reply blmpop(Ctx ctx, byte[][] argv) {
    Reply r = mpop(ctx, argv, checkBlmpop(argv));
    return r == null ? Reply.BLOCKED : r;
  }
}
