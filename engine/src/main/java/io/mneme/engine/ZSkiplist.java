package io.mneme.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The big encoding of a sorted set, as Redis's zset: a skiplist ordered by (score, member) with
 * spans for ranks, and a hash table from member to node for O(1) lookups. The skiplist node is
 * also the hash table entry, so a member costs one node and two small arrays.
 *
 * <p>Levels come from a per-set generator advanced on every insert: deterministic (every
 * replica builds the same structure from the same commands) though no reply depends on them.
 * The hash table grows and shrinks by powers of two with Redis's incremental rehashing (one
 * bucket moved per change), so no single command pays for moving millions of members; ZSCAN's
 * reverse-binary cursor covers both tables meanwhile.
 */
final class ZSkiplist {
  /** Redis's ZSKIPLIST_MAXLEVEL. */
  static final int LEVEL_MAX = 32;
  /** Redis's DICT_HT_INITIAL_SIZE. */
  private static final int BUCKETS_MIN = 4;
  /** Shrink when fewer than this percent of buckets would be used (HASHTABLE_MIN_FILL). */
  private static final int FILL_PERCENT_MIN = 10;
  /** Empty buckets a rehash step may skip before it gives up for this time (Redis: 10). */
  private static final int REHASH_EMPTY_VISITS = 10;
  /** Largest bucket array; past it chains just grow longer. */
  private static final int BUCKETS_MAX = 1 << 30;
  /** Golden-ratio increment of the level generator (splitmix64). */
  private static final long LEVEL_SEED_STEP = 0x9E3779B97F4A7C15L;

  static {
    // Two random bits per level (Redis's ZSKIPLIST_P = 1/4) must fit in one 64-bit draw.
    assert LEVEL_MAX * 2 <= Long.SIZE;
  }

  /** One member: a skiplist node and the hash table entry at once. */
  static final class Node {
    final byte[] member;
    final int hash;
    double score;
    Node backward;
    final Node[] next;
    final int[] span;
    /** The next node in the same hash bucket. */
    Node chain;

    Node(byte[] member, int hash, double score, int level) {
      this.member = member;
      this.hash = hash;
      this.score = score;
      this.next = new Node[level];
      this.span = new int[level];
    }
  }

  private final Node header = new Node(null, 0, 0, LEVEL_MAX);
  private Node tail;
  private int level = 1;
  private int length;
  private Node[] t0 = new Node[BUCKETS_MIN];
  /** The table being filled during a rehash, else null. */
  private Node[] t1;
  private int used0;
  private int used1;
  /** The next bucket of t0 to move to t1, or -1 when not rehashing. */
  private int rehashIdx = -1;
  private long levelSeed;

  int length() {
    return length;
  }

  Node first() {
    return header.next[0];
  }

  Node last() {
    return tail;
  }

  // ---- ordering ----

  /** Whether node x sorts before (score, member): Redis's skiplist order. */
  private static boolean before(Node x, double score, byte[] member) {
    return x.score < score || (x.score == score && Arrays.compareUnsigned(x.member, member) < 0);
  }

  private int randomLevel() {
    levelSeed += LEVEL_SEED_STEP;
    long z = levelSeed;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    int lvl = 1;
    while (lvl < LEVEL_MAX && (z & 3) == 0) {
      lvl++;
      z >>>= 2;
    }
    return lvl;
  }

  // ---- hash table: Redis's dict, with incremental rehashing as in Keyspace ----

  Node find(byte[] member) {
    int h = Keyspace.hash(member);
    for (Node n = t0[h & (t0.length - 1)]; n != null; n = n.chain) {
      if (n.hash == h && Arrays.equals(n.member, member)) {
        return n;
      }
    }
    if (t1 != null) {
      for (Node n = t1[h & (t1.length - 1)]; n != null; n = n.chain) {
        if (n.hash == h && Arrays.equals(n.member, member)) {
          return n;
        }
      }
    }
    return null;
  }

  private void tableAdd(Node x) {
    rehashStep();
    if (rehashIdx == -1 && used0 >= t0.length && t0.length < BUCKETS_MAX) {
      startResize(nextPow2(used0 + 1));
    }
    Node[] t = t1 != null ? t1 : t0;
    int i = x.hash & (t.length - 1);
    x.chain = t[i];
    t[i] = x;
    if (t == t1) {
      used1++;
    } else {
      used0++;
    }
  }

  private void tableRemove(Node x) {
    rehashStep();
    if (unlinkChain(t0, x)) {
      used0--;
    } else if (unlinkChain(t1, x)) {
      used1--;
    } else {
      throw new IllegalStateException("node not in its bucket");
    }
  }

  private static boolean unlinkChain(Node[] t, Node x) {
    if (t == null) {
      return false;
    }
    int i = x.hash & (t.length - 1);
    Node prev = null;
    for (Node n = t[i]; n != null; prev = n, n = n.chain) {
      if (n == x) {
        if (prev == null) {
          t[i] = n.chain;
        } else {
          prev.chain = n.chain;
        }
        n.chain = null;
        return true;
      }
    }
    return false;
  }

