package io.mneme.engine;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The "hashtable" encoding of big hashes and sets: byte[] keys, with a byte[] value each for a
 * hash. Elements live in dense arrays at positions 0..size-1; a removal moves the last element
 * into the hole. A chained index of positions over a power-of-two bucket array finds them.
 *
 * <p>Why dense: SPOP, SRANDMEMBER and HRANDFIELD pick positions uniformly and every listing
 * follows positions, so what they return depends only on the order of the elements, which is a
 * function of the history of writes and which the codec keeps. A replica that loaded a snapshot
 * therefore pops the same members as one that replayed the log; a chained table whose shape
 * depended on its resize history would not. The buckets serve lookups and SCAN, whose
 * reverse-binary cursor (Redis's dictScan) stays valid when the index grows or shrinks between
 * calls.
 *
 * <p>Resizing is done at once rather than incrementally: amortised O(1) per write, at the price
 * of an O(n) step when a big table doubles. Keys and values are never changed in place (the
 * arrays are shared with replies and copies).
 */
final class DenseDict {
  /** Redis's DICT_HT_INITIAL_SIZE. */
  static final int BUCKETS_MIN = 4;
  /** Largest bucket array; past it chains grow longer. */
  static final int BUCKETS_MAX = 1 << 30;
  /** Shrink when fewer than 1 in this many buckets would be used (Redis HASHTABLE_MIN_FILL). */
  private static final int SHRINK_FILL_RATIO = 10;
  /** No position: the end of a chain or an empty bucket. */
  private static final int NONE = -1;

  private byte[][] keys;
  /** Null for a set. */
  private byte[][] values;
  private int[] hashes;
  /** The next position in the same bucket's chain, or NONE. */
  private int[] next;
  /** The first position of each bucket's chain, or NONE. */
  private int[] buckets;
  private int size;

  /** An empty table sized for about {@code expected} elements. */
  DenseDict(boolean withValues, int expected) {
    this(withValues, expected, bucketsFor(expected));
  }

  /** An empty table with a given bucket count (a power of two), as the codec restores it. */
  DenseDict(boolean withValues, int expected, int bucketCount) {
    if (Integer.bitCount(bucketCount) != 1 || bucketCount < BUCKETS_MIN
        || bucketCount > BUCKETS_MAX) {
      throw new IllegalArgumentException("bad bucket count " + bucketCount);
    }
    int capacity = Math.max(BUCKETS_MIN, expected);
    keys = new byte[capacity][];
    values = withValues ? new byte[capacity][] : null;
    hashes = new int[capacity];
    next = new int[capacity];
    buckets = emptyBuckets(bucketCount);
  }

  private DenseDict(DenseDict o) {
    keys = o.keys.clone();
    values = o.values == null ? null : o.values.clone();
    hashes = o.hashes.clone();
    next = o.next.clone();
    buckets = o.buckets.clone();
    size = o.size;
  }

  /** A copy sharing only the immutable key and value arrays. */
  DenseDict copy() {
    return new DenseDict(this);
  }

  private static int[] emptyBuckets(int n) {
    int[] b = new int[n];
    Arrays.fill(b, NONE);
    return b;
  }

  /** Redis's _dictNextExp: the smallest power of two holding n at one element per bucket. */
  static int bucketsFor(long n) {
    if (n >= BUCKETS_MAX) {
      return BUCKETS_MAX;
    }
    int p = Integer.highestOneBit((int) Math.max(BUCKETS_MIN, n));
    return p < n ? p << 1 : p;
  }

  int size() {
    return size;
  }

  int bucketCount() {
    return buckets.length;
  }

  boolean hasValues() {
    return values != null;
  }

  byte[] key(int pos) {
    return keys[pos];
  }

  byte[] value(int pos) {
    return values[pos];
  }

  /** Replaces the value at a position (values are never changed in place). */
  void setValue(int pos, byte[] value) {
    values[pos] = value;
  }

  /** The position of key, or -1. */
  int find(byte[] key) {
    int h = Keyspace.hash(key);
    for (int p = buckets[h & (buckets.length - 1)]; p != NONE; p = next[p]) {
      if (hashes[p] == h && Arrays.equals(keys[p], key)) {
        return p;
      }
    }
    return NONE;
  }

  /** Appends a key that is not present yet; returns its position. */
  int insert(byte[] key, byte[] value) {
    if (size == keys.length) {
      grow();
    }
    if (size >= buckets.length && buckets.length < BUCKETS_MAX) {
      rebuild(buckets.length << 1);
    }
    int p = size++;
    int h = Keyspace.hash(key);
    keys[p] = key;
    if (values != null) {
      values[p] = value;
    }
    hashes[p] = h;
    int b = h & (buckets.length - 1);
    next[p] = buckets[b];
    buckets[b] = p;
    return p;
  }

  /** Removes key if present; returns whether it was. */
  boolean remove(byte[] key) {
    int p = find(key);
    if (p == NONE) {
      return false;
    }
    removeAt(p);
    return true;
  }

  /** Removes the element at a position; the last element takes its place. */
  void removeAt(int pos) {
    relink(pos, next[pos]);
    int last = size - 1;
    if (pos != last) {
      relink(last, pos);
      keys[pos] = keys[last];
      if (values != null) {
        values[pos] = values[last];
      }
      hashes[pos] = hashes[last];
      next[pos] = next[last];
    }
    keys[last] = null;
    if (values != null) {
      values[last] = null;
    }
    size = last;
    maybeShrink();
  }

  /** Makes the link that points at position from (a bucket head or a next) point at to. */
  private void relink(int from, int to) {
    int b = hashes[from] & (buckets.length - 1);
    if (buckets[b] == from) {
      buckets[b] = to;
      return;
    }
    int q = buckets[b];
    while (next[q] != from) {
      q = next[q];
    }
    next[q] = to;
  }

  private void grow() {
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, keys.length + (keys.length >> 1) + 1L);
    if (capacity <= keys.length) {
      throw new IllegalStateException("collection too large");
    }
    resizeArrays(capacity);
  }

  private void resizeArrays(int capacity) {
    keys = Arrays.copyOf(keys, capacity);
    if (values != null) {
      values = Arrays.copyOf(values, capacity);
    }
    hashes = Arrays.copyOf(hashes, capacity);
    next = Arrays.copyOf(next, capacity);
  }

  /** Shrinks the index and the arrays once they are mostly empty, as Redis's cron would. */
  private void maybeShrink() {
    if (buckets.length > BUCKETS_MIN && (long) size * SHRINK_FILL_RATIO < buckets.length) {
      rebuild(bucketsFor(size));
      resizeArrays(Math.max(BUCKETS_MIN, size + (size >> 1)));
    }
  }

  /** Rebuilds the chains over a new bucket array; positions do not move. */
  private void rebuild(int bucketCount) {
    buckets = emptyBuckets(bucketCount);
    int mask = bucketCount - 1;
    for (int p = 0; p < size; p++) {
      int b = hashes[p] & mask;
      next[p] = buckets[b];
      buckets[b] = p;
    }
  }

  /**
   * Redis's dictScan for one table: visits the positions in the bucket the cursor names and
   * returns the next cursor, 0 at the end. A full iteration returns every element present during
   * all of it at least once, even if the bucket count changes between calls.
   */
  long scan(long cursor, IntConsumer visit) {
    if (size == 0) {
      return 0;
    }
    long mask = buckets.length - 1;
    for (int p = buckets[(int) (cursor & mask)]; p != NONE; p = next[p]) {
      visit.accept(p);
    }
    long v = cursor | ~mask;
    return Long.reverse(Long.reverse(v) + 1);
  }

  /** Checks the index against the arrays (tests). */
  void checkInvariants() {
    int linked = 0;
    for (int b = 0; b < buckets.length; b++) {
      for (int p = buckets[b]; p != NONE; p = next[p]) {
        if (p >= size || (hashes[p] & (buckets.length - 1)) != b
            || hashes[p] != Keyspace.hash(keys[p]) || linked++ > size) {
          throw new IllegalStateException("bad chain at bucket " + b);
        }
      }
    }
    if (linked != size || size > buckets.length && buckets.length < BUCKETS_MAX) {
      throw new IllegalStateException("linked " + linked + " of " + size);
    }
    for (int p = size; p < keys.length; p++) {
      if (keys[p] != null || (values != null && values[p] != null)) {
        throw new IllegalStateException("stale slot " + p);
      }
    }
  }
}
