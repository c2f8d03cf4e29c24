package io.mneme.engine;

/**
 * What one command runs with: the keyspace, its time, whether it is a write (writes delete
 * expired keys they touch; reads only treat them as absent) and the entry's seed.
 */
final class Ctx {
  final Engine engine;
  final Keyspace ks;
  final long now;
  final boolean write;
  final long seed;
  /** The lowercase full name of the running command, for error texts. */
  final String name;

  Ctx(Engine engine, long now, boolean write, long seed, String name) {
    this.engine = engine;
    this.ks = engine.keyspace;
    this.now = now;
    this.write = write;
    this.seed = seed;
    this.name = name;
    ks.clockSec = (int) (now / MS_PER_SECOND);
  }

  private static final long MS_PER_SECOND = 1000;

  /** Redis's keyIsExpired: a key lives through its deadline millisecond. */
  boolean expired(Keyspace.Entry e) {
    return e.expireAt != -1 && now > e.expireAt;
  }

  /** The live entry for key, or null; in a write an expired key is deleted first. */
  Keyspace.Entry lookup(byte[] key) {
    Keyspace.Entry e = lookupNoTouch(key);
    if (e != null) {
      e.touch(ks.clockSec);
    }
    return e;
  }

  /** As {@link #lookup}, leaving the access time alone (TYPE, TTL, EXISTS: LOOKUP_NOTOUCH). */
  Keyspace.Entry lookupNoTouch(byte[] key) {
    Keyspace.Entry e = lookupNoNotify(key);
    if (e == null && !write) {
      keyMiss(key);
    }
    return e;
  }

  /**
   * Redis's lookupKeyRead inside a write command (GETDEL, GETEX, the sources of SUNIONSTORE,
   * ZUNIONSTORE, COPY...): as {@link #lookup}, and a missing key is announced as "keymiss"
   * even though the command writes, as Redis's lookupKey does for every read lookup.
   */
  Keyspace.Entry lookupRead(byte[] key) {
    Keyspace.Entry e = lookup(key);
    if (e == null && write) {
      keyMiss(key);
    }
    return e;
  }

  /**
   * Redis's keymiss event (class m): a read that looked a key up and found none. Reads report
   * it, unlike other events; a write's own lookups (lookupKeyWrite) do not.
   */
  private void keyMiss(byte[] key) {
    engine.notify(NotifyFlags.KEY_MISS, "keymiss", key);
  }

  /** As {@link #lookupNoTouch}, announcing no miss (OBJECT, MEMORY USAGE: LOOKUP_NONOTIFY). */
  Keyspace.Entry lookupNoNotify(byte[] key) {
    Keyspace.Entry e = ks.find(key);
    if (e != null && expired(e)) {
      if (write) {
        deleteExpired(e);
      }
      return null;
    }
    return e;
  }

  /** Deletes the entry now if it is already past its deadline; returns whether it did. */
  boolean expireIfNeeded(Keyspace.Entry e) {
    if (expired(e)) {
      deleteExpired(e);
      return true;
    }
    return false;
  }

  /** Redis's deleteExpiredKeyAndPropagate: the key goes and "expired" is announced. */
  private void deleteExpired(Keyspace.Entry e) {
    byte[] key = e.key;
    ks.delete(e);
    notify(NotifyFlags.EXPIRED, "expired", key);
  }

  /** Redis's notifyKeyspaceEvent; only writes report (reads change nothing). */
  void notify(int typeClass, String event, byte[] key) {
    if (write) {
      engine.notify(typeClass, event, key);
    }
  }

  /** Redis's dbAdd: a new key, announced as "new". */
  Keyspace.Entry insert(byte[] key, Object value, long expireAt) {
    Keyspace.Entry e = ks.insert(key, value, expireAt);
    notify(NotifyFlags.NEW, "new", key);
    return e;
  }

  /** Deletes the entry when its container has become empty and announces "del". */
  boolean deleteIfEmptyNotify(Keyspace.Entry e) {
    byte[] key = e.key;
    if (deleteIfEmpty(e)) {
      notify(NotifyFlags.GENERIC, "del", key);
      return true;
    }
    return false;
  }

  /**
   * Marks the string at key as changed in place: Redis's dbUnshareStringValue, after which
   * OBJECT ENCODING says "raw" (APPEND, SETRANGE, SETBIT, BITFIELD, BITOP, PFADD...).
   */
  void rawString(byte[] key) {
    Keyspace.Entry e = ks.find(key);
    if (e != null && e.value instanceof byte[]) {
      e.rawString(true);
    }
  }

  /** The string at key, null if absent, WRONGTYPE if the key holds another type. */
  byte[] getString(byte[] key) {
    Keyspace.Entry e = lookupRead(key);
    return e == null ? null : string(e);
  }

  static byte[] string(Keyspace.Entry e) {
    if (e.value instanceof byte[] s) {
      return s;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /**
   * Must be called before changing the container held by a live entry in place, so an open
   * snapshot keeps the value as it was.
   */
  void mutating(Keyspace.Entry e) {
    ks.beforeMutate(e);
  }

  /** Deletes the entry when its container has become empty, as Redis does; returns whether. */
  boolean deleteIfEmpty(Keyspace.Entry e) {
    if (e.value instanceof Container c && c.isEmpty()) {
      ks.delete(e);
      return true;
    }
    return false;
  }

  /** Redis's setKey: stores the value, dropping any deadline unless keepTtl. */
  Keyspace.Entry setKey(byte[] key, Object value, boolean keepTtl) {
    Keyspace.Entry e = lookup(key);
    if (e == null) {
      return insert(key, value, -1);
    }
    ks.setValue(e, value);
    if (!keepTtl) {
      ks.setExpire(e, -1);
    }
    return e;
  }
}