  /** Redis's htNeedsResize and dictResize after removals. */
  private void maybeShrink() {
    if (rehashIdx == -1 && t0.length > BUCKETS_MIN
        && (long) used0 * 100 / t0.length < FILL_PERCENT_MIN) {
      int target = Math.max(BUCKETS_MIN, nextPow2(used0));
      if (target < t0.length) {
        startResize(target);
      }
    }
  }

  private void startResize(int buckets) {
    t1 = new Node[buckets];
    used1 = 0;
    rehashIdx = 0;
  }

  /** Moves one bucket (skipping a bounded number of empty ones) from t0 to t1. */
  private void rehashStep() {
    if (rehashIdx == -1) {
      return;
    }
    int emptyVisits = REHASH_EMPTY_VISITS;
    while (used0 != 0 && t0[rehashIdx] == null) {
      rehashIdx++;
      if (--emptyVisits == 0) {
        return;
      }
    }
    for (Node n = used0 == 0 ? null : t0[rehashIdx]; n != null;) {
      Node next = n.chain;
      int i = n.hash & (t1.length - 1);
      n.chain = t1[i];
      t1[i] = n;
      used0--;
      used1++;
      n = next;
    }
    if (used0 != 0) {
      t0[rehashIdx++] = null;
      return;
    }
    t0 = t1;
    used0 = used1;
    t1 = null;
    used1 = 0;
    rehashIdx = -1;
  }

  private static int nextPow2(long n) {
    if (n >= BUCKETS_MAX) {
      return BUCKETS_MAX;
    }
    int p = Integer.highestOneBit((int) Math.max(1, n));
    return p < n ? p << 1 : p;
  }

  int bucketCount() {
    return t0.length + (t1 == null ? 0 : t1.length);
  }

  boolean isRehashing() {
    return rehashIdx != -1;
  }

  /**
   * Redis's dictScan: adds member and score text of the bucket(s) the cursor names to out and
   * returns the next cursor, 0 at the end; during a rehash it visits the cursor's bucket in the
   * small table and all its expansions in the large one, as Keyspace.scan does.
   */
  long scan(long cursor, List<byte[]> out) {
    if (length == 0) {
      return 0;
    }
    long v = cursor;
    if (t1 == null) {
      long m0 = t0.length - 1;
      emit(t0[(int) (v & m0)], out);
      v |= ~m0;
      return Long.reverse(Long.reverse(v) + 1);
    }
    Node[] small = t0.length <= t1.length ? t0 : t1;
    Node[] large = small == t0 ? t1 : t0;
    long m0 = small.length - 1;
    long m1 = large.length - 1;
    emit(small[(int) (v & m0)], out);
    do {
      emit(large[(int) (v & m1)], out);
      v |= ~m1;
      v = Long.reverse(Long.reverse(v) + 1);
    } while ((v & (m0 ^ m1)) != 0);
    return v;
  }

  private static void emit(Node head, List<byte[]> out) {
    for (Node n = head; n != null; n = n.chain) {
      out.add(n.member);
      out.add(Parse.bytes(Doubles.format(n.score)));
    }
  }

  // ---- skiplist ----

