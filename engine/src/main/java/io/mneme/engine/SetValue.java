package io.mneme.engine;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A set, after Redis 7.0's t_set.c type API: a set of integers only is an intset (sorted, each
 * 2, 4 or 8 bytes little-endian, widened for good when a member needs it), converted for good to
 * a {@link DenseDict} on the first member that is not an integer or past 512 members
 * (set-max-intset-entries). Redis 7.0 has no listpack sets (7.2 does), so neither do we.
 */
final class SetValue implements Container, MemberSet {
  /** Redis's set-max-intset-entries. */
  static final int INTSET_ENTRIES_MAX = 512;
  /** Intset member widths in bytes (Redis's INTSET_ENC_INT16/32/64). */
  private static final int WIDTH_SHORT = 2;
  private static final int WIDTH_INT = 4;
  private static final int WIDTH_LONG = 8;
  /** Codec layout version, written after the tag. */
  private static final int CODEC_VERSION = 0;
  private static final int CODEC_INTSET = 0;
  private static final int CODEC_HASHTABLE = 1;

  /** The intset's members while it is one, else null. */
  private byte[] ints;
  /** Bytes per intset member. */
  private int width;
  /** The table once converted, else null. */
  private DenseDict table;

  private SetValue(byte[] ints, int width, DenseDict table) {
    this.ints = ints;
    this.width = width;
    this.table = table;
  }

  /** An empty intset, as Redis starts the result of SUNIONSTORE and friends. */
  static SetValue emptyIntset() {
    return new SetValue(new byte[0], WIDTH_SHORT, null);
  }

  /** Redis's setTypeCreate: an intset when the first member is an integer, else a table. */
  static SetValue create(byte[] first) {
    return Parse.parseLong(first) != null ? emptyIntset()
        : new SetValue(null, 0, new DenseDict(false, 0));
  }

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  public String encoding() {
    return table == null ? "intset" : "hashtable";
  }

  /** The intset array is never changed in place (every change builds a new one): shareable. */
  @Override
  public SetValue copy() {
    return table == null ? new SetValue(ints, width, null) : new SetValue(null, 0, table.copy());
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public int size() {
    return table == null ? ints.length / width : table.size();
  }

  // ---- intset ----

  private long intAt(int i) {
    int off = i * width;
    long v = 0;
    for (int b = width - 1; b >= 0; b--) {
      v = (v << 8) | (ints[off + b] & 0xff);
    }
    int unused = Long.SIZE - width * Byte.SIZE;
    return (v << unused) >> unused; // sign-extend
  }

  private static void putInt(byte[] a, int i, int width, long v) {
    int off = i * width;
    for (int b = 0; b < width; b++) {
      a[off + b] = (byte) (v >>> (8 * b));
    }
  }

  private static int widthFor(long v) {
    return v == (short) v ? WIDTH_SHORT : v == (int) v ? WIDTH_INT : WIDTH_LONG;
  }

  /** Binary search: the index of v, or -(insertion point) - 1. */
  private int intSearch(long v) {
    int lo = 0;
    int hi = ints.length / width - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long m = intAt(mid);
      if (m < v) {
        lo = mid + 1;
      } else if (m > v) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  /** Inserts v at index at, widening every member first if v needs it (intsetUpgradeAndAdd). */
  private void intInsert(int at, long v) {
    int n = ints.length / width;
    int w = Math.max(width, widthFor(v));
    byte[] out = new byte[(n + 1) * w];
    for (int i = 0; i < n; i++) {
      putInt(out, i < at ? i : i + 1, w, intAt(i));
    }
    putInt(out, at, w, v);
    ints = out;
    width = w;
  }

  private void intRemoveAt(int at) {
    byte[] out = new byte[ints.length - width];
    System.arraycopy(ints, 0, out, 0, at * width);
    System.arraycopy(ints, (at + 1) * width, out, at * width, out.length - at * width);
    ints = out;
  }

  /** Redis's setTypeConvert: the table gets the members in ascending order. */
  private void convert() {
    int n = ints.length / width;
    DenseDict t = new DenseDict(false, n);
    for (int i = 0; i < n; i++) {
      t.insert(Parse.bytes(intAt(i)), null);
    }
    table = t;
    ints = null;
    width = 0;
  }

  // ---- the type API ----

  @Override
  public boolean contains(byte[] member) {
    if (table != null) {
      return table.find(member) >= 0;
    }
    Long v = Parse.parseLong(member);
    return v != null && intSearch(v) >= 0;
  }

  /** Adds member (Redis's setTypeAdd); returns true when it is new. */
  boolean add(byte[] member) {
    if (table == null) {
      Long v = Parse.parseLong(member);
      if (v != null) {
        int at = intSearch(v);
        if (at >= 0) {
          return false;
        }
        intInsert(-at - 1, v);
        if (size() > INTSET_ENTRIES_MAX) {
          convert();
        }
        return true;
      }
      convert();
    }
    if (table.find(member) >= 0) {
      return false;
    }
    table.insert(member, null);
    return true;
  }

  /** Removes member; returns whether it was there. */
  boolean remove(byte[] member) {
    if (table != null) {
      return table.remove(member);
    }
    Long v = Parse.parseLong(member);
    int at = v == null ? -1 : intSearch(v);
    if (at < 0) {
      return false;
    }
    intRemoveAt(at);
    return true;
  }

  /** The member at a position in the set's order (ascending for an intset). */
  @Override
  public byte[] memberAt(int i) {
    return table == null ? Parse.bytes(intAt(i)) : table.key(i);
  }

  /**
   * One SSCAN step: an intset adds every member and ends the scan (cursor 0); a table adds the
   * members of the bucket the cursor names and returns the next cursor.
   */
  long scan(long cursor, List<byte[]> out) {
    if (table == null) {
      for (int i = 0; i < size(); i++) {
        out.add(memberAt(i));
      }
      return 0;
    }
    return table.scan(cursor, p -> out.add(table.key(p)));
  }

  // ---- codec ----

  /**
   * TAG_SET, a version byte, the encoding, then for an intset its member width, count and the
   * members as stored; for a table the log2 of its bucket count, the count and each member
   * length-prefixed, in position order.
   */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ValueCodec.TAG_SET);
    out.write(CODEC_VERSION);
    if (table == null) {
      out.write(CODEC_INTSET);
      out.write(width);
      Varint.write(out, size());
      out.write(ints, 0, ints.length);
    } else {
      out.write(CODEC_HASHTABLE);
      out.write(Integer.numberOfTrailingZeros(table.bucketCount()));
      Varint.write(out, table.size());
      for (int p = 0; p < table.size(); p++) {
        Varint.writeBytes(out, table.key(p));
      }
    }
    return out.toByteArray();
  }

