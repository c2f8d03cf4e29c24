package io.mneme.engine;

import java.util.function.Consumer;

/**
 * The dictionary of one shard: a chained hash table with power-of-two bucket arrays and Redis's
 * incremental rehashing (two tables, a few buckets moved per write), so growing a table of
 * millions of keys never stalls a write. The expiry deadline lives in the entry itself.
 *
 * <p>Not thread-safe; the engine's caller serialises access. Reads ({@link #find}, {@link #scan})
 * never change the structure; only mutators take rehash steps.
 */
final class Keyspace {
  /** Redis's DICT_HT_INITIAL_SIZE. */
  static final int INITIAL_BUCKETS = 4;
  /** Buckets moved per mutation during an incremental rehash. */
  private static final int REHASH_BUCKETS_PER_OP = 1;
  /** Empty buckets skipped per moved bucket, so one step's work stays bounded (as Redis). */
  private static final int REHASH_EMPTY_VISITS_PER_BUCKET = 10;
  /** Shrink when fewer than this percent of buckets would be used (Redis HASHTABLE_MIN_FILL). */
  private static final int MIN_FILL_PERCENT = 10;
  /** Largest bucket array; past it chains just grow longer. */
  private static final int BUCKETS_MAX = 1 << 30;

  /**
   * One key. Kept lean (about 48 bytes with compressed oops): no boxed fields, no key wrapper.
   * String values are immutable byte arrays once stored. Besides its bucket chain, an entry is
   * on the doubly linked list of its hash slot, as in Redis 7, so that a slot's keys can be
   * counted and listed (CLUSTER COUNTKEYSINSLOT, slot migration) without a full walk.
   */
  static final class Entry {
    final byte[] key;
    final int hash;
    Object value;
    /** Absolute deadline in ms, or -1 for none. */
    long expireAt;
    Entry next;
    Entry slotPrev;
    Entry slotNext;
    /** The mutation sequence of the write that last changed this key (WATCH compares it). */
    long version;
    /**
     * Two things in one int, as Redis's robj keeps its encoding beside its 24-bit LRU clock,
     * so the entry stays at 56 bytes. The low 31 bits: when the key was last looked up, in
     * seconds of the engine's time modulo 2^31 (OBJECT IDLETIME); writes set it from their
     * entry time on every replica, reads only where they run (the leader), so it is
     * leader-local. The top bit ({@link #RAW_STRING}): the string value was changed in place
     * (APPEND, SETRANGE, SETBIT...), which makes Redis's OBJECT ENCODING "raw" whatever the
     * bytes; writes set it alike on every replica. Neither is part of a snapshot: a loaded
     * string is judged by its bytes again, as Redis judges one loaded from an RDB file.
     */
    private int access;

    Entry(byte[] key, int hash, Object value, long expireAt) {
      this.key = key;
      this.hash = hash;
      this.value = value;
      this.expireAt = expireAt;
    }

    /** The last access, in seconds modulo 2^31; 0 when none yet (loaded from a snapshot). */
    int accessSec() {
      return access & ACCESS_SEC_MASK;
    }

    void touch(int clockSec) {
      access = (access & RAW_STRING) | (clockSec & ACCESS_SEC_MASK);
    }

    /** Whether the string value was changed in place since it was stored whole. */
    boolean rawString() {
      return (access & RAW_STRING) != 0;
    }

    void rawString(boolean raw) {
      access = raw ? access | RAW_STRING : access & ACCESS_SEC_MASK;
    }
  }

  /** The bit of Entry's access word that says "raw", and the bits of the access time. */
  static final int RAW_STRING = 1 << 31;
  static final int ACCESS_SEC_MASK = ~RAW_STRING;

