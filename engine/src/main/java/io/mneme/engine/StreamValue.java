package io.mneme.engine;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis stream (t_stream.c): entries in ID order plus consumer groups.
 *
 * <p>Entries live in nodes as Redis keeps them in listpacks hung off a radix tree: a node starts
 * with a new entry when the last node holds {@link #NODE_ENTRIES_MAX} entries (deleted ones
 * included) or its listpack would pass {@link #NODE_BYTES_MAX}. Each node is one packed byte
 * array whose first entry's field names are kept once ("master fields"); entries with the same
 * field names store only their values, as Redis's SAMEFIELDS flag does. The node boundaries are
 * Redis's exactly (each node tracks the size its listpack would have), because approximate
 * trimming removes whole nodes and XINFO reports their number.
 *
 * <p>Deleted entries stay in their node, flagged, until XDEL removes the node's last live entry
 * or trimming drops the node whole. Exact MINID trimming may leave a node with no live entry
 * (when its last entry was already deleted); Redis keeps such a node too, and so do we.
 *
 * <p>IDs are two unsigned 64-bit numbers held in longs; compare them with {@link #compare}.
 */
final class StreamValue implements Container {
  /** Redis's stream-node-max-entries default. */
  static final int NODE_ENTRIES_MAX = 100;
  /** Redis's stream-node-max-bytes default. */
  static final int NODE_BYTES_MAX = 4096;
  /** Length in bytes of a node's radix tree key: two big-endian 64-bit numbers. */
  private static final int RAX_KEY_BYTES = 16;
  /** SCG_INVALID_ENTRIES_READ: the group's read counter is unknown. */
  static final long ENTRIES_READ_INVALID = -1;
  /** Version of the {@link #encode} layout. */
  private static final int CODEC_VERSION = 1;

  private static final int FLAG_DELETED = 1;
  private static final int FLAG_SAMEFIELDS = 2;
  /** An empty listpack: 6 header bytes and the end byte. */
  private static final int LP_EMPTY_BYTES = 7;
  /** Most streams are small: the node array starts with room for one node and doubles. */
  private static final int INITIAL_NODES = 1;

  /** A stream ID; the two parts are unsigned. */
  record Id(long ms, long seq) implements Comparable<Id> {
    static final Id MIN = new Id(0, 0);
    static final Id MAX = new Id(-1, -1);

    @Override
    public int compareTo(Id o) {
      return compare(ms, seq, o.ms, o.seq);
    }

    boolean isZero() {
      return ms == 0 && seq == 0;
    }

    @Override
    public String toString() {
      return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    byte[] bytes() {
      return Parse.bytes(toString());
    }
  }

  /** Unsigned comparison of two IDs: negative, zero or positive. */
  static int compare(long ms1, long seq1, long ms2, long seq2) {
    int c = Long.compareUnsigned(ms1, ms2);
    return c != 0 ? c : Long.compareUnsigned(seq1, seq2);
  }

  /** One listpack of Redis's radix tree. */
  static final class Node {
    final long masterMs;
    final long masterSeq;
    final byte[][] masterFields;
    byte[] buf;
    int used;
    int live;
    int deleted;
    /** The bytes Redis's listpack for the same entries would take. */
    int lpBytes;
    /** ID of the node's last entry, deleted or not. */
    long lastMs;
    long lastSeq;

    Node(long masterMs, long masterSeq, byte[][] masterFields, int capacity) {
      this.masterMs = masterMs;
      this.masterSeq = masterSeq;
      this.masterFields = masterFields;
      this.buf = new byte[capacity];
    }

    Node copy() {
      Node n = new Node(masterMs, masterSeq, masterFields, 0);
      n.buf = Arrays.copyOf(buf, used);
      n.used = used;
      n.live = live;
      n.deleted = deleted;
      n.lpBytes = lpBytes;
      n.lastMs = lastMs;
      n.lastSeq = lastSeq;
      return n;
    }
  }

  /** A pending (delivered, not acknowledged) entry of a group: Redis's streamNACK. */
  static final class Nack {
    final Id id;
    Consumer consumer;
    long deliveryTime;
    long deliveryCount;

    Nack(Id id, Consumer consumer, long deliveryTime, long deliveryCount) {
      this.id = id;
      this.consumer = consumer;
      this.deliveryTime = deliveryTime;
      this.deliveryCount = deliveryCount;
    }
  }

  static final class Consumer {
    final byte[] name;
    long seenTime;
    final TreeMap<Id, Nack> pel = new TreeMap<>();

    Consumer(byte[] name, long seenTime) {
      this.name = name;
      this.seenTime = seenTime;
    }
  }

  static final class Group {
    final byte[] name;
    long lastMs;
    long lastSeq;
    long entriesRead;
    final TreeMap<Id, Nack> pel = new TreeMap<>();
    /** In Redis's radix tree order: bytewise, a prefix first. */
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    Group(byte[] name, long lastMs, long lastSeq, long entriesRead) {
      this.name = name;
      this.lastMs = lastMs;
      this.lastSeq = lastSeq;
      this.entriesRead = entriesRead;
    }

    Id lastId() {
      return new Id(lastMs, lastSeq);
    }

    Consumer consumer(byte[] consumerName) {
      return consumers.get(consumerName);
    }

    /** Adds a consumer that must not exist yet (streamCreateConsumer). */
    Consumer addConsumer(byte[] consumerName, long now) {
      Consumer c = new Consumer(consumerName, now);
      consumers.put(consumerName, c);
      return c;
    }

    /** Removes a consumer and its pending entries from the group PEL too. */
    void removeConsumer(Consumer c) {
      for (Id id : c.pel.keySet()) {
        pel.remove(id);
      }
      consumers.remove(c.name);
    }

    /** Acknowledges one pending entry; returns whether it was pending. */
    boolean ack(Id id) {
      Nack n = pel.remove(id);
      if (n == null) {
        return false;
      }
      n.consumer.pel.remove(id);
      return true;
    }
  }

  private Node[] nodes = new Node[INITIAL_NODES];
  private int nodeCount;
  private long length;
  private long lastMs;
  private long lastSeq;
  private long firstMs;
  private long firstSeq;
  private long maxDeletedMs;
  private long maxDeletedSeq;
  private long entriesAdded;
  /** Consumer groups by name in radix tree order; null until the first one (saves memory). */
  private TreeMap<byte[], Group> groups;

  @Override
  public String typeName() {
    return "stream";
  }

  @Override
  public String encoding() {
    return "stream";
  }

  /**
   * Always false: Redis keeps a stream key when its last entry goes, since the key still holds
   * the last ID, the counters and the consumer groups.
   */
  @Override
  public boolean isEmpty() {
    return false;
  }

  long length() {
    return length;
  }

  Id lastId() {
    return new Id(lastMs, lastSeq);
  }

  Id firstId() {
    return new Id(firstMs, firstSeq);
  }

  Id maxDeletedId() {
    return new Id(maxDeletedMs, maxDeletedSeq);
  }

  long entriesAdded() {
    return entriesAdded;
  }

  int nodeCount() {
    return nodeCount;
  }

  /** XSETID: the caller has checked the arguments against the stream. */
  void setLastId(Id id) {
    lastMs = id.ms;
    lastSeq = id.seq;
  }

  void setEntriesAdded(long n) {
    entriesAdded = n;
  }

  void setMaxDeletedId(Id id) {
    maxDeletedMs = id.ms;
    maxDeletedSeq = id.seq;
  }

  // ---- appending ----

  /**
   * Appends an entry whose ID the caller has checked to be greater than the last ID; the fields
   * and values alternate in argv from index {@code from}. Redis's streamAppendItem.
   */
  void append(Id id, byte[][] argv, int from) {
    int fieldCount = (argv.length - from) / 2;
    Node tail = nodeCount == 0 ? null : nodes[nodeCount - 1];
    if (tail != null && isFull(tail, argv, from)) {
      sealTail();
      tail = null;
    }
    boolean same;
    if (tail == null) {
      tail = newNode(id, argv, from, fieldCount);
      same = true;
    } else {
      same = sameFields(tail.masterFields, argv, from);
    }
    writeEntry(tail, id, argv, from, fieldCount, same);
    length++;
    entriesAdded++;
    lastMs = id.ms;
    lastSeq = id.seq;
    if (length == 1) {
      firstMs = id.ms;
      firstSeq = id.seq;
    }
  }

  /** Redis's test for a new node: listpack bytes plus the new strings, or entry count. */
  private static boolean isFull(Node tail, byte[][] argv, int from) {
    long strings = 0;
    for (int i = from; i < argv.length; i++) {
      strings += argv[i].length;
    }
    return tail.lpBytes + strings >= NODE_BYTES_MAX
        || tail.live + tail.deleted >= NODE_ENTRIES_MAX;
  }

  /** The tail stops growing: give back its spare capacity. */
  private void sealTail() {
    Node t = nodes[nodeCount - 1];
    if (t.buf.length != t.used) {
      t.buf = Arrays.copyOf(t.buf, t.used);
    }
  }

  private Node newNode(Id id, byte[][] argv, int from, int fieldCount) {
    byte[][] master = new byte[fieldCount][];
    int lp = LP_EMPTY_BYTES + lpInt(1) + lpInt(0) + lpInt(fieldCount) + lpInt(0);
    for (int i = 0; i < fieldCount; i++) {
      master[i] = argv[from + 2 * i];
      lp += lpString(master[i]);
    }
    Node n = new Node(id.ms, id.seq, master, 0);
    n.lpBytes = lp;
    if (nodeCount == nodes.length) {
      nodes = Arrays.copyOf(nodes, nodeCount * 2);
    }
    nodes[nodeCount++] = n;
    return n;
  }

  private static boolean sameFields(byte[][] master, byte[][] argv, int from) {
    if (master.length * 2 != argv.length - from) {
      return false;
    }
    for (int i = 0; i < master.length; i++) {
      if (!Arrays.equals(master[i], argv[from + 2 * i])) {
        return false;
      }
    }
    return true;
  }

  private static void writeEntry(Node n, Id id, byte[][] argv, int from, int fieldCount,
      boolean same) {
    long msDelta = id.ms - n.masterMs;
    long seqDelta = id.seq - n.masterSeq;
    int size = 1 + varLength(msDelta) + varLength(zigzag(seqDelta));
    int lp = lpInt(same ? FLAG_SAMEFIELDS : 0) + lpInt(msDelta) + lpInt(seqDelta);
    int parts = fieldCount + 3;
    if (!same) {
      size += varLength(fieldCount);
      lp += lpInt(fieldCount);
      parts += fieldCount + 1;
    }
    for (int i = from + (same ? 1 : 0); i < argv.length; i += same ? 2 : 1) {
      size += varLength(argv[i].length) + argv[i].length;
      lp += lpString(argv[i]);
    }
    Writer w = new Writer(n, size);
    w.put(same ? FLAG_SAMEFIELDS : 0);
    w.varLong(msDelta);
    w.varLong(zigzag(seqDelta));
    if (!same) {
      w.varLong(fieldCount);
    }
    for (int i = from + (same ? 1 : 0); i < argv.length; i += same ? 2 : 1) {
      w.string(argv[i]);
    }
    n.used = w.pos;
    n.lpBytes += lp + lpInt(parts);
    n.live++;
    n.lastMs = id.ms;
    n.lastSeq = id.seq;
  }

  /** Bytes of v as an unsigned varint. */
  private static int varLength(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  // ---- reading ----

  /** Receives entries; returns false to stop. */
  @FunctionalInterface
  interface EntryVisitor {
    boolean visit(long ms, long seq, byte[][] fieldsAndValues);
  }

  /**
   * Visits the live entries with start &lt;= id &lt;= end in ID order, or in reverse order, at
   * most count of them (0: no limit); returns how many it visited. As Redis's stream iterator,
   * only live entries are compared with the far end of the range.
   */
  long range(Id start, Id end, boolean rev, long count, EntryVisitor v) {
    if (nodeCount == 0 || start.compareTo(end) > 0) {
      return 0;
    }
    return rev ? rangeReverse(start, end, count, v) : rangeForward(start, end, count, v);
  }

  private long rangeForward(Id start, Id end, long count, EntryVisitor v) {
    Cursor c = new Cursor();
    long n = 0;
    for (int i = Math.max(0, floorNode(start.ms, start.seq)); i < nodeCount; i++) {
      Node node = nodes[i];
      if (compare(node.masterMs, node.masterSeq, end.ms, end.seq) > 0) {
        break; // every entry of a node is at least its master ID
      }
      for (int off = 0; off < node.used; off = c.next) {
        c.read(node, off);
        if (c.deleted() || compare(c.ms, c.seq, start.ms, start.seq) < 0) {
          continue;
        }
        if (compare(c.ms, c.seq, end.ms, end.seq) > 0) {
          return n;
        }
        n++;
        if (!v.visit(c.ms, c.seq, c.fieldsAndValues()) || n == count) {
          return n;
        }
      }
    }
    return n;
  }

  private long rangeReverse(Id start, Id end, long count, EntryVisitor v) {
    Cursor c = new Cursor();
    long n = 0;
    for (int i = floorNode(end.ms, end.seq); i >= 0; i--) {
      Node node = nodes[i];
      int[] offs = offsets(node);
      for (int k = offs.length - 1; k >= 0; k--) {
        c.read(node, offs[k]);
        if (c.deleted() || compare(c.ms, c.seq, end.ms, end.seq) > 0) {
          continue;
        }
        if (compare(c.ms, c.seq, start.ms, start.seq) < 0) {
          return n;
        }
        n++;
        if (!v.visit(c.ms, c.seq, c.fieldsAndValues()) || n == count) {
          return n;
        }
      }
    }
    return n;
  }

  /** The fields and values of the live entry with this ID, or null. */
  byte[][] get(Id id) {
    byte[][][] out = new byte[1][][];
    range(id, id, false, 1, (ms, seq, fv) -> {
      out[0] = fv;
      return false;
    });
    return out[0];
  }

  boolean exists(Id id) {
    return findLive(id) >= 0;
  }

  /**
   * Where the live entry with this ID is: node index in the high half, offset in the low half;
   * -1 when there is none.
   */
  private long findLive(Id id) {
    int i = floorNode(id.ms, id.seq);
    if (i < 0) {
      return -1;
    }
    Cursor c = new Cursor();
    Node node = nodes[i];
    for (int off = 0; off < node.used; off = c.next) {
      c.read(node, off);
      if (c.deleted()) {
        continue;
      }
      int cmp = compare(c.ms, c.seq, id.ms, id.seq);
      if (cmp == 0) {
        return ((long) i << 32) | off;
      } else if (cmp > 0) {
        return -1;
      }
    }
    return -1;
  }

  /** ID of the first (or last) live entry (streamGetEdgeID); null when there is none. */
  Id edgeId(boolean first) {
    Cursor c = new Cursor();
    for (int k = 0; k < nodeCount; k++) {
      Node node = nodes[first ? k : nodeCount - 1 - k];
      if (node.live == 0) {
        continue;
      }
      Id found = null;
      for (int off = 0; off < node.used; off = c.next) {
        c.read(node, off);
        if (!c.deleted()) {
          found = new Id(c.ms, c.seq);
          if (first) {
            return found;
          }
        }
      }
      return found;
    }
    return null;
  }

  /** Index of the last node whose master ID is &lt;= the ID, or -1. */
  private int floorNode(long ms, long seq) {
    int lo = 0;
    int hi = nodeCount - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Node m = nodes[mid];
      if (compare(m.masterMs, m.masterSeq, ms, seq) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private static int[] offsets(Node node) {
    int[] offs = new int[node.live + node.deleted];
    Cursor c = new Cursor();
    int k = 0;
    for (int off = 0; off < node.used; off = c.next) {
      c.read(node, off);
      offs[k++] = off;
    }
    return offs;
  }

  // ---- deleting and trimming ----

  /**
   * XDEL of one ID: flags the entry deleted, drops its node when it was the node's last live
   * entry, and keeps the first ID and the largest deleted ID. Returns whether it existed.
   */
  boolean delete(Id id) {
    long at = findLive(id);
    if (at < 0) {
      return false;
    }
    int i = (int) (at >>> 32);
    markDeleted(i, nodes[i], (int) at);
    if (compare(id.ms, id.seq, maxDeletedMs, maxDeletedSeq) > 0) {
      maxDeletedMs = id.ms;
      maxDeletedSeq = id.seq;
    }
    updateFirstAfterDelete(id);
    return true;
  }

  private void markDeleted(int index, Node node, int off) {
    length--;
    if (node.live == 1) {
      removeNodes(index, 1);
      return;
    }
    node.buf[off] |= FLAG_DELETED;
    node.live--;
    node.deleted++;
  }

  private void updateFirstAfterDelete(Id deleted) {
    if (length == 0) {
      firstMs = 0;
      firstSeq = 0;
    } else if (compare(deleted.ms, deleted.seq, firstMs, firstSeq) == 0) {
      Id f = edgeId(true);
      firstMs = f.ms;
      firstSeq = f.seq;
    }
  }

  private void removeNodes(int from, int count) {
    System.arraycopy(nodes, from + count, nodes, from, nodeCount - from - count);
    nodeCount -= count;
    Arrays.fill(nodes, nodeCount, nodeCount + count, null);
  }

  /**
   * Redis's streamTrim: by MAXLEN (minId null) or MINID. Whole nodes go first; approximate
   * trimming stops at the first node it cannot remove whole; limit bounds the entries removed
   * (0: no bound). Returns the number of entries removed.
   */
  long trim(long maxLen, Id minId, boolean approx, long limit) {
    long removed = 0;
    int drop = 0;
    while (drop < nodeCount) {
      if (minId == null && length <= maxLen) {
        break;
      }
      Node node = nodes[drop];
      if (limit != 0 && removed + node.live > limit) {
        break;
      }
      boolean whole = minId == null ? length - node.live >= maxLen
          : compare(node.lastMs, node.lastSeq, minId.ms, minId.seq) < 0;
      if (whole) {
        length -= node.live;
        removed += node.live;
        drop++;
        continue;
      }
      if (!approx) {
        removed += trimInside(node, maxLen, minId);
      }
      break;
    }
    removeNodes(0, drop);
    Id f = edgeId(true);
    firstMs = f == null ? 0 : f.ms;
    firstSeq = f == null ? 0 : f.seq;
    return removed;
  }

  /** Flags entries of the first node deleted until the trim condition holds. */
  private long trimInside(Node node, long maxLen, Id minId) {
    Cursor c = new Cursor();
    long removed = 0;
    for (int off = 0; off < node.used; off = c.next) {
      c.read(node, off);
      boolean stop = minId == null ? length <= maxLen
          : compare(c.ms, c.seq, minId.ms, minId.seq) >= 0;
      if (stop) {
        break;
      }
      if (!c.deleted()) {
        node.buf[off] |= FLAG_DELETED;
        node.live--;
        node.deleted++;
        length--;
        removed++;
      }
    }
    return removed;
  }

  // ---- consumer groups ----

  /** The group with this name, or null. */
  Group group(byte[] name) {
    return groups == null ? null : groups.get(name);
  }

  /** Creates a group unless the name is taken (streamCreateCG); returns null if taken. */
  Group createGroup(byte[] name, Id last, long entriesRead) {
    if (groups == null) {
      groups = new TreeMap<>(Arrays::compareUnsigned);
    }
    if (groups.containsKey(name)) {
      return null;
    }
    Group g = new Group(name, last.ms, last.seq, entriesRead);
    groups.put(name, g);
    return g;
  }

  boolean destroyGroup(byte[] name) {
    return groups != null && groups.remove(name) != null;
  }

  /** Groups in radix tree order; empty when there is none. */
  Iterable<Group> groups() {
    return groups == null ? java.util.List.of() : groups.values();
  }

  int groupCount() {
    return groups == null ? 0 : groups.size();
  }

  /**
   * streamRangeHasTombstones: whether an entry deleted from the middle of the stream may lie in
   * [start, end] (null: unbounded), so read counters cannot be trusted there.
   */
  boolean rangeHasTombstones(Id start, Id end) {
    if (length == 0 || (maxDeletedMs == 0 && maxDeletedSeq == 0)) {
      return false;
    }
    if (compare(firstMs, firstSeq, maxDeletedMs, maxDeletedSeq) > 0) {
      return false;
    }
    Id s = start == null ? Id.MIN : start;
    Id e = end == null ? Id.MAX : end;
    return compare(s.ms, s.seq, maxDeletedMs, maxDeletedSeq) <= 0
        && compare(maxDeletedMs, maxDeletedSeq, e.ms, e.seq) <= 0;
  }

  /**
   * streamEstimateDistanceFromFirstEverEntry: the read counter of an ID (entries added up to
   * and including it), or {@link #ENTRIES_READ_INVALID} when it cannot be known.
   */
  long estimateDistance(Id id) {
    if (entriesAdded == 0) {
      return 0;
    }
    int cmpLast = compare(id.ms, id.seq, lastMs, lastSeq);
    if (length == 0 && cmpLast < 1) {
      return entriesAdded;
    }
    if (cmpLast == 0) {
      return entriesAdded;
    } else if (cmpLast > 0) {
      return ENTRIES_READ_INVALID;
    }
    int cmpFirst = compare(id.ms, id.seq, firstMs, firstSeq);
    boolean noTombstones = (maxDeletedMs == 0 && maxDeletedSeq == 0)
        || compare(maxDeletedMs, maxDeletedSeq, firstMs, firstSeq) < 0;
    if (noTombstones) {
      if (cmpFirst < 0) {
        return entriesAdded - length;
      } else if (cmpFirst == 0) {
        return entriesAdded - length + 1;
      }
    }
    return ENTRIES_READ_INVALID;
  }

  /** The group's lag (entries not yet delivered), or null when it cannot be known. */
  Long lag(Group g) {
    if (entriesAdded == 0) {
      return 0L;
    }
    if (g.entriesRead != ENTRIES_READ_INVALID && !rangeHasTombstones(g.lastId(), null)) {
      return entriesAdded - g.entriesRead;
    }
    long read = estimateDistance(g.lastId());
    return read == ENTRIES_READ_INVALID ? null : entriesAdded - read;
  }

  /** Advances the group past a delivered entry, keeping its read counter when it can. */
  void advanceGroup(Group g, Id id) {
    if (compare(id.ms, id.seq, g.lastMs, g.lastSeq) <= 0) {
      return;
    }
    if (g.entriesRead != ENTRIES_READ_INVALID && !rangeHasTombstones(id, null)) {
      g.entriesRead++;
    } else if (entriesAdded != 0) {
      g.entriesRead = estimateDistance(id);
    }
    g.lastMs = id.ms;
    g.lastSeq = id.seq;
  }

  // ---- XINFO: radix tree shape ----

  /**
   * The number of nodes of Redis's radix tree holding the node keys: a compressed trie over
   * the 16-byte big-endian keys, with one node per branch point, per run without branches and
   * per key.
   */
  long raxNodes() {
    if (nodeCount == 0) {
      return 1;
    }
    byte[][] keys = new byte[nodeCount][];
    for (int i = 0; i < nodeCount; i++) {
      keys[i] = raxKey(nodes[i].masterMs, nodes[i].masterSeq);
    }
    return raxCount(keys, 0, nodeCount, 0);
  }

  private static byte[] raxKey(long ms, long seq) {
    byte[] k = new byte[RAX_KEY_BYTES];
    for (int i = 0; i < 8; i++) {
      k[i] = (byte) (ms >>> (56 - 8 * i));
      k[8 + i] = (byte) (seq >>> (56 - 8 * i));
    }
    return k;
  }

  /** Nodes of the subtree for sorted keys [lo, hi) that share depth bytes; one starts here. */
  private static long raxCount(byte[][] keys, int lo, int hi, int depth) {
    if (depth == RAX_KEY_BYTES) {
      return 1;
    }
    int common = depth;
    while (common < RAX_KEY_BYTES && keys[lo][common] == keys[hi - 1][common]) {
      common++;
    }
    if (common == RAX_KEY_BYTES) {
      return 2; // a compressed node with the rest of the key, then the key's node
    }
    long n = common > depth ? 2 : 1; // the compressed run, if any, and the branch node
    int i = lo;
    while (i < hi) {
      int j = i + 1;
      while (j < hi && keys[j][common] == keys[i][common]) {
        j++;
      }
      n += raxCount(keys, i, j, common + 1);
      i = j;
    }
    return n;
  }

  // ---- copying ----

  @Override
  public StreamValue copy() {
    StreamValue s = new StreamValue();
    s.nodes = new Node[Math.max(INITIAL_NODES, nodeCount)];
    for (int i = 0; i < nodeCount; i++) {
      s.nodes[i] = nodes[i].copy();
    }
    s.nodeCount = nodeCount;
    s.length = length;
    s.lastMs = lastMs;
    s.lastSeq = lastSeq;
    s.firstMs = firstMs;
    s.firstSeq = firstSeq;
    s.maxDeletedMs = maxDeletedMs;
    s.maxDeletedSeq = maxDeletedSeq;
    s.entriesAdded = entriesAdded;
    if (groups != null) {
      s.groups = new TreeMap<>(Arrays::compareUnsigned);
      for (Group g : groups.values()) {
        s.groups.put(g.name, copyGroup(g));
      }
    }
    return s;
  }

  private static Group copyGroup(Group g) {
    Group c = new Group(g.name, g.lastMs, g.lastSeq, g.entriesRead);
    for (Consumer from : g.consumers.values()) {
      Consumer to = c.addConsumer(from.name, from.seenTime);
      for (Nack n : from.pel.values()) {
        Nack m = new Nack(n.id, to, n.deliveryTime, n.deliveryCount);
        to.pel.put(n.id, m);
        c.pel.put(n.id, m);
      }
    }
    return c;
  }

  // ---- snapshot codec (after the tag) ----

  /**
   * TAG_STREAM, a version byte, the counters and IDs, the nodes as stored (master ID, counts,
   * listpack size, last ID, master fields, packed entries), then the groups with their
   * consumers, each consumer with its pending entries. Numbers are unsigned LEB128 varints.
   */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ValueCodec.TAG_STREAM);
    out.write(CODEC_VERSION);
    Out o = new Out(out);
    o.varLong(length);
    o.varLong(entriesAdded);
    o.id(lastMs, lastSeq);
    o.id(firstMs, firstSeq);
    o.id(maxDeletedMs, maxDeletedSeq);
    o.varLong(nodeCount);
    for (int i = 0; i < nodeCount; i++) {
      Node n = nodes[i];
      o.id(n.masterMs, n.masterSeq);
      o.varLong(n.live);
      o.varLong(n.deleted);
      o.varLong(n.lpBytes);
      o.id(n.lastMs, n.lastSeq);
      o.varLong(n.masterFields.length);
      for (byte[] f : n.masterFields) {
        o.bytes(f);
      }
      o.varLong(n.used);
      out.write(n.buf, 0, n.used);
    }
    o.varLong(groupCount());
    for (Group g : groups()) {
      o.bytes(g.name);
      o.id(g.lastMs, g.lastSeq);
      o.varLong(g.entriesRead + 1);
      o.varLong(g.consumers.size());
      for (Consumer c : g.consumers.values()) {
        o.bytes(c.name);
        o.varLong(c.seenTime);
        o.varLong(c.pel.size());
        for (Nack n : c.pel.values()) {
          o.id(n.id.ms, n.id.seq);
          o.varLong(n.deliveryTime);
          o.varLong(n.deliveryCount);
        }
      }
    }
    return out.toByteArray();
  }

  /** The inverse of {@link #encode}; rejects anything malformed. */
  static StreamValue decode(byte[] b) {
    if (b.length < 2) {
      throw new IllegalArgumentException("truncated stream data");
    }
    int version = b[1];
    Reader r = new Reader(b, 2);
    if (version != CODEC_VERSION) {
      throw new IllegalArgumentException("unknown stream encoding version " + version);
    }
    StreamValue s = new StreamValue();
    s.length = r.varLong();
    s.entriesAdded = r.varLong();
    s.lastMs = r.varLong();
    s.lastSeq = r.varLong();
    s.firstMs = r.varLong();
    s.firstSeq = r.varLong();
    s.maxDeletedMs = r.varLong();
    s.maxDeletedSeq = r.varLong();
    int count = r.count();
    s.nodes = new Node[Math.max(INITIAL_NODES, count)];
    for (int i = 0; i < count; i++) {
      s.nodes[i] = decodeNode(r);
    }
    s.nodeCount = count;
    int groupCount = r.count();
    for (int i = 0; i < groupCount; i++) {
      decodeGroup(s, r);
    }
    if (r.pos != b.length) {
      throw new IllegalArgumentException("trailing bytes after a stream");
    }
    return s;
  }

  private static Node decodeNode(Reader r) {
    long ms = r.varLong();
    long seq = r.varLong();
    int live = r.count();
    int deleted = r.count();
    int lpBytes = r.count();
    long lastMs = r.varLong();
    long lastSeq = r.varLong();
    byte[][] master = new byte[r.count()][];
    for (int i = 0; i < master.length; i++) {
      master[i] = r.bytes();
    }
    Node n = new Node(ms, seq, master, 0);
    n.used = r.count();
    n.buf = r.raw(n.used);
    n.live = live;
    n.deleted = deleted;
    n.lpBytes = lpBytes;
    n.lastMs = lastMs;
    n.lastSeq = lastSeq;
    return n;
  }

  private static void decodeGroup(StreamValue s, Reader r) {
    byte[] name = r.bytes();
    Id last = new Id(r.varLong(), r.varLong());
    Group g = s.createGroup(name, last, r.varLong() - 1);
    int consumers = r.count();
    for (int i = 0; i < consumers; i++) {
      Consumer c = g.addConsumer(r.bytes(), r.varLong());
      int pending = r.count();
      for (int j = 0; j < pending; j++) {
        Id id = new Id(r.varLong(), r.varLong());
        Nack n = new Nack(id, c, r.varLong(), r.varLong());
        c.pel.put(id, n);
        g.pel.put(id, n);
      }
    }
  }

  /** Test hook: checks the structure's invariants, throwing IllegalStateException. */
  void checkInvariants() {
    long live = 0;
    Id prev = null;
    for (int i = 0; i < nodeCount; i++) {
      Node n = nodes[i];
      check(n.live >= 0 && n.deleted >= 0, "node counts are not negative");
      check(n.live + n.deleted == offsets(n).length, "node counts");
      Cursor c = new Cursor();
      Id lastInNode = null;
      for (int off = 0; off < n.used; off = c.next) {
        c.read(n, off);
        check(compare(c.ms, c.seq, n.masterMs, n.masterSeq) >= 0, "entry before its master");
        if (!c.deleted()) {
          Id id = new Id(c.ms, c.seq);
          check(prev == null || prev.compareTo(id) < 0, "live IDs in order");
          prev = id;
        }
        lastInNode = new Id(c.ms, c.seq);
      }
      check(lastInNode.ms == n.lastMs && lastInNode.seq == n.lastSeq, "node last ID");
      live += n.live;
    }
    check(live == length, "length");
    check(prev == null || compare(prev.ms, prev.seq, lastMs, lastSeq) <= 0 || length == 0,
        "last ID");
    Id first = edgeId(true);
    check(first == null ? firstMs == 0 && firstSeq == 0 : first.equals(firstId()), "first ID");
    for (Group g : groups()) {
      long pending = 0;
      for (Consumer c : g.consumers.values()) {
        for (Map.Entry<Id, Nack> e : c.pel.entrySet()) {
          check(g.pel.get(e.getKey()) == e.getValue() && e.getValue().consumer == c, "PEL");
        }
        pending += c.pel.size();
      }
      check(pending == g.pel.size(), "group PEL size");
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("stream invariant broken: " + what);
    }
  }

  // ---- Redis's listpack sizes, for node boundaries ----

  /** Bytes of an integer element: encoding, data and back-length. */
  static int lpInt(long v) {
    int enc;
    if (v >= 0 && v <= 127) {
      enc = 1;
    } else if (v >= -4096 && v <= 4095) {
      enc = 2;
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      enc = 3;
    } else if (v >= -(1 << 23) && v <= (1 << 23) - 1) {
      enc = 4;
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      enc = 5;
    } else {
      enc = 9;
    }
    return enc + lpBacklen(enc);
  }

  /** Bytes of a string element; listpacks store strings that are integers as integers. */
  static int lpString(byte[] s) {
    Long v = Parse.parseLong(s);
    if (v != null) {
      return lpInt(v);
    }
    int len = s.length;
    int enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
    return enc + lpBacklen(enc);
  }

  private static int lpBacklen(int l) {
    return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
  }

  // ---- packed entries ----

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Reads one entry of a node: header on {@link #read}, the strings on demand. */
  private static final class Cursor {
    private Node node;
    private int flags;
    long ms;
    long seq;
    private int body;
    /** Offset of the next entry. */
    int next;

    void read(Node n, int off) {
      node = n;
      Reader r = new Reader(n.buf, off);
      flags = n.buf[off];
      r.pos++;
      ms = n.masterMs + r.varLong();
      seq = n.masterSeq + unzigzag(r.varLong());
      body = r.pos;
      if ((flags & FLAG_SAMEFIELDS) != 0) {
        for (int i = 0; i < n.masterFields.length; i++) {
          r.skip();
        }
      } else {
        for (long i = 2 * r.varLong(); i > 0; i--) {
          r.skip();
        }
      }
      next = r.pos;
    }

    boolean deleted() {
      return (flags & FLAG_DELETED) != 0;
    }

    byte[][] fieldsAndValues() {
      Reader r = new Reader(node.buf, body);
      if ((flags & FLAG_SAMEFIELDS) != 0) {
        byte[][] out = new byte[node.masterFields.length * 2][];
        for (int i = 0; i < node.masterFields.length; i++) {
          out[2 * i] = node.masterFields[i];
          out[2 * i + 1] = r.bytes();
        }
        return out;
      }
      byte[][] out = new byte[(int) (2 * r.varLong())][];
      for (int i = 0; i < out.length; i++) {
        out[i] = r.bytes();
      }
      return out;
    }
  }

  private static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    long varLong() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        if (pos >= b.length || shift > 63) {
          throw new IllegalArgumentException("truncated stream data");
        }
        int x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return v;
        }
      }
    }

    /** A non-negative count that fits an int. */
    int count() {
      long v = varLong();
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bad count in stream data");
      }
      return (int) v;
    }

    byte[] raw(int n) {
      if (n > b.length - pos) {
        throw new IllegalArgumentException("truncated stream data");
      }
      byte[] out = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    byte[] bytes() {
      return raw(count());
    }

    void skip() {
      int n = count();
      pos += n;
    }
  }

  /**
   * Appends one entry to a node's buffer. The buffer is made large enough first: exactly for a
   * node's first entry (a stream of one entry wastes nothing), doubling after that.
   */
  private static final class Writer {
    private final byte[] buf;
    int pos;

    Writer(Node node, int size) {
      int need = node.used + size;
      if (need > node.buf.length) {
        int grown = node.used == 0 ? need : Math.max(need, node.buf.length * 2);
        node.buf = Arrays.copyOf(node.buf, grown);
      }
      this.buf = node.buf;
      this.pos = node.used;
    }

    void put(int x) {
      buf[pos++] = (byte) x;
    }

    void varLong(long v) {
      while ((v & ~0x7fL) != 0) {
        buf[pos++] = (byte) ((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void string(byte[] s) {
      varLong(s.length);
      System.arraycopy(s, 0, buf, pos, s.length);
      pos += s.length;
    }
  }

  /** The codec's output helpers. */
  private static final class Out {
    private final ByteArrayOutputStream out;

    Out(ByteArrayOutputStream out) {
      this.out = out;
    }

    void varLong(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    void id(long ms, long seq) {
      varLong(ms);
      varLong(seq);
    }

    void bytes(byte[] b) {
      varLong(b.length);
      out.write(b, 0, b.length);
    }
  }
}