  /** The inverse of {@link #encode}; rejects anything malformed. */
  static SetValue decode(byte[] in) {
    Varint.Reader r = new Varint.Reader(in, 1);
    if (r.readByte() != CODEC_VERSION) {
      throw new IllegalArgumentException("unknown set codec version");
    }
    int encoding = r.readByte();
    SetValue s;
    if (encoding == CODEC_INTSET) {
      s = decodeIntset(r);
    } else if (encoding == CODEC_HASHTABLE) {
      s = decodeTable(r);
    } else {
      throw new IllegalArgumentException("unknown set encoding " + encoding);
    }
    r.end();
    return s;
  }

  private static SetValue decodeIntset(Varint.Reader r) {
    int w = r.readByte();
    int n = r.readInt();
    if ((w != WIDTH_SHORT && w != WIDTH_INT && w != WIDTH_LONG) || n > INTSET_ENTRIES_MAX) {
      throw new IllegalArgumentException("bad intset header");
    }
    SetValue s = new SetValue(r.readBytes(n * w), w, null);
    for (int i = 1; i < n; i++) {
      if (s.intAt(i - 1) >= s.intAt(i)) {
        throw new IllegalArgumentException("intset out of order");
      }
    }
    return s;
  }

  private static SetValue decodeTable(Varint.Reader r) {
    int log2 = r.readByte();
    if (log2 >= Integer.SIZE - 1) {
      throw new IllegalArgumentException("bad bucket count");
    }
    int n = r.readInt();
    // the count only sizes the arrays when the input could hold that many members
    DenseDict t = new DenseDict(false, Math.min(n, r.remaining()), 1 << log2);
    for (int i = 0; i < n; i++) {
      byte[] m = r.readPrefixed();
      if (t.find(m) >= 0) {
        throw new IllegalArgumentException("duplicate set member");
      }
      t.insert(m, null);
    }
    return new SetValue(null, 0, t);
  }

  /** Checks the representation (tests). */
  void checkInvariants() {
    if (table != null) {
      table.checkInvariants();
      return;
    }
    int n = ints.length / width;
    if (ints.length % width != 0 || n > INTSET_ENTRIES_MAX) {
      throw new IllegalStateException("intset length");
    }
    for (int i = 1; i < n; i++) {
      if (intAt(i - 1) >= intAt(i)) {
        throw new IllegalStateException("intset out of order");
      }
    }
  }
}
