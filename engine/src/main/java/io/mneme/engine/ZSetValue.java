package io.mneme.engine;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted set, after the type API at the top of Redis's t_zset.c: the commands call these
 * methods and never see the encoding. Small sets are "listpack": one packed byte array of
 * entries sorted by (score, member) ({@link ZListpack}), searched linearly as Redis searches
 * its listpack.
 * A set that grows past {@link #LISTPACK_ENTRIES_MAX} members, or receives a member longer than
 * {@link #LISTPACK_VALUE_BYTES_MAX}, becomes a {@link ZSkiplist} for good ("skiplist").
 *
 * <p>Scores are never NaN. Order compares scores with {@code <} and {@code ==}, so -0 and 0
 * are equal, as in C; like Redis's listpack (which stores integral scores as integers), the
 * small encoding keeps -0 as 0, while the skiplist keeps it. Member arrays are never modified
 * once stored, so copies share them.
 */
final class ZSetValue implements Container {
  /** Redis's zset-max-listpack-entries default. */
  static final int LISTPACK_ENTRIES_MAX = 128;
  /** Redis's zset-max-listpack-value default: longer members need the skiplist. */
  static final int LISTPACK_VALUE_BYTES_MAX = 64;
  /** Codec layout version after the type tag. */
  private static final int CODEC_VERSION = 1;
  private static final int CODEC_LISTPACK = 0;
  private static final int CODEC_SKIPLIST = 1;

  // zsetAdd's input flags (ZADD_IN_*) and output flags (ZADD_OUT_*), as in Redis.
  static final int IN_INCR = 1;
  static final int IN_NX = 1 << 1;
  static final int IN_XX = 1 << 2;
  static final int IN_GT = 1 << 3;
  static final int IN_LT = 1 << 4;
  static final int OUT_NOP = 1;
  static final int OUT_NAN = 1 << 1;
  static final int OUT_ADDED = 1 << 2;
  static final int OUT_UPDATED = 1 << 3;

  /** Receives members and their scores in order. */
  @FunctionalInterface
  interface Sink {
    void accept(byte[] member, double score);
  }

  // The listpack encoding, while sl is null: never changed in place, so copies share it.
  private byte[] packed = ZListpack.EMPTY;
  private int count;
  // The skiplist encoding, once converted.
  private ZSkiplist sl;

  private ZSetValue() {}

  /** An empty listpack-encoded set. */
  static ZSetValue create() {
    return new ZSetValue();
  }

  /**
   * An empty skiplist-encoded set, as Redis builds the results of ZUNION, ZINTER and ZDIFF
   * (which keeps a -0 score that a listpack would store as 0).
   */
  static ZSetValue skiplist() {
    ZSetValue z = new ZSetValue();
    z.convert();
    return z;
  }

  /**
   * A new set for a result of size n with members up to maxLength bytes: a listpack when the
   * result fits one (Redis's zsetConvertToListpackIfNeeded on stored results).
   */
  static ZSetValue sized(int n, int maxLength) {
    ZSetValue z = new ZSetValue();
    if (n > LISTPACK_ENTRIES_MAX || maxLength > LISTPACK_VALUE_BYTES_MAX) {
      z.convert();
      z.sl.presize(n);
    }
    return z;
  }

  @Override
  public String typeName() {
    return "zset";
  }

  @Override
  public String encoding() {
    return sl == null ? "listpack" : "skiplist";
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  boolean isListpack() {
    return sl == null;
  }

  /** Whether the skiplist's hash table is between two sizes (tests). */
  boolean isRehashing() {
    return sl != null && sl.isRehashing();
  }

  int size() {
    return sl == null ? count : sl.length();
  }

  @Override
  public ZSetValue copy() {
    ZSetValue c = new ZSetValue();
    if (sl == null) {
      c.packed = packed;
      c.count = count;
    } else {
      c.packed = null;
      c.sl = sl.copy();
    }
    return c;
  }

  /** Redis's zsetConvert to skiplist. */
  private void convert() {
    ZSkiplist s = new ZSkiplist();
    s.presize(count);
    int[] off = ZListpack.offsets(packed, count);
    for (int i = count - 1; i >= 0; i--) {
      s.insert(ZListpack.score(packed, off[i]), ZListpack.member(packed, off[i]));
    }
    sl = s;
    packed = null;
    count = 0;
  }

  // ---- listpack helpers ----

  private int[] offsets() {
    return ZListpack.offsets(packed, count);
  }

  private int indexOf(byte[] member) {
    int pos = 0;
    for (int i = 0; i < count; i++) {
      if (ZListpack.memberEquals(packed, pos, member)) {
        return i;
      }
      pos = ZListpack.next(packed, pos);
    }
    return -1;
  }

  private void lpInsert(double score, byte[] member) {
    int pos = 0;
    for (int i = 0; i < count; i++) {
      double s = ZListpack.score(packed, pos);
      if (s > score || (s == score && ZListpack.compareMember(packed, pos, member) > 0)) {
        break;
      }
      pos = ZListpack.next(packed, pos);
    }
    packed = ZListpack.insert(packed, pos, ZListpack.entry(score, member));
    count++;
  }

  /** Deletes the entries of ascending ranks [from, to). */
  private void lpDeleteRange(int from, int to) {
    if (from >= to) {
      return;
    }
    int[] off = offsets();
    packed = ZListpack.cut(packed, off[from], to == count ? packed.length : off[to]);
    count -= to - from;
  }

  // ---- lookups ----

  /** The member's score, or NaN when it is not in the set (scores are never NaN). */
  double score(byte[] member) {
    if (sl == null) {
      int pos = ZListpack.find(packed, count, member);
      return pos < 0 ? Double.NaN : ZListpack.score(packed, pos);
    }
    ZSkiplist.Node n = sl.find(member);
    return n == null ? Double.NaN : n.score;
  }

  /** The 0-based rank from the lowest (or highest when reverse) score, -1 when absent. */
  long rank(byte[] member, boolean reverse) {
    long r;
    if (sl == null) {
      r = indexOf(member);
    } else {
      ZSkiplist.Node n = sl.find(member);
      r = n == null ? -1 : sl.rank(n) - 1;
    }
    return r < 0 || !reverse ? r : size() - 1 - r;
  }

  /** The member at 0-based ascending rank i (0 <= i < size). */
  byte[] memberAt(int i) {
    return sl == null ? ZListpack.member(packed, offsets()[i]) : sl.byRank(i + 1L).member;
  }

  double scoreAt(int i) {
    return sl == null ? ZListpack.score(packed, offsets()[i]) : sl.byRank(i + 1L).score;
  }

  // ---- changes ----

  /**
   * Redis's zsetAdd: adds or updates member under the IN_* flags, converting to the skiplist
   * first when a new member would not fit the listpack. Returns the OUT_* flags; newScore[0]
   * receives the score the member ends with unless nothing was done (OUT_NOP) or the result
   * would be NaN (OUT_NAN, nothing changed).
   */
  int add(double score, byte[] member, int flags, double[] newScore) {
    boolean incr = (flags & IN_INCR) != 0;
    double current = score(member);
    if (!Double.isNaN(current)) {
      if ((flags & IN_NX) != 0) {
        return OUT_NOP;
      }
      if (incr) {
        score += current;
        if (Double.isNaN(score)) {
          return OUT_NAN;
        }
      }
      if (((flags & IN_LT) != 0 && score >= current)
          || ((flags & IN_GT) != 0 && score <= current)) {
        return OUT_NOP;
      }
      newScore[0] = score;
      if (score == current) {
        return 0;
      }
      remove(member);
      insertNew(score, member);
      return OUT_UPDATED;
    }
    if ((flags & IN_XX) != 0) {
      return OUT_NOP;
    }
    newScore[0] = score;
    insertNew(score, member);
    return OUT_ADDED;
  }

  /** Inserts a member known to be absent, converting first if the listpack cannot take it. */
  private void insertNew(double score, byte[] member) {
    if (sl == null && (count + 1 > LISTPACK_ENTRIES_MAX
        || member.length > LISTPACK_VALUE_BYTES_MAX)) {
      convert();
    }
    if (sl == null) {
      lpInsert(score, member);
    } else {
      sl.insert(score, member);
    }
  }

  /**
   * Adds a member known to be absent, for building results in any order. Unlike
   * {@link #add} it does not look the member up first.
   */
  void addNew(double score, byte[] member) {
    insertNew(score, member);
  }

  /** Sets the score of a member known to be present (skiplist update in place when it can). */
  private void changeScore(byte[] member, double score) {
    if (sl == null) {
      int i = indexOf(member);
      lpDeleteRange(i, i + 1);
      lpInsert(score, member);
    } else {
      sl.updateScore(sl.find(member), score);
    }
  }

  boolean remove(byte[] member) {
    if (sl == null) {
      int i = indexOf(member);
      if (i < 0) {
        return false;
      }
      lpDeleteRange(i, i + 1);
      return true;
    }
    ZSkiplist.Node n = sl.find(member);
    if (n == null) {
      return false;
    }
    sl.delete(n);
    return true;
  }

  // ---- ranges ----

  /** A score interval as zslParseRange reads it: "(" makes an end exclusive. */
  static final class ScoreRange {
    final double min;
    final double max;
    final boolean minex;
    final boolean maxex;

    ScoreRange(double min, boolean minex, double max, boolean maxex) {
      this.min = min;
      this.minex = minex;
      this.max = max;
      this.maxex = maxex;
    }

    boolean gteMin(double v) {
      return minex ? v > min : v >= min;
    }

    boolean lteMax(double v) {
      return maxex ? v < max : v <= max;
    }
  }

  /** A lexicographic interval; {@link #MIN} and {@link #MAX} stand for "-" and "+". */
  static final class LexRange {
    static final byte[] MIN = new byte[0];
    static final byte[] MAX = new byte[0];
    final byte[] min;
    final byte[] max;
    final boolean minex;
    final boolean maxex;

    LexRange(byte[] min, boolean minex, byte[] max, boolean maxex) {
      this.min = min;
      this.minex = minex;
      this.max = max;
      this.maxex = maxex;
    }

    /** Redis's sdscmplex: the sentinels sort before and after every string. */
    static int compare(byte[] a, byte[] b) {
      if (a == b) {
        return 0;
      }
      if (a == MIN || b == MAX) {
        return -1;
      }
      if (a == MAX || b == MIN) {
        return 1;
      }
      return Arrays.compareUnsigned(a, b);
    }

    boolean gteMin(byte[] v) {
      int c = compare(v, min);
      return minex ? c > 0 : c >= 0;
    }

    boolean lteMax(byte[] v) {
      int c = compare(v, max);
      return maxex ? c < 0 : c <= 0;
    }
  }

  /** The first index with a score not below the range (listpack). */
  private int lpFirst(ScoreRange r, int[] off) {
    int i = 0;
    while (i < count && !r.gteMin(ZListpack.score(packed, off[i]))) {
      i++;
    }
    return i;
  }

  /** One past the last index with a score not above the range (listpack). */
  private int lpEnd(ScoreRange r, int[] off) {
    int i = count;
    while (i > 0 && !r.lteMax(ZListpack.score(packed, off[i - 1]))) {
      i--;
    }
    return i;
  }

  /**
   * The ranks [from, to) of the members in the range: the elements between the first not below
   * it and the last not above it (both 0-based ascending; empty when to <= from).
   */
  private int[] span(ScoreRange r) {
    if (sl == null) {
      int[] off = offsets();
      return new int[] {lpFirst(r, off), lpEnd(r, off)};
    }
    ZSkiplist.Node first = sl.firstNotBelow(x -> !r.gteMin(x.score));
    ZSkiplist.Node last = sl.lastNotAbove(x -> !r.lteMax(x.score));
    return spanOf(first, last);
  }

  private int[] spanOf(ZSkiplist.Node first, ZSkiplist.Node last) {
    if (first == null || last == null) {
      return new int[] {0, 0};
    }
    return new int[] {sl.rank(first) - 1, sl.rank(last)};
  }

  long count(ScoreRange r) {
    int[] s = span(r);
    return Math.max(0, s[1] - s[0]);
  }


  /** Emits ascending ranks start..end (inclusive, valid), or descending ones when reverse. */
  void rangeByRank(int start, int end, boolean reverse, Sink sink) {
    if (sl == null) {
      int[] off = offsets();
      for (int k = start; k <= end; k++) {
        int pos = off[reverse ? count - 1 - k : k];
        sink.accept(ZListpack.member(packed, pos), ZListpack.score(packed, pos));
      }
      return;
    }
    int n = sl.length();
    ZSkiplist.Node x = sl.byRank(reverse ? n - start : start + 1L);
    for (int k = start; k <= end; k++) {
      sink.accept(x.member, x.score);
      x = reverse ? x.backward : x.next[0];
    }
  }

  /**
   * Emits the members in the range after skipping offset of them, at most limit (negative:
   * no limit), from the lowest or (reverse) the highest; a negative offset emits nothing, as
   * in Redis where skipping walks off the end. Returns how many were emitted.
   */
  int range(ScoreRange r, long offset, long limit, boolean reverse, Sink sink) {
    return emitSpan(span(r), offset, limit, reverse, sink);
  }


  private int emitSpan(int[] s, long offset, long limit, boolean reverse, Sink sink) {
    long n = (long) s[1] - s[0];
    if (n <= 0 || offset < 0 || offset >= n) {
      return 0;
    }
    long count = limit < 0 ? n - offset : Math.min(limit, n - offset);
    if (count <= 0) {
      return 0;
    }
    int first = (int) (reverse ? size() - s[1] + offset : s[0] + offset);
    rangeByRank(first, (int) (first + count - 1), reverse, sink);
    return (int) count;
  }

  /** Removes ascending ranks start..end (inclusive, valid); returns how many. */
  int removeByRank(int start, int end) {
    if (sl == null) {
      lpDeleteRange(start, end + 1);
      return end - start + 1;
    }
    return sl.deleteRangeByRank(start + 1, end + 1);
  }

  int remove(ScoreRange r) {
    if (sl == null) {
      int[] off = offsets();
      int from = lpFirst(r, off);
      int to = from;
      while (to < count && r.lteMax(ZListpack.score(packed, off[to]))) {
        to++;
      }
      lpDeleteRange(from, to);
      return to - from;
    }
    return sl.deleteRange(x -> !r.gteMin(x.score), x -> !r.lteMax(x.score));
  }

  // ---- lexicographic ranges, walked exactly as Redis walks them ----
  // A lex range presumes equal scores. When scores differ, Redis's answer depends on the walk:
  // the listpack's is linear and reproduced exactly; the skiplist's follows its levels.

  /** zslIsInLexRange / zzlIsInLexRange: can the range hold anything at all? */
  private boolean mayHold(LexRange r) {
    int cmp = LexRange.compare(r.min, r.max);
    if (cmp > 0 || (cmp == 0 && (r.minex || r.maxex)) || size() == 0) {
      return false;
    }
    return r.gteMin(memberAt(size() - 1)) && r.lteMax(memberAt(0));
  }

  /** The ascending rank of zzlFirstInLexRange / zslFirstInLexRange, or -1. */
  private int lexFirst(LexRange r) {
    if (!mayHold(r)) {
      return -1;
    }
    if (sl == null) {
      int[] off = offsets();
      for (int i = 0; i < count; i++) {
        byte[] m = ZListpack.member(packed, off[i]);
        if (r.gteMin(m)) {
          return r.lteMax(m) ? i : -1;
        }
      }
      return -1;
    }
    ZSkiplist.Node x = sl.firstNotBelow(n -> !r.gteMin(n.member));
    return x == null || !r.lteMax(x.member) ? -1 : sl.rank(x) - 1;
  }

  /** The ascending rank of zzlLastInLexRange / zslLastInLexRange, or -1. */
  private int lexLast(LexRange r) {
    if (!mayHold(r)) {
      return -1;
    }
    if (sl == null) {
      int[] off = offsets();
      for (int i = count - 1; i >= 0; i--) {
        byte[] m = ZListpack.member(packed, off[i]);
        if (r.lteMax(m)) {
          return r.gteMin(m) ? i : -1;
        }
      }
      return -1;
    }
    ZSkiplist.Node x = sl.lastNotAbove(n -> !r.lteMax(n.member));
    return x == null || !r.gteMin(x.member) ? -1 : sl.rank(x) - 1;
  }

  /** ZLEXCOUNT: a linear count in a listpack, rank arithmetic in a skiplist. */
  long count(LexRange r) {
    int first = lexFirst(r);
    if (first < 0) {
      return 0;
    }
    if (sl == null) {
      return lexRunEnd(r, first) - first;
    }
    long count = size() - first;
    int last = lexLast(r);
    return last < 0 ? count : count - (size() - 1 - last);
  }

  /**
   * genericZrangebylexCommand: from the first (or, reverse, the last) member in the range,
   * skips offset members, then emits while they stay within the far end, at most limit
   * (negative: no limit). A negative offset walks off the end. Returns how many.
   */
  int range(LexRange r, long offset, long limit, boolean reverse, Sink sink) {
    int start = reverse ? lexLast(r) : lexFirst(r);
    if (start < 0 || offset < 0) {
      return 0;
    }
    long at = reverse ? start - offset : start + offset;
    if (at < 0 || at >= size()) {
      return 0;
    }
    int emitted = 0;
    ZSkiplist.Node x = sl == null ? null : sl.byRank(at + 1);
    int[] off = sl == null ? offsets() : null;
    while (at >= 0 && at < size() && limit-- != 0) {
      byte[] m = x == null ? ZListpack.member(packed, off[(int) at]) : x.member;
      if (reverse ? !r.gteMin(m) : !r.lteMax(m)) {
        break;
      }
      sink.accept(m, x == null ? ZListpack.score(packed, off[(int) at]) : x.score);
      emitted++;
      at += reverse ? -1 : 1;
      if (x != null) {
        x = reverse ? x.backward : x.next[0];
      }
    }
    return emitted;
  }

  /** One past the run of listpack members from index from that stay within the max. */
  private int lexRunEnd(LexRange r, int from) {
    int[] off = offsets();
    int i = from;
    while (i < count && r.lteMax(ZListpack.member(packed, off[i]))) {
      i++;
    }
    return i;
  }

  /** ZREMRANGEBYLEX: zzlDeleteRangeByLex, zslDeleteRangeByLex. */
  int remove(LexRange r) {
    if (sl == null) {
      int from = lexFirst(r);
      if (from < 0) {
        return 0;
      }
      int to = lexRunEnd(r, from);
      lpDeleteRange(from, to);
      return to - from;
    }
    return sl.deleteRange(x -> !r.gteMin(x.member), x -> !r.lteMax(x.member));
  }

  /** Receives members in order until it answers false. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(byte[] member, double score);
  }

  /**
   * Visits the members in the score range in ascending order, as geo.c's geoGetPointsInRange
   * walks a box: from the first in range, while in range, until the visitor stops.
   */
  void visit(ScoreRange r, Visitor v) {
    if (sl == null) {
      int pos = 0;
      for (int i = 0; i < count; i++, pos = ZListpack.next(packed, pos)) {
        double s = ZListpack.score(packed, pos);
        if (!r.gteMin(s)) {
          continue;
        }
        if (!r.lteMax(s) || !v.visit(ZListpack.member(packed, pos), s)) {
          return;
        }
      }
      return;
    }
    for (ZSkiplist.Node x = sl.firstNotBelow(n -> !r.gteMin(n.score)); x != null
        && r.lteMax(x.score); x = x.next[0]) {
      if (!v.visit(x.member, x.score)) {
        return;
      }
    }
  }

  /** Emits every member in ascending order. */
  void forEach(Sink sink) {
    if (sl == null) {
      for (int i = 0, pos = 0; i < count; i++, pos = ZListpack.next(packed, pos)) {
        sink.accept(ZListpack.member(packed, pos), ZListpack.score(packed, pos));
      }
      return;
    }
    for (ZSkiplist.Node n = sl.first(); n != null; n = n.next[0]) {
      sink.accept(n.member, n.score);
    }
  }

  /**
   * One ZSCAN step: a listpack adds every member and its score as the listpack holds it and
   * returns 0; a skiplist adds the bucket the cursor names (see {@link ZSkiplist#scan}).
   */
  long scan(long cursor, List<byte[]> out) {
    if (sl != null) {
      return sl.scan(cursor, out);
    }
    forEach((m, s) -> {
      out.add(m);
      out.add(Parse.bytes(Doubles.listpackText(s)));
    });
    return 0;
  }

  // ---- codec ----

  /**
   * [tag][version][encoding][count][member length, member bytes, score bits]... in ascending
   * order. The encoding is kept: a set never converts back, and replicas must agree.
   */
  byte[] encode(byte tag) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + size() * 16);
    out.write(tag);
    out.write(CODEC_VERSION);
    out.write(sl == null ? CODEC_LISTPACK : CODEC_SKIPLIST);
    Varint.write(out, size());
    forEach((m, s) -> {
      Varint.writeBytes(out, m);
      long bits = Double.doubleToRawLongBits(s);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (bits >>> shift));
      }
    });
    return out.toByteArray();
  }

  /** Reads what {@link #encode} wrote, from offset pos; refuses anything inconsistent. */
  static ZSetValue decode(byte[] in, int pos) {
    Varint.Reader r = new Varint.Reader(in, pos);
    if (r.readByte() != CODEC_VERSION) {
      throw new IllegalArgumentException("unknown sorted set layout");
    }
    int encoding = r.readByte();
    int n = r.readInt();
    if (encoding != CODEC_LISTPACK && encoding != CODEC_SKIPLIST || n == 0
        || (encoding == CODEC_LISTPACK && n > LISTPACK_ENTRIES_MAX)) {
      throw new IllegalArgumentException("bad sorted set header");
    }
    ZSetValue z = new ZSetValue();
    if (encoding == CODEC_SKIPLIST) {
      z.convert();
      z.sl.presize(n);
    }
    byte[] prevMember = null;
    double prevScore = 0;
    for (int i = 0; i < n; i++) {
      byte[] m = r.readPrefixed();
      long bits = 0;
      for (int k = 0; k < Long.BYTES; k++) {
        bits = (bits << 8) | r.readByte();
      }
      double s = Double.longBitsToDouble(bits);
      boolean ordered = prevMember == null || prevScore < s
          || (prevScore == s && Arrays.compareUnsigned(prevMember, m) < 0);
      if (Double.isNaN(s) || !ordered || (encoding == CODEC_LISTPACK
          && m.length > LISTPACK_VALUE_BYTES_MAX) || !Double.isNaN(z.score(m))) {
        throw new IllegalArgumentException("bad sorted set entry " + i);
      }
      z.appendDecoded(s, m);
      prevMember = m;
      prevScore = s;
    }
    r.end();
    return z;
  }

  private void appendDecoded(double score, byte[] member) {
    if (sl != null) {
      sl.insert(score, member);
    } else {
      packed = ZListpack.insert(packed, packed.length, ZListpack.entry(score, member));
      count++;
    }
  }

  /** Checks the representation (tests and validators). */
  void checkInvariants() {
    if (sl != null) {
      sl.checkInvariants();
      return;
    }
    if (count > LISTPACK_ENTRIES_MAX) {
      throw new IllegalStateException("listpack too long: " + count);
    }
    int[] off = offsets();
    if (count > 0 && ZListpack.next(packed, off[count - 1]) != packed.length) {
      throw new IllegalStateException("listpack length");
    }
    for (int i = 0; i < count; i++) {
      byte[] m = ZListpack.member(packed, off[i]);
      double s = ZListpack.score(packed, off[i]);
      boolean ordered = i == 0 || ZListpack.score(packed, off[i - 1]) < s
          || (ZListpack.score(packed, off[i - 1]) == s
          && ZListpack.compareMember(packed, off[i - 1], m) < 0);
      if (m.length > LISTPACK_VALUE_BYTES_MAX || Double.isNaN(s) || indexOf(m) != i
          || !ordered) {
        throw new IllegalStateException("listpack broken at " + i);
      }
    }
  }
}