  private Entry[] t0 = new Entry[INITIAL_BUCKETS];
  private Entry[] t1;
  private long used0;
  private long used1;
  /** Next bucket of t0 to move to t1, or -1 when not rehashing. */
  private int rehashIdx = -1;
  private long volatileCount;
  /** The open snapshot that must see pre-images of changes, or null. */
  private SnapshotCursor snapshot;
  /** The version stamped on every key a write changes; the engine sets it per write. */
  long stamp;
  /** The running command's time in unsigned seconds, stamped on keys it inserts or reads. */
  int clockSec;
  /** Head of each hash slot's list of entries, and the length of each list. */
  private Entry[] slotHeads = new Entry[HashSlot.SLOT_COUNT];
  private int[] slotCounts = new int[HashSlot.SLOT_COUNT];

  long size() {
    return used0 + used1;
  }

  long volatileCount() {
    return volatileCount;
  }

  boolean isRehashing() {
    return rehashIdx != -1;
  }

  /** Murmur3-style 32-bit hash with a fixed seed: the same on every replica and every run. */
  static int hash(byte[] key) {
    int h = 0x9747b28c;
    int n = key.length;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      int k = (key[i] & 0xff) | (key[i + 1] & 0xff) << 8 | (key[i + 2] & 0xff) << 16
          | (key[i + 3] & 0xff) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int k = 0;
    for (int s = 0; i < n; i++, s += 8) {
      k |= (key[i] & 0xff) << s;
    }
    h ^= mixK(k);
    h ^= n;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private static int mixK(int k) {
    k *= 0xcc9e2d51;
    k = Integer.rotateLeft(k, 15);
    return k * 0x1b873593;
  }

  private static boolean sameKey(Entry e, byte[] key, int h) {
    return e.hash == h && java.util.Arrays.equals(e.key, key);
  }

  /** The entry for key, expired or not, or null. Never changes the structure. */
  Entry find(byte[] key) {
    int h = hash(key);
    for (Entry e = t0[h & (t0.length - 1)]; e != null; e = e.next) {
      if (sameKey(e, key, h)) {
        return e;
      }
    }
    if (t1 != null) {
      for (Entry e = t1[h & (t1.length - 1)]; e != null; e = e.next) {
        if (sameKey(e, key, h)) {
          return e;
        }
      }
    }
    return null;
  }

  /** Adds a key that must not exist yet. */
  Entry insert(byte[] key, Object value, long expireAt) {
    mutationStep();
    int h = hash(key);
    if (snapshot != null) {
      snapshot.beforeInsert(key, h);
    }
    Entry e = new Entry(key, h, value, expireAt);
    e.version = stamp;
    e.touch(clockSec);
    linkSlot(e);
    if (t1 != null) {
      int i = h & (t1.length - 1);
      e.next = t1[i];
      t1[i] = e;
      used1++;
    } else {
      int i = h & (t0.length - 1);
      e.next = t0[i];
      t0[i] = e;
      used0++;
    }
    if (expireAt != -1) {
      volatileCount++;
    }
    return e;
  }

  /**
   * Replaces the value of a live entry; the deadline is left alone. A new value is whole, not
   * "raw", until a command says it changed it in place.
   */
  void setValue(Entry e, Object value) {
    if (snapshot != null) {
      snapshot.beforeChange(e);
    }
    e.value = value;
    e.version = stamp;
    e.rawString(false);
  }

  /** Called before a command changes the container value of a live entry in place. */
  void beforeMutate(Entry e) {
    if (snapshot != null) {
      snapshot.beforeChange(e);
    }
    e.version = stamp;
  }

  /** Sets or clears (-1) the deadline of a live entry. */
  void setExpire(Entry e, long expireAt) {
    if (e.expireAt == expireAt) {
      return;
    }
    if (snapshot != null) {
      snapshot.beforeChange(e);
    }
    if (e.expireAt == -1) {
      volatileCount++;
    } else if (expireAt == -1) {
      volatileCount--;
    }
    e.expireAt = expireAt;
    e.version = stamp;
  }

  /** Deletes key if present; returns whether it was. */
  boolean delete(byte[] key) {
    Entry e = find(key);
    if (e == null) {
      return false;
    }
    delete(e);
    return true;
  }

  /** Unlinks a live entry. */
  void delete(Entry target) {
    if (snapshot != null) {
      snapshot.beforeChange(target);
    }
    unlinkSlot(target);
    if (!unlink(t0, target)) {
      unlink(t1, target);
      used1--;
    } else {
      used0--;
    }
    if (target.expireAt != -1) {
      volatileCount--;
    }
    mutationStep();
    maybeShrink();
  }

  private static boolean unlink(Entry[] t, Entry target) {
    if (t == null) {
      return false;
    }
    int i = target.hash & (t.length - 1);
    Entry prev = null;
    for (Entry e = t[i]; e != null; prev = e, e = e.next) {
      if (e == target) {
        if (prev == null) {
          t[i] = e.next;
        } else {
          prev.next = e.next;
        }
        e.next = null;
        return true;
      }
    }
    return false;
  }

  /** Empties the keyspace. An open snapshot keeps the old table, which nothing changes now. */
  void clear() {
    if (snapshot != null) {
      snapshot.detach();
      snapshot = null;
    }
    t0 = new Entry[INITIAL_BUCKETS];
    slotHeads = new Entry[HashSlot.SLOT_COUNT];
    slotCounts = new int[HashSlot.SLOT_COUNT];
    t1 = null;
    used0 = 0;
    used1 = 0;
    rehashIdx = -1;
    volatileCount = 0;
  }

  // ---- hash slots ----

  private void linkSlot(Entry e) {
    int slot = HashSlot.of(e.key);
    Entry head = slotHeads[slot];
    e.slotNext = head;
    if (head != null) {
      head.slotPrev = e;
    }
    slotHeads[slot] = e;
    slotCounts[slot]++;
  }

  private void unlinkSlot(Entry e) {
    int slot = HashSlot.of(e.key);
    if (e.slotPrev != null) {
      e.slotPrev.slotNext = e.slotNext;
    } else {
      slotHeads[slot] = e.slotNext;
    }
    if (e.slotNext != null) {
      e.slotNext.slotPrev = e.slotPrev;
    }
    e.slotPrev = null;
    e.slotNext = null;
    slotCounts[slot]--;
  }

  /** Keys in the slot, expired or not (Redis counts them until they are deleted). */
  int slotKeyCount(int slot) {
    return slotCounts[slot];
  }

  /** The first entry of the slot's list; follow {@link Entry#slotNext}. */
  Entry slotHead(int slot) {
    return slotHeads[slot];
  }

  // ---- incremental rehashing ----

  /** One bounded step of rehash work, then a grow if the table is full. */
  private void mutationStep() {
    if (snapshot != null) {
      return; // the snapshot walks a table that must keep its shape
    }
    if (rehashIdx != -1) {
      rehash(REHASH_BUCKETS_PER_OP);
    } else if (used0 >= t0.length && t0.length < BUCKETS_MAX) {
      startResize(Math.max(INITIAL_BUCKETS, nextPow2(used0 + 1)));
    }
  }

  private void maybeShrink() {
    if (snapshot != null || rehashIdx != -1 || t0.length <= INITIAL_BUCKETS) {
      return;
    }
    if (used0 * 100 / t0.length < MIN_FILL_PERCENT) {
      int target = Math.max(INITIAL_BUCKETS, nextPow2(used0));
      if (target < t0.length) {
        startResize(target);
      }
    }
  }

  private static int nextPow2(long n) {
    if (n >= BUCKETS_MAX) {
      return BUCKETS_MAX;
    }
    int p = Integer.highestOneBit((int) Math.max(1, n));
    return p < n ? p << 1 : p;
  }

  private void startResize(int buckets) {
    t1 = new Entry[buckets];
    used1 = 0;
    rehashIdx = 0;
  }

  /** Moves up to n non-empty buckets from t0 to t1, like Redis's dictRehash. */
  void rehash(int n) {
    int emptyVisits = n * REHASH_EMPTY_VISITS_PER_BUCKET;
    while (n-- > 0 && used0 != 0) {
      while (t0[rehashIdx] == null) {
        rehashIdx++;
        if (--emptyVisits == 0) {
          return;
        }
      }
      Entry e = t0[rehashIdx];
      int mask1 = t1.length - 1;
      while (e != null) {
        Entry next = e.next;
        int i = e.hash & mask1;
        e.next = t1[i];
        t1[i] = e;
        used0--;
        used1++;
        e = next;
      }
      t0[rehashIdx] = null;
      rehashIdx++;
    }
    if (used0 == 0) {
      t0 = t1;
      used0 = used1;
      t1 = null;
      used1 = 0;
      rehashIdx = -1;
    }
  }

  /** Finishes any rehash in progress at once (before a snapshot). */
  void finishRehash() {
    while (rehashIdx != -1) {
      rehash(Integer.MAX_VALUE / REHASH_EMPTY_VISITS_PER_BUCKET);
    }
  }

  // ---- snapshot support ----

  /** Registers the snapshot that walks the table from now on; rehashing must be finished. */
  Entry[] attachSnapshot(SnapshotCursor cursor) {
    finishRehash();
    snapshot = cursor;
    return t0;
  }

  void detachSnapshot(SnapshotCursor cursor) {
    if (snapshot == cursor) {
      snapshot = null;
    }
  }

  // ---- scanning ----

  /**
   * Redis's dictScan: visits the bucket(s) the cursor names and returns the next cursor, 0 at
   * the end. The reverse-binary increment makes a full iteration see every key that was present
   * during all of it at least once, even when the table grows or shrinks in between.
   */
  long scan(long cursor, Consumer<Entry> fn) {
    if (size() == 0) {
      return 0;
    }
    long v = cursor;
    if (t1 == null) {
      long m0 = t0.length - 1;
      emit(t0[(int) (v & m0)], fn);
      v |= ~m0;
      v = Long.reverse(Long.reverse(v) + 1);
      return v;
    }
    Entry[] small = t0.length <= t1.length ? t0 : t1;
    Entry[] large = small == t0 ? t1 : t0;
    long m0 = small.length - 1;
    long m1 = large.length - 1;
    emit(small[(int) (v & m0)], fn);
    do {
      emit(large[(int) (v & m1)], fn);
      v |= ~m1;
      v = Long.reverse(Long.reverse(v) + 1);
    } while ((v & (m0 ^ m1)) != 0);
    return v;
  }

  private static void emit(Entry e, Consumer<Entry> fn) {
    for (; e != null; e = e.next) {
      fn.accept(e);
    }
  }

  /**
   * A pseudo-random entry chosen from the seed (Redis's dictGetRandomKey: a random non-empty
   * bucket, then a random element of its chain), or null when empty.
   */
  Entry random(java.util.SplittableRandom rnd) {
    if (size() == 0) {
      return null;
    }
    Entry head;
    do {
      if (t1 == null) {
        head = t0[rnd.nextInt(t0.length)];
      } else {
        // buckets of t0 below rehashIdx are empty: pick among the rest of t0 and all of t1
        int span = t0.length - rehashIdx + t1.length;
        int i = rehashIdx + rnd.nextInt(span);
        head = i < t0.length ? t0[i] : t1[i - t0.length];
      }
    } while (head == null);
    int len = 0;
    for (Entry e = head; e != null; e = e.next) {
      len++;
    }
    Entry e = head;
    for (int k = rnd.nextInt(len); k > 0; k--) {
      e = e.next;
    }
    return e;
  }

  /** Visits every entry (tests and validators). */
  void forEach(Consumer<Entry> fn) {
    for (Entry b : t0) {
      emit(b, fn);
    }
    if (t1 != null) {
      for (Entry b : t1) {
        emit(b, fn);
      }
    }
  }

  int bucketCount() {
    return t0.length + (t1 == null ? 0 : t1.length);
  }
}
