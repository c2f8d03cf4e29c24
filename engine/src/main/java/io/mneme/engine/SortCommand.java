package io.mneme.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SORT and SORT_RO, after Redis 7.0's sort.c. Mneme is always a cluster, so, as Redis Cluster
 * does, a BY pattern with a '*' and every GET are refused while parsing: the keys they would
 * name may live in other slots. What remains sorts the elements themselves (numerically, or
 * byte-wise with ALPHA), or keeps their order (BY without '*', e.g. "nosort"), with LIMIT,
 * ASC/DESC, and STORE into a list.
 */
final class SortCommand {
  private SortCommand() {}

  /** The parsed options; store is null without STORE. */
  record Args(boolean desc, boolean alpha, long limitStart, long limitCount, boolean dontsort,
      byte[] store) {}

  static void checkSort(byte[][] argv) {
    parse(argv, false);
  }

  static void checkSortRo(byte[][] argv) {
    parse(argv, true);
  }

  /** sortCommandGeneric's option loop, errors in its order. */
  static Args parse(byte[][] argv, boolean readonly) {
    boolean desc = false;
    boolean alpha = false;
    boolean dontsort = false;
    long limitStart = 0;
    long limitCount = -1;
    byte[] store = null;
    for (int j = 2; j < argv.length; j++) {
      int left = argv.length - j - 1;
      byte[] o = argv[j];
      if (Parse.is(o, "asc")) {
        desc = false;
      } else if (Parse.is(o, "desc")) {
        desc = true;
      } else if (Parse.is(o, "alpha")) {
        alpha = true;
      } else if (Parse.is(o, "limit") && left >= 2) {
        limitStart = Parse.longArg(argv[j + 1]);
        limitCount = Parse.longArg(argv[j + 2]);
        j += 2;
      } else if (!readonly && Parse.is(o, "store") && left >= 1) {
        store = argv[++j];
      } else if (Parse.is(o, "by") && left >= 1) {
        if (indexOf(argv[++j], (byte) '*') < 0) {
          dontsort = true;
        } else {
          throw new CommandError(Errors.SORT_BY_CLUSTER);
        }
      } else if (Parse.is(o, "get") && left >= 1) {
        throw new CommandError(Errors.SORT_GET_CLUSTER);
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new Args(desc, alpha, limitStart, limitCount, dontsort, store);
  }

  /** strchr: the first b before any NUL, or -1. */
  private static int indexOf(byte[] s, byte b) {
    for (int i = 0; i < s.length && s[i] != 0; i++) {
      if (s[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Redis's sortGetKeys: the key, and the destination of the last STORE. As in Redis, LIMIT
   * skips two arguments, GET and BY one, and STORE none (its argument is looked at next).
   */
  static int[] keys(byte[][] argv) {
    int store = -1;
    for (int i = 2; i < argv.length; i++) {
      if (Parse.is(argv[i], "limit")) {
        i += 2;
      } else if (Parse.is(argv[i], "store") && i + 1 < argv.length) {
        store = i + 1;
      } else if (Parse.is(argv[i], "get") || Parse.is(argv[i], "by")) {
        i += 1;
      }
    }
    return store < 0 ? new int[] {1} : new int[] {1, store};
  }

  static Reply sort(Ctx ctx, byte[][] argv) {
    return sortGeneric(ctx, argv, false);
  }

  static Reply sortRo(Ctx ctx, byte[][] argv) {
    return sortGeneric(ctx, argv, true);
  }

  private static Reply sortGeneric(Ctx ctx, byte[][] argv, boolean readonly) {
    Args a = parse(argv, readonly);
    Keyspace.Entry e = ctx.lookupRead(argv[1]);
    Object v = e == null ? new ListValue() : e.value;
    if (!(v instanceof ListValue || v instanceof SetValue || v instanceof ZSetValue)) {
      throw new CommandError(Errors.WRONGTYPE);
    }
    boolean dontsort = a.dontsort;
    boolean alpha = a.alpha;
    if (dontsort && v instanceof SetValue && a.store != null) {
      // a set has no order of its own: what is stored must not depend on the table
      dontsort = false;
      alpha = true;
    }
    long len = v instanceof ListValue l ? l.size()
        : v instanceof SetValue s ? s.size() : ((ZSetValue) v).size();
    long start = Math.max(0, a.limitStart);
    long end = a.limitCount < 0 ? len - 1 : saturatedAdd(start, a.limitCount) - 1;
    if (start >= len) {
      start = len - 1;
      end = len - 2;
    }
    end = Math.min(end, len - 1);
    List<byte[]> vector;
    if (dontsort && !(v instanceof SetValue)) {
      vector = range(v, start, end, a.desc);
      end -= start;
      start = 0;
    } else {
      vector = all(v);
    }
    if (!dontsort && !sortVector(vector, alpha, a.desc)) {
      throw new CommandError(Errors.SORT_SCORES);
    }
    List<byte[]> out = end < start ? List.of() : vector.subList((int) start, (int) end + 1);
    return a.store == null ? bulks(out) : store(ctx, a.store, out);
  }

  private static long saturatedAdd(long x, long y) {
    long r = x + y;
    return ((x ^ r) & (y ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /** The elements of a list or sorted set from rank start to end, from the tail if desc. */
  private static List<byte[]> range(Object v, long start, long end, boolean desc) {
    List<byte[]> out = new ArrayList<>();
    if (end < start) {
      return out;
    }
    if (v instanceof ListValue l) {
      long size = l.size();
      ListValue.Cursor c = l.seek(desc ? size - start - 1 : start);
      for (long i = start; i <= end; i++) {
        out.add(l.get(c));
        l.step(c, !desc);
      }
      return out;
    }
    ZSetValue z = (ZSetValue) v;
    z.rangeByRank((int) start, (int) end, desc, (m, s) -> out.add(m));
    return out;
  }

  private static List<byte[]> all(Object v) {
    List<byte[]> out = new ArrayList<>();
    if (v instanceof ListValue l) {
      ListValue.Cursor c = l.head();
      for (boolean more = c != null; more; more = l.next(c)) {
        out.add(l.get(c));
      }
    } else if (v instanceof SetValue s) {
      for (int i = 0; i < s.size(); i++) {
        out.add(s.memberAt(i));
      }
    } else {
      ((ZSetValue) v).forEach((m, s) -> out.add(m));
    }
    return out;
  }

  /**
   * Sorts in place as sortCompare does: by score (strtod of the element; ties by bytes), or by
   * bytes with ALPHA. Returns false when an element is not a number (nothing is sorted then).
   */
  private static boolean sortVector(List<byte[]> vector, boolean alpha, boolean desc) {
    if (alpha) {
      vector.sort((x, y) -> desc ? Arrays.compareUnsigned(y, x) : Arrays.compareUnsigned(x, y));
      return true;
    }
    double[] scores = new double[vector.size()];
    Integer[] order = new Integer[vector.size()];
    for (int i = 0; i < scores.length; i++) {
      byte[] b = vector.get(i);
      int cEnd = indexOf(b, (byte) 0) < 0 ? b.length : indexOf(b, (byte) 0);
      Doubles.Strtod r = Doubles.strtod(b, 0, cEnd);
      if (r.end() != cEnd || r.erange() || Double.isNaN(r.value())) {
        return false;
      }
      scores[i] = r.value();
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> {
      int cmp = Double.compare(scores[x], scores[y]) == 0 || scores[x] == scores[y]
          ? Arrays.compareUnsigned(vector.get(x), vector.get(y))
          : scores[x] < scores[y] ? -1 : 1;
      return desc ? -cmp : cmp;
    });
    List<byte[]> sorted = new ArrayList<>(vector.size());
    for (Integer i : order) {
      sorted.add(vector.get(i));
    }
    for (int i = 0; i < sorted.size(); i++) {
      vector.set(i, sorted.get(i));
    }
    return true;
  }

  private static Reply bulks(List<byte[]> items) {
    Reply[] out = new Reply[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Reply.Bulk(items.get(i));
    }
    return new Reply.Arr(out);
  }

  /** STORE: the result as a list (no deadline), or the destination deleted when empty. */
  private static Reply store(Ctx ctx, byte[] key, List<byte[]> items) {
    if (items.isEmpty()) {
      Keyspace.Entry old = ctx.lookup(key);
      if (old != null) {
        ctx.ks.delete(old);
      }
      return Reply.ZERO;
    }
    ListValue l = new ListValue();
    for (byte[] item : items) {
      l.push(item, false);
    }
    ctx.setKey(key, l, false);
    return Reply.integer(items.size());
  }
}
