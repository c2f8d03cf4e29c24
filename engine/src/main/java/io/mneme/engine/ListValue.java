package io.mneme.engine;

import java.util.Arrays;

/**
 * A Redis list, laid out like Redis 7.0's quicklist: a chain of nodes, each one packed byte array
 * of entries (Redis packs them as listpacks). A small list is a single node, so it costs one
 * array and two or three bytes of overhead per element; a big list is a chain of nodes of at most
 * {@link #NODE_BYTES_MAX}, so a push or a pop at either end touches one small node.
 *
 * <p>Node layout: a header of {@link #HEADER_BYTES} (bytes in use as an int, entry count as an
 * unsigned short), then the entries. An entry is its length as a forward varint, its bytes, and
 * its length again as a backward varint, so a node can be walked from either end (as listpack's
 * backlen allows). A node's array may be longer than its bytes in use, to absorb a few pushes.
 *
 * <p>Positions are {@link Cursor}s: a node number and the offset of an entry inside that node.
 */
final class ListValue implements Container {
  /** list-max-listpack-size -2: each quicklist node holds at most 8 KB of entries. */
  static final int NODE_BYTES_MAX = 8192;
  /** Bytes in use (int) and entry count (unsigned short). */
  static final int HEADER_BYTES = 6;
  /** Entries one node may count; NODE_BYTES_MAX over the smallest entry stays below it. */
  private static final int NODE_ENTRIES_MAX = 0xffff;
  /** A node array with more than this much slack is shrunk after deletions. */
  private static final int NODE_SLACK_BYTES_MAX = 64;
  /** Layout version written after the codec tag. */
  private static final byte CODEC_VERSION = 1;
  private static final byte[][] NO_NODES = new byte[0][];

  static {
    if (NODE_BYTES_MAX / 2 > NODE_ENTRIES_MAX) {
      throw new AssertionError("a full node could overflow its entry count");
    }
  }

  /** A position: node number (0 is the head node) and the offset of an entry in that node. */
  static final class Cursor {
    int node;
    int off;
  }

  /** The nodes live in nodes[first, first + nodeCount); the slack on both sides is null. */
  private byte[][] nodes = NO_NODES;
  private int first;
  private int nodeCount;
  private long size;

  @Override
  public String typeName() {
    return "list";
  }

