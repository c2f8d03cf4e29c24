package io.mneme.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The set commands, after Redis 7.0's t_set.c. They only use {@link SetValue}'s type API.
 * Errors that depend on the arguments alone are found by the check functions, which the
 * validators and the handlers share; WRONGTYPE is an ordinary reply, raised before anything
 * changes.
 */
final class SetCommands {
  private SetCommands() {}

  /** The set held by a live entry, or WRONGTYPE. */
  static SetValue setOf(Keyspace.Entry e) {
    if (e.value instanceof SetValue s) {
      return s;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /** The set at key, null if absent, WRONGTYPE if the key holds another type. */
  private static SetValue read(Ctx ctx, byte[] key) {
    Keyspace.Entry e = ctx.lookupRead(key);
    return e == null ? null : setOf(e);
  }

  private static Reply[] bulks(List<byte[]> members) {
    Reply[] out = new Reply[members.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Reply.Bulk(members.get(i));
    }
    return out;
  }

  /** Every member in the set's order (ascending for an intset). */
  private static List<byte[]> members(SetValue s) {
    List<byte[]> out = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      out.add(s.memberAt(i));
    }
    return out;
  }

  // ---- SADD, SREM, SMOVE ----

  static Reply sadd(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    SetValue s;
    if (e == null) {
      s = SetValue.create(argv[2]);
      ctx.insert(argv[1], s, -1);
    } else {
      s = setOf(e);
      ctx.mutating(e);
    }
    long added = 0;
    for (int i = 2; i < argv.length; i++) {
      if (s.add(argv[i])) {
        added++;
      }
    }
    if (added > 0) {
      ctx.notify(NotifyFlags.SET, "sadd", argv[1]);
    }
    return Reply.integer(added);
  }

  static Reply srem(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    if (e == null) {
      return Reply.ZERO;
    }
    SetValue s = setOf(e);
    ctx.mutating(e);
    long removed = 0;
    for (int i = 2; i < argv.length && !s.isEmpty(); i++) {
      if (s.remove(argv[i])) {
        removed++;
      }
    }
    if (removed > 0) {
      ctx.notify(NotifyFlags.SET, "srem", argv[1]);
      ctx.deleteIfEmptyNotify(e);
    }
    return Reply.integer(removed);
  }

  /** Redis's smoveCommand, in its order of checks. */
  static Reply smove(Ctx ctx, byte[][] argv) {
    Keyspace.Entry src = ctx.lookup(argv[1]);
    Keyspace.Entry dst = ctx.lookup(argv[2]);
    byte[] member = argv[3];
    if (src == null) {
      return Reply.ZERO;
    }
    SetValue from = setOf(src);
    SetValue to = dst == null ? null : setOf(dst);
    if (src == dst) {
      return from.contains(member) ? Reply.ONE : Reply.ZERO;
    }
    if (!from.contains(member)) {
      return Reply.ZERO;
    }
    ctx.mutating(src);
    from.remove(member);
    ctx.notify(NotifyFlags.SET, "srem", argv[1]);
    ctx.deleteIfEmptyNotify(src);
    if (to == null) {
      ctx.insert(argv[2], to = SetValue.create(member), -1);
    } else {
      ctx.mutating(dst);
    }
    to.add(member);
    ctx.notify(NotifyFlags.SET, "sadd", argv[2]);
    return Reply.ONE;
  }

  // ---- reads ----

  static Reply scard(Ctx ctx, byte[][] argv) {
    SetValue s = read(ctx, argv[1]);
    return Reply.integer(s == null ? 0 : s.size());
  }

  static Reply sismember(Ctx ctx, byte[][] argv) {
    SetValue s = read(ctx, argv[1]);
    return s != null && s.contains(argv[2]) ? Reply.ONE : Reply.ZERO;
  }

  static Reply smismember(Ctx ctx, byte[][] argv) {
    SetValue s = read(ctx, argv[1]);
    Reply[] out = new Reply[argv.length - 2];
    for (int i = 2; i < argv.length; i++) {
      out[i - 2] = s != null && s.contains(argv[i]) ? Reply.ONE : Reply.ZERO;
    }
    return new Reply.Arr(out);
  }

  static Reply smembers(Ctx ctx, byte[][] argv) {
    SetValue s = read(ctx, argv[1]);
    return new Reply.SetReply(s == null ? new Reply[0] : bulks(members(s)));
  }

  static Reply sscan(Ctx ctx, byte[][] argv) {
    long cursor = KeyCommands.parseCursor(argv[2]);
    SetValue s = read(ctx, argv[1]);
    if (s == null) {
      return ElementScan.empty();
    }
    ElementScan.Options o = ElementScan.parseOptions(argv);
    return ElementScan.walk(cursor, o, 1, s::scan);
  }

  // ---- SRANDMEMBER, SPOP ----

  /** SRANDMEMBER's count, or null without one (srandmemberCommand, before the lookup). */
  static Long checkSrandmember(byte[][] argv) {
    if (argv.length > 3) {
      throw new CommandError(Errors.SYNTAX);
    }
    return argv.length == 3 ? Sampling.randomCount(argv[2]) : null;
  }

  static Reply srandmember(Ctx ctx, byte[][] argv) {
    Long count = checkSrandmember(argv);
    SetValue s = read(ctx, argv[1]);
    if (count == null) {
      if (s == null) {
        return Reply.NULL;
      }
      return new Reply.Bulk(s.memberAt(Sampling.random(ctx, argv[1]).nextInt(s.size())));
    }
    if (s == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    int[] picks = Sampling.randomPositions(Sampling.random(ctx, argv[1]), s.size(), count);
    Reply[] out = new Reply[picks.length];
    for (int i = 0; i < picks.length; i++) {
      out[i] = new Reply.Bulk(s.memberAt(picks[i]));
    }
    return new Reply.Arr(out);
  }

  /** SPOP's count (getPositiveLongFromObjectOrReply), or null without one. */
  static Long checkSpop(byte[][] argv) {
    if (argv.length > 3) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (argv.length < 3) {
      return null;
    }
    Long count = Parse.parseLong(argv[2]);
    if (count == null || count < 0) {
      throw new CommandError(Errors.NOT_POSITIVE);
    }
    return count;
  }

  /**
   * Redis's spopCommand and spopWithCountCommand. The members come from the entry's seed, so
   * every replica pops the same ones (Redis instead propagates SREMs).
   */
  static Reply spop(Ctx ctx, byte[][] argv) {
    Long count = checkSpop(argv);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    SetValue s = e == null ? null : setOf(e);
    if (count == null) {
      if (s == null) {
        return Reply.NULL;
      }
      byte[] member = s.memberAt(Sampling.random(ctx, argv[1]).nextInt(s.size()));
      ctx.mutating(e);
      s.remove(member);
      ctx.notify(NotifyFlags.SET, "spop", argv[1]);
      ctx.deleteIfEmptyNotify(e);
      return new Reply.Bulk(member);
    }
    if (s == null || count == 0) {
      return new Reply.SetReply(new Reply[0]);
    }
    List<byte[]> popped;
    ctx.notify(NotifyFlags.SET, "spop", argv[1]);
    if (count >= s.size()) {
      popped = members(s);
      ctx.ks.delete(e);
      ctx.notify(NotifyFlags.GENERIC, "del", argv[1]);
      return new Reply.SetReply(bulks(popped));
    }
    popped = new ArrayList<>();
    SplittableRandom rnd = Sampling.random(ctx, argv[1]);
    for (int p : Sampling.distinct(rnd, s.size(), (int) (long) count)) {
      popped.add(s.memberAt(p));
    }
    ctx.mutating(e);
    for (byte[] m : popped) {
      s.remove(m);
    }
    return new Reply.SetReply(bulks(popped));
  }

  // ---- SINTER, SINTERCARD, SINTERSTORE ----

  /**
   * The sets at keys, null for a missing key; WRONGTYPE if any key holds another type (Redis
   * checks every key before it computes anything).
   */
  private static SetValue[] lookupAll(Ctx ctx, byte[][] argv, int from, int to) {
    SetValue[] sets = new SetValue[to - from];
    for (int i = from; i < to; i++) {
      sets[i - from] = read(ctx, argv[i]);
    }
    return sets;
  }

  /**
   * Redis's sinterGenericCommand: walks the smallest set (by a stable sort, so ties keep their
   * key order) and keeps the members every other set has; stops once limit members (0 for no
   * limit) were found. Empty when any set is missing.
   */
  private static List<byte[]> intersect(SetValue[] sets, long limit) {
    List<byte[]> out = new ArrayList<>();
    for (SetValue s : sets) {
      if (s == null) {
        return out;
      }
    }
    SetValue[] bySize = sets.clone();
    Arrays.sort(bySize, Comparator.comparingInt(SetValue::size));
    SetValue first = bySize[0];
    for (int i = 0; i < first.size() && (limit == 0 || out.size() < limit); i++) {
      byte[] m = first.memberAt(i);
      boolean inAll = true;
      for (int j = 1; j < bySize.length && inAll; j++) {
        inAll = bySize[j] == first || bySize[j].contains(m);
      }
      if (inAll) {
        out.add(m);
      }
    }
    return out;
  }

  static Reply sinter(Ctx ctx, byte[][] argv) {
    List<byte[]> r = intersect(lookupAll(ctx, argv, 1, argv.length), 0);
    return new Reply.SetReply(bulks(r));
  }

  /** SINTERCARD's numkeys and LIMIT, parsed as sinterCardCommand does. */
  record CardArgs(int numkeys, long limit) {}

  static CardArgs checkSintercard(byte[][] argv) {
    Long numkeys = Parse.parseLong(argv[1]);
    if (numkeys == null || numkeys < 1) {
      throw new CommandError(Errors.NUMKEYS_NOT_POSITIVE);
    }
    if (numkeys > argv.length - 2) {
      throw new CommandError(Errors.NUMKEYS_TOO_MANY);
    }
    long limit = 0;
    for (int j = 2 + (int) (long) numkeys; j < argv.length; j++) {
      if (Parse.is(argv[j], "limit") && j + 1 < argv.length) {
        Long l = Parse.parseLong(argv[++j]);
        if (l == null || l < 0) {
          throw new CommandError(Errors.LIMIT_NEGATIVE);
        }
        limit = l;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new CardArgs((int) (long) numkeys, limit);
  }

  static Reply sintercard(Ctx ctx, byte[][] argv) {
    CardArgs a = checkSintercard(argv);
    SetValue[] sets = lookupAll(ctx, argv, 2, 2 + a.numkeys);
    return Reply.integer(intersect(sets, a.limit).size());
  }

  static Reply sinterstore(Ctx ctx, byte[][] argv) {
    List<byte[]> r = intersect(lookupAll(ctx, argv, 2, argv.length), 0);
    return store(ctx, argv[1], r, "sinterstore");
  }

  /**
   * Stores the members as a new set at dst (replacing any value and deadline, as Redis's
   * setKey) or deletes dst when there are none; replies the new size.
   */
  private static Reply store(Ctx ctx, byte[] dst, List<byte[]> members, String event) {
    if (members.isEmpty()) {
      return store(ctx, dst, SetValue.emptyIntset(), event);
    }
    SetValue s = build(members);
    ctx.setKey(dst, s, false);
    ctx.notify(NotifyFlags.SET, event, dst);
    return Reply.integer(s.size());
  }

  /** A new set of the members, built as Redis builds its result sets: from an empty intset. */
  private static SetValue build(List<byte[]> members) {
    SetValue s = SetValue.emptyIntset();
    for (byte[] m : members) {
      s.add(m);
    }
    return s;
  }

  // ---- SUNION, SDIFF and their STORE forms ----

  /** Redis's sunionDiffGenericCommand for SUNION: every member of every set, once. */
  private static SetValue union(SetValue[] sets) {
    SetValue out = SetValue.emptyIntset();
    for (SetValue s : sets) {
      for (int i = 0; s != null && i < s.size(); i++) {
        out.add(s.memberAt(i));
      }
    }
    return out;
  }

  /** SDIFF: the members of the first set that no other set has (Redis's first algorithm). */
  private static SetValue diff(SetValue[] sets) {
    SetValue out = SetValue.emptyIntset();
    SetValue first = sets[0];
    for (int i = 0; first != null && i < first.size(); i++) {
      byte[] m = first.memberAt(i);
      boolean elsewhere = false;
      for (int j = 1; j < sets.length && !elsewhere; j++) {
        elsewhere = sets[j] != null && sets[j].contains(m);
      }
      if (!elsewhere) {
        out.add(m);
      }
    }
    return out;
  }

  static Reply sunion(Ctx ctx, byte[][] argv) {
    return new Reply.SetReply(bulks(members(union(lookupAll(ctx, argv, 1, argv.length)))));
  }

  static Reply sdiff(Ctx ctx, byte[][] argv) {
    return new Reply.SetReply(bulks(members(diff(lookupAll(ctx, argv, 1, argv.length)))));
  }

  static Reply sunionstore(Ctx ctx, byte[][] argv) {
    return store(ctx, argv[1], union(lookupAll(ctx, argv, 2, argv.length)), "sunionstore");
  }

  static Reply sdiffstore(Ctx ctx, byte[][] argv) {
    return store(ctx, argv[1], diff(lookupAll(ctx, argv, 2, argv.length)), "sdiffstore");
  }

  /** Stores a computed set at dst, or deletes dst when it is empty; replies its size. */
  private static Reply store(Ctx ctx, byte[] dst, SetValue result, String event) {
    if (result.isEmpty()) {
      if (ctx.ks.delete(dst)) {
        ctx.notify(NotifyFlags.GENERIC, "del", dst);
      }
      return Reply.ZERO;
    }
    ctx.setKey(dst, result, false);
    ctx.notify(NotifyFlags.SET, event, dst);
    return Reply.integer(result.size());
  }
}