  /** Redis's zslInsert plus the hash table entry; the member must not be present. */
  Node insert(double score, byte[] member) {
    Node[] update = new Node[LEVEL_MAX];
    int[] rank = new int[LEVEL_MAX];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      while (x.next[i] != null && before(x.next[i], score, member)) {
        rank[i] += x.span[i];
        x = x.next[i];
      }
      update[i] = x;
    }
    int lvl = randomLevel();
    if (lvl > level) {
      for (int i = level; i < lvl; i++) {
        rank[i] = 0;
        update[i] = header;
        header.span[i] = length;
      }
      level = lvl;
    }
    Node n = new Node(member, Keyspace.hash(member), score, lvl);
    for (int i = 0; i < lvl; i++) {
      n.next[i] = update[i].next[i];
      update[i].next[i] = n;
      n.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = rank[0] - rank[i] + 1;
    }
    for (int i = lvl; i < level; i++) {
      update[i].span[i]++;
    }
    n.backward = update[0] == header ? null : update[0];
    if (n.next[0] != null) {
      n.next[0].backward = n;
    } else {
      tail = n;
    }
    tableAdd(n);
    length++;
    return n;
  }

  /** The nodes before x at every level (Redis's update[] of zslDelete). */
  private Node[] predecessors(double score, byte[] member) {
    Node[] update = new Node[LEVEL_MAX];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.next[i] != null && before(x.next[i], score, member)) {
        x = x.next[i];
      }
      update[i] = x;
    }
    return update;
  }

  /** Redis's zslDeleteNode: unlinks x given its predecessors. */
  private void unlink(Node x, Node[] update) {
    for (int i = 0; i < level; i++) {
      if (update[i].next[i] == x) {
        update[i].span[i] += x.span[i] - 1;
        update[i].next[i] = x.next[i];
      } else {
        update[i].span[i]--;
      }
    }
    if (x.next[0] != null) {
      x.next[0].backward = x.backward;
    } else {
      tail = x.backward;
    }
    while (level > 1 && header.next[level - 1] == null) {
      level--;
    }
    length--;
  }

  /** Removes a node of this set from the skiplist and the hash table. */
  void delete(Node x) {
    unlink(x, predecessors(x.score, x.member));
    tableRemove(x);
    maybeShrink();
  }

  /** Moves x to a new score (Redis's zslUpdateScore); returns the node now holding it. */
  Node updateScore(Node x, double score) {
    Node prev = x.backward;
    Node next = x.next[0];
    if ((prev == null || prev.score < score || (prev.score == score
        && Arrays.compareUnsigned(prev.member, x.member) < 0))
        && (next == null || score < next.score || (score == next.score
        && Arrays.compareUnsigned(x.member, next.member) < 0))) {
      x.score = score;
      return x;
    }
    unlink(x, predecessors(x.score, x.member));
    tableRemove(x);
    return insert(score, x.member);
  }

  /** 1-based rank of x (Redis's zslGetRank). */
  int rank(Node target) {
    int rank = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.next[i] != null && (before(x.next[i], target.score, target.member)
          || x.next[i] == target)) {
        rank += x.span[i];
        x = x.next[i];
      }
      if (x == target) {
        return rank;
      }
    }
    throw new IllegalStateException("node not in the skiplist");
  }

  /** The node of 1-based rank, or null (Redis's zslGetElementByRank). */
  Node byRank(long rank) {
    long traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.next[i] != null && traversed + x.span[i] <= rank) {
        traversed += x.span[i];
        x = x.next[i];
      }
      if (traversed == rank) {
        return x == header ? null : x;
      }
    }
    return null;
  }

  /** A test of one end of a range: does the node lie past it (outside the range)? */
  interface Bound {
    boolean beyond(Node x);
  }

  /** The first node not beyond {@code low}, or null (zslFirstInRange's walk). */
  Node firstNotBelow(Bound below) {
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.next[i] != null && below.beyond(x.next[i])) {
        x = x.next[i];
      }
    }
    return x.next[0];
  }

  /** The last node not above {@code high}, or null (zslLastInRange's walk). */
  Node lastNotAbove(Bound above) {
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.next[i] != null && !above.beyond(x.next[i])) {
        x = x.next[i];
      }
    }
    return x == header ? null : x;
  }

  /**
   * Deletes the run of nodes starting at the first node not below {@code below} while they are
   * not above {@code above}; returns how many (zslDeleteRangeByScore/ByLex).
   */
  int deleteRange(Bound below, Bound above) {
    Node[] update = new Node[LEVEL_MAX];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.next[i] != null && below.beyond(x.next[i])) {
        x = x.next[i];
      }
      update[i] = x;
    }
    return deleteRun(x.next[0], update, Integer.MAX_VALUE, above);
  }

  /** Deletes the nodes of 1-based ranks start..end (zslDeleteRangeByRank). */
  int deleteRangeByRank(int start, int end) {
    Node[] update = new Node[LEVEL_MAX];
    long traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.next[i] != null && traversed + x.span[i] < start) {
        traversed += x.span[i];
        x = x.next[i];
      }
      update[i] = x;
    }
    return deleteRun(x.next[0], update, end - start + 1, n -> false);
  }

  private int deleteRun(Node x, Node[] update, int max, Bound above) {
    int removed = 0;
    while (x != null && removed < max && !above.beyond(x)) {
      Node next = x.next[0];
      unlink(x, update);
      tableRemove(x);
      removed++;
      x = next;
    }
    maybeShrink();
    return removed;
  }

  /** A copy with the same members and scores; nothing mutable is shared. */
  ZSkiplist copy() {
    ZSkiplist c = new ZSkiplist();
    c.presize(length);
    // From the greatest down, so each insert stops at the header (Redis's zsetDup).
    for (Node n = tail; n != null; n = n.backward) {
      c.insert(n.score, n.member);
    }
    return c;
  }

  /** Sizes the hash table of an empty set for n members ahead of a bulk load. */
  void presize(int n) {
    if (length == 0 && n > t0.length) {
      t0 = new Node[nextPow2(n)];
    }
  }

  private static int chainLength(Node[] t) {
    int n = 0;
    for (Node head : t == null ? new Node[0] : t) {
      for (Node x = head; x != null; x = x.chain) {
        n++;
      }
    }
    return n;
  }

  /** Checks the structure (tests): order, spans, back links, hash table, counts. */
  void checkInvariants() {
    int count = 0;
    Node prev = null;
    for (Node n = header.next[0]; n != null; n = n.next[0]) {
      count++;
      if (n.backward != prev || (prev != null && !before(prev, n.score, n.member))) {
        throw new IllegalStateException("skiplist order or back link broken at " + count);
      }
      if (find(n.member) != n || rank(n) != count) {
        throw new IllegalStateException("lookup or rank broken at " + count);
      }
      prev = n;
    }
    int chained = chainLength(t0) + chainLength(t1);
    if (count != length || chained != length || used0 + used1 != length || tail != prev) {
      throw new IllegalStateException("counts " + count + "/" + chained + "/" + length);
    }
  }
}