  /** Redis 7.0 reports every list as a quicklist, whatever its size. */
  @Override
  public String encoding() {
    return "quicklist";
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  long size() {
    return size;
  }

  @Override
  public ListValue copy() {
    ListValue c = new ListValue();
    c.nodes = new byte[nodeCount][];
    for (int i = 0; i < nodeCount; i++) {
      byte[] n = node(i);
      c.nodes[i] = Arrays.copyOf(n, used(n));
    }
    c.nodeCount = nodeCount;
    c.size = size;
    return c;
  }

  // ---- node bytes ----

  static int used(byte[] n) {
    return (n[0] & 0xff) << 24 | (n[1] & 0xff) << 16 | (n[2] & 0xff) << 8 | (n[3] & 0xff);
  }

  private static void setUsed(byte[] n, int v) {
    n[0] = (byte) (v >>> 24);
    n[1] = (byte) (v >>> 16);
    n[2] = (byte) (v >>> 8);
    n[3] = (byte) v;
  }

  static int count(byte[] n) {
    return (n[4] & 0xff) << 8 | (n[5] & 0xff);
  }

  private static void setCount(byte[] n, int v) {
    assert v >= 0 && v <= NODE_ENTRIES_MAX : v;
    n[4] = (byte) (v >>> 8);
    n[5] = (byte) v;
  }

  private static int varintBytes(int len) {
    return len < 1 << 7 ? 1 : len < 1 << 14 ? 2 : len < 1 << 21 ? 3 : len < 1 << 28 ? 4 : 5;
  }

  static int entryBytes(int len) {
    return 2 * varintBytes(len) + len;
  }

  /** The length of the entry that starts at off. */
  private static int lengthAt(byte[] n, int off) {
    int v = 0;
    for (int shift = 0;; shift += 7) {
      int b = n[off++];
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
  }

  /** The offset of the entry after the one at off. */
  private static int nextOffset(byte[] n, int off) {
    return off + entryBytes(lengthAt(n, off));
  }

  /** The offset of the entry that ends at end, read from its backward length. */
  private static int previousOffset(byte[] n, int end) {
    int p = end - 1;
    int v = n[p] & 0x7f;
    for (int shift = 7; (n[p] & 0x80) != 0; shift += 7) {
      p--;
      v |= (n[p] & 0x7f) << shift;
    }
    return end - entryBytes(v);
  }

  private static void writeEntry(byte[] n, int off, byte[] e) {
    int len = e.length;
    int s = varintBytes(len);
    int v = len;
    for (int i = 0; i < s; i++, v >>>= 7) {
      n[off + i] = (byte) ((v & 0x7f) | (i < s - 1 ? 0x80 : 0));
    }
    System.arraycopy(e, 0, n, off + s, len);
    // The backward length keeps its low group last; every byte but the first says "more before".
    int back = off + s + len;
    v = len;
    for (int i = s - 1; i >= 0; i--, v >>>= 7) {
      n[back + i] = (byte) ((v & 0x7f) | (i > 0 ? 0x80 : 0));
    }
  }

  private static byte[] read(byte[] n, int off) {
    int len = lengthAt(n, off);
    int data = off + varintBytes(len);
    return Arrays.copyOfRange(n, data, data + len);
  }

  private static boolean equalsAt(byte[] n, int off, byte[] e) {
    int len = lengthAt(n, off);
    int data = off + varintBytes(len);
    return len == e.length && Arrays.equals(n, data, data + len, e, 0, len);
  }

  private static byte[] newNode(int capacity) {
    byte[] n = new byte[Math.max(HEADER_BYTES, capacity)];
    setUsed(n, HEADER_BYTES);
    return n;
  }

  /** A node takes one more entry while it stays within the limit; an empty one takes any. */
  private static boolean fits(byte[] n, int entryBytes) {
    return count(n) == 0 || used(n) + entryBytes <= NODE_BYTES_MAX;
  }

  // ---- the chain of nodes ----

  private byte[] node(int i) {
    return nodes[first + i];
  }

  /** Inserts a node so that it becomes node i, growing the array at the side that needs it. */
  private void insertNode(int i, byte[] n) {
    if (i == 0 && first > 0) {
      first--;
    } else if (first + nodeCount < nodes.length) {
      System.arraycopy(nodes, first + i, nodes, first + i + 1, nodeCount - i);
    } else if (first > 0) {
      System.arraycopy(nodes, first, nodes, first - 1, i);
      first--;
    } else {
      int length = nodeCount < 2 ? nodeCount + 1 : nodeCount + nodeCount / 2 + 1;
      byte[][] grown = new byte[length][];
      // Pushes at the head create head nodes again and again: keep the slack on that side.
      int newFirst = i == 0 ? length - nodeCount - 1 : 0;
      System.arraycopy(nodes, first, grown, newFirst, i);
      System.arraycopy(nodes, first + i, grown, newFirst + i + 1, nodeCount - i);
      nodes = grown;
      first = newFirst;
    }
    nodes[first + i] = n;
    nodeCount++;
  }

  private void removeNode(int i) {
    if (i == 0) {
      nodes[first] = null;
      first++;
    } else {
      System.arraycopy(nodes, first + i + 1, nodes, first + i, nodeCount - i - 1);
      nodes[first + nodeCount - 1] = null;
    }
    nodeCount--;
    if (nodeCount == 0) {
      nodes = NO_NODES;
      first = 0;
    } else if (nodes.length > 8 && nodeCount < nodes.length / 4) {
      nodes = Arrays.copyOfRange(nodes, first, first + nodeCount);
      first = 0;
    }
  }

  /** Inserts e at offset off of node i. */
  private void insertEntry(int i, int off, byte[] e) {
    byte[] n = node(i);
    int u = used(n);
    int es = entryBytes(e.length);
    if (u + es > n.length) {
      int grown = Math.max(u + es, Math.min(n.length + (n.length >> 1), NODE_BYTES_MAX));
      n = Arrays.copyOf(n, grown);
      nodes[first + i] = n;
    }
    System.arraycopy(n, off, n, off + es, u - off);
    writeEntry(n, off, e);
    setUsed(n, u + es);
    setCount(n, count(n) + 1);
  }

  /**
   * Removes the k entries of node i in [from, to); drops the node when it empties. Returns
   * whether the node was dropped.
   */
  private boolean removeEntries(int i, int from, int to, int k) {
    byte[] n = node(i);
    int c = count(n) - k;
    if (c == 0) {
      removeNode(i);
      return true;
    }
    int u = used(n);
    System.arraycopy(n, to, n, from, u - to);
    u -= to - from;
    setUsed(n, u);
    setCount(n, c);
    if (n.length - u > NODE_SLACK_BYTES_MAX && u < n.length / 2) {
      nodes[first + i] = Arrays.copyOf(n, u + u / 4);
    }
    return false;
  }

  /** Splits node i in two (recursively) while it is over the limit and holds several entries. */
  private void splitIfBig(int i) {
    byte[] n = node(i);
    int c = count(n);
    if (used(n) <= NODE_BYTES_MAX || c < 2) {
      return;
    }
    int half = used(n) / 2;
    int off = HEADER_BYTES;
    int k = 0;
    while (k < c - 1 && (k == 0 || off < half)) {
      off = nextOffset(n, off);
      k++;
    }
    byte[] left = slice(n, HEADER_BYTES, off, k);
    byte[] right = slice(n, off, used(n), c - k);
    nodes[first + i] = left;
    insertNode(i + 1, right);
    splitIfBig(i + 1);
    splitIfBig(i);
  }

  private static byte[] slice(byte[] n, int from, int to, int k) {
    byte[] s = newNode(HEADER_BYTES + to - from);
    System.arraycopy(n, from, s, HEADER_BYTES, to - from);
    setUsed(s, HEADER_BYTES + to - from);
    setCount(s, k);
    return s;
  }

  /** Merges node i with node i + 1 when both fit in one node; returns whether it did. */
  private boolean mergeWithNext(int i) {
    if (i < 0 || i + 1 >= nodeCount) {
      return false;
    }
    byte[] a = node(i);
    byte[] b = node(i + 1);
    int bytes = used(a) + used(b) - HEADER_BYTES;
    if (bytes > NODE_BYTES_MAX) {
      return false;
    }
    byte[] m = Arrays.copyOf(a, bytes);
    System.arraycopy(b, HEADER_BYTES, m, used(a), used(b) - HEADER_BYTES);
    setUsed(m, bytes);
    setCount(m, count(a) + count(b));
    nodes[first + i] = m;
    removeNode(i + 1);
    return true;
  }

  /** Merges node i with its neighbours while they fit, after deletions left it small. */
  private void mergeAround(int i) {
    if (i >= 0 && i < nodeCount && mergeWithNext(i - 1)) {
      i--;
    }
    mergeWithNext(i);
  }

  /** Merges every run of adjacent nodes that fit in one (after deletions all over the list). */
  void compact() {
    for (int i = 0; i + 1 < nodeCount;) {
      if (!mergeWithNext(i)) {
        i++;
      }
    }
  }

  // ---- the list API ----

  void push(byte[] e, boolean head) {
    int es = entryBytes(e.length);
    int i = head ? 0 : nodeCount - 1;
    if (nodeCount == 0 || !fits(node(i), es)) {
      i = head ? 0 : nodeCount;
      insertNode(i, newNode(HEADER_BYTES + es));
    }
    insertEntry(i, head ? HEADER_BYTES : used(node(i)), e);
    size++;
  }

  /** Removes and returns the first (head) or last element, or null when empty. */
  byte[] pop(boolean head) {
    if (size == 0) {
      return null;
    }
    int i = head ? 0 : nodeCount - 1;
    byte[] n = node(i);
    int off = head ? HEADER_BYTES : previousOffset(n, used(n));
    int end = nextOffset(n, off);
    byte[] v = read(n, off);
    removeEntries(i, off, end, 1);
    size--;
    return v;
  }

  /** A cursor at element index, which must be in [0, size). */
  Cursor seek(long index) {
    assert index >= 0 && index < size : index;
    Cursor c = new Cursor();
    long before;
    if (index < size / 2) {
      int i = 0;
      before = 0;
      while (before + count(node(i)) <= index) {
        before += count(node(i));
        i++;
      }
      c.node = i;
    } else {
      int i = nodeCount - 1;
      long end = size;
      while (end - count(node(i)) > index) {
        end -= count(node(i));
        i--;
      }
      c.node = i;
      before = end - count(node(i));
    }
    c.off = offsetOf(node(c.node), (int) (index - before));
    return c;
  }

  /** The offset of entry k of node n, walked from the nearer end. */
  private static int offsetOf(byte[] n, int k) {
    int c = count(n);
    if (k < c / 2) {
      int off = HEADER_BYTES;
      for (int j = 0; j < k; j++) {
        off = nextOffset(n, off);
      }
      return off;
    }
    int off = used(n);
    for (int j = c; j > k; j--) {
      off = previousOffset(n, off);
    }
    return off;
  }

  /** A cursor at the first element, or null when empty. */
  Cursor head() {
    return size == 0 ? null : seek(0);
  }

  /** A cursor at the last element, or null when empty. */
  Cursor tail() {
    return size == 0 ? null : seek(size - 1);
  }

  /** Moves c to the next element (towards the tail); false when c was at the last one. */
  boolean next(Cursor c) {
    byte[] n = node(c.node);
    int off = nextOffset(n, c.off);
    if (off < used(n)) {
      c.off = off;
      return true;
    }
    if (c.node + 1 >= nodeCount) {
      return false;
    }
    c.node++;
    c.off = HEADER_BYTES;
    return true;
  }

  /** Moves c to the previous element (towards the head); false when c was at the first one. */
  boolean previous(Cursor c) {
    if (c.off > HEADER_BYTES) {
      c.off = previousOffset(node(c.node), c.off);
      return true;
    }
    if (c.node == 0) {
      return false;
    }
    c.node--;
    byte[] n = node(c.node);
    c.off = previousOffset(n, used(n));
    return true;
  }

  /** Moves c one element towards the tail when forward, else towards the head. */
  boolean step(Cursor c, boolean forward) {
    return forward ? next(c) : previous(c);
  }

  byte[] get(Cursor c) {
    return read(node(c.node), c.off);
  }

  boolean matches(Cursor c, byte[] e) {
    return equalsAt(node(c.node), c.off, e);
  }

  /** Replaces the element at c; c is invalid afterwards. */
  void set(Cursor c, byte[] e) {
    byte[] n = node(c.node);
    int end = nextOffset(n, c.off);
    int u = used(n);
    int es = entryBytes(e.length);
    int grown = u - (end - c.off) + es;
    if (grown > n.length) {
      n = Arrays.copyOf(n, grown);
      nodes[first + c.node] = n;
    }
    System.arraycopy(n, end, n, c.off + es, u - end);
    writeEntry(n, c.off, e);
    setUsed(n, grown);
    splitIfBig(c.node);
  }

  /** Inserts e before or after the element at c (LINSERT); c is invalid afterwards. */
  void insert(Cursor c, byte[] e, boolean after) {
    int off = after ? nextOffset(node(c.node), c.off) : c.off;
    insertEntry(c.node, off, e);
    size++;
    splitIfBig(c.node);
  }

  /**
   * Removes the element at c and moves c to the element that followed it in the direction of
   * the walk (forward is towards the tail); false when there is none. Nodes are not merged here,
   * so a walk stays valid; call {@link #compact()} after it.
   */
  boolean remove(Cursor c, boolean forward) {
    int off = c.off;
    int end = nextOffset(node(c.node), off);
    boolean dropped = removeEntries(c.node, off, end, 1);
    size--;
    if (forward) {
      if (!dropped) {
        if (off < used(node(c.node))) {
          return true;
        }
        c.node++;
      }
      c.off = HEADER_BYTES;
      return c.node < nodeCount;
    }
    if (!dropped && off > HEADER_BYTES) {
      c.off = previousOffset(node(c.node), off);
      return true;
    }
    if (c.node == 0) {
      return false;
    }
    c.node--;
    byte[] n = node(c.node);
    c.off = previousOffset(n, used(n));
    return true;
  }

  /** Removes k elements from the head (head) or the tail. */
  void trim(long k, boolean head) {
    assert k >= 0 && k <= size : k;
    size -= k;
    while (k > 0) {
      int i = head ? 0 : nodeCount - 1;
      byte[] n = node(i);
      int c = count(n);
      if (c <= k) {
        removeNode(i);
        k -= c;
        continue;
      }
      if (head) {
        removeEntries(i, HEADER_BYTES, offsetOf(n, (int) k), (int) k);
      } else {
        removeEntries(i, offsetOf(n, c - (int) k), used(n), (int) k);
      }
      mergeAround(i);
      k = 0;
    }
  }

  // ---- codec: tag, version, element count, then each element as length and bytes ----

  byte[] encode(byte tag) {
    long bytes = 2L + 10;
    Cursor c = head();
    for (boolean more = c != null; more; more = next(c)) {
      int len = lengthAt(node(c.node), c.off);
      bytes += varintBytes(len) + len;
    }
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("list too big to encode: " + bytes + " bytes");
    }
    byte[] out = new byte[(int) bytes];
    out[0] = tag;
    out[1] = CODEC_VERSION;
    int p = writeVarLong(out, 2, size);
    c = head();
    for (boolean more = c != null; more; more = next(c)) {
      byte[] n = node(c.node);
      int len = lengthAt(n, c.off);
      int s = varintBytes(len);
      System.arraycopy(n, c.off, out, p, s + len);
      p += s + len;
    }
    return Arrays.copyOf(out, p);
  }

  /** Decodes what {@link #encode} wrote, from offset start (just after the tag). */
  static ListValue decode(byte[] in, int start) {
    if (in.length < start + 2 || in[start] != CODEC_VERSION) {
      throw new IllegalArgumentException("bad list encoding");
    }
    int[] pos = {start + 1};
    long n = readVarLong(in, pos);
    ListValue l = new ListValue();
    for (long i = 0; i < n; i++) {
      long len = readVarLong(in, pos);
      if (len < 0 || len > in.length - pos[0]) {
        throw new IllegalArgumentException("bad list element length");
      }
      l.push(Arrays.copyOfRange(in, pos[0], pos[0] + (int) len), false);
      pos[0] += (int) len;
    }
    if (pos[0] != in.length) {
      throw new IllegalArgumentException("trailing bytes after list");
    }
    return l;
  }

  private static int writeVarLong(byte[] out, int p, long v) {
    while ((v & ~0x7fL) != 0) {
      out[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[p++] = (byte) v;
    return p;
  }

  private static long readVarLong(byte[] in, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= in.length) {
        break;
      }
      int b = in[pos[0]++];
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("bad varint in list encoding");
  }

  // ---- checks for tests ----

  /** Verifies the structure (headers, entry walks both ways, counts); throws if broken. */
  void checkInvariants() {
    long total = 0;
    for (int i = 0; i < nodes.length; i++) {
      boolean live = i >= first && i < first + nodeCount;
      if (live != (nodes[i] != null)) {
        throw new AssertionError("node slot " + i + " live=" + live);
      }
    }
    for (int i = 0; i < nodeCount; i++) {
      byte[] n = node(i);
      int c = count(n);
      if (c == 0 || used(n) > n.length || (used(n) > NODE_BYTES_MAX && c > 1)) {
        throw new AssertionError("node " + i + ": count " + c + " used " + used(n));
      }
      int off = HEADER_BYTES;
      for (int k = 0; k < c; k++) {
        int next = nextOffset(n, off);
        if (previousOffset(n, next) != off) {
          throw new AssertionError("backward length mismatch in node " + i);
        }
        off = next;
      }
      if (off != used(n)) {
        throw new AssertionError("node " + i + " entries end at " + off + " not " + used(n));
      }
      total += c;
    }
    if (total != size) {
      throw new AssertionError("size " + size + " but nodes hold " + total);
    }
  }

  /** Heap bytes of the list (object headers and arrays, compressed references assumed). */
  long footprintBytes() {
    long bytes = 32 + align(16 + 4L * nodes.length);
    for (int i = 0; i < nodeCount; i++) {
      bytes += align(16 + node(i).length);
    }
    return bytes;
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** Nodes in the chain (for tests of the layout). */
  int nodeCount() {
    return nodeCount;
  }
}
