package io.mneme.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Streams the keyspace exactly as it was when the snapshot opened, while writes go on between
 * calls to {@link #next}. Copy-on-write: the table keeps its shape while the cursor is open, the
 * cursor walks its buckets by index, and before a write changes, adds or removes a key in a
 * bucket not yet emitted, the keyspace hands the key's pre-image to {@link #beforeChange} /
 * {@link #beforeInsert}. Emission prefers the pre-image; pre-images of keys deleted since the
 * open are emitted after the walk.
 */
public final class SnapshotCursor implements AutoCloseable {
  /** The key's state when the snapshot opened; value null means "did not exist". */
  private record PreImage(byte[] key, Object value, long expireAt) {}

  /** A byte[] with value equality, for the side map only (the main dict never boxes keys). */
  private record KeyRef(byte[] b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof KeyRef k && Arrays.equals(b, k.b);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(b);
    }
  }

  private final Engine engine;
  private final Keyspace keyspace;
  private final Keyspace.Entry[] table;
  private final long clockMs;
  private final Map<KeyRef, PreImage> preImages = new HashMap<>();
  private final ArrayDeque<PreImage> pending = new ArrayDeque<>();
  /** Buckets below this index have been emitted; changes there no longer matter. */
  private int nextBucket;
  private Iterator<PreImage> leftovers;
  private boolean closed;

  SnapshotCursor(Engine engine, Keyspace keyspace, long clockMs) {
    this.engine = engine;
    this.keyspace = keyspace;
    this.clockMs = clockMs;
    this.table = keyspace.attachSnapshot(this);
  }

  /** The engine's clock when the snapshot opened. */
  public long clockMs() {
    return clockMs;
  }

  /** Emits up to maxRecords records; returns false once every record has been emitted. */
  public boolean next(int maxRecords, SnapshotSink sink) {
    if (closed) {
      throw new IllegalStateException("snapshot cursor closed");
    }
    int n = 0;
    while (n < maxRecords) {
      PreImage p = pending.poll();
      if (p != null) {
        sink.accept(p.key, ValueCodec.encode(p.value), p.expireAt);
        n++;
      } else if (nextBucket < table.length) {
        collectBucket();
      } else {
        if (leftovers == null) {
          leftovers = preImages.values().iterator();
        }
        if (!nextLeftover()) {
          return false;
        }
      }
    }
    return pending.peek() != null || nextBucket < table.length || leftovers == null
        || leftovers.hasNext();
  }

  /** Queues the next deleted-since-open key's pre-image, or returns false when none remain. */
  private boolean nextLeftover() {
    while (leftovers.hasNext()) {
      PreImage p = leftovers.next();
      if (p.value != null) {
        pending.add(p);
        return true;
      }
    }
    return false;
  }

  /** Captures one bucket as it was at open time; afterwards its changes are not tracked. */
  private void collectBucket() {
    for (Keyspace.Entry e = table[nextBucket]; e != null; e = e.next) {
      PreImage pre = preImages.remove(new KeyRef(e.key));
      if (pre == null) {
        pending.add(new PreImage(e.key, e.value, e.expireAt));
      } else if (pre.value != null) {
        pending.add(pre);
      }
    }
    nextBucket++;
  }

  private boolean tracked(int hash) {
    return table != null && (hash & (table.length - 1)) >= nextBucket;
  }

  /** Called before a live entry's value or deadline changes, or before it is deleted. */
  void beforeChange(Keyspace.Entry e) {
    if (tracked(e.hash)) {
      // Strings are immutable once stored, so keeping the reference is a copy; a container may
      // change in place (or move to another key by RENAME), so it is copied.
      preImages.computeIfAbsent(new KeyRef(e.key), k -> new PreImage(e.key,
          e.value instanceof Container c ? c.copy() : e.value, e.expireAt));
    }
  }

  /** Called before a key that does not exist is added. */
  void beforeInsert(byte[] key, int hash) {
    if (tracked(hash)) {
      preImages.putIfAbsent(new KeyRef(key), new PreImage(key, null, -1));
    }
  }

  /** The keyspace was emptied: the old table is frozen now, so no more pre-images are needed. */
  void detach() {
    // Nothing to do: the cursor keeps walking the old table, which no one changes any more.
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      keyspace.detachSnapshot(this);
      engine.snapshotClosed(this);
    }
  }
}
