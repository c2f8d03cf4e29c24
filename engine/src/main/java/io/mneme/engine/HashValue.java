package io.mneme.engine;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A hash, after Redis's t_hash.c type API: small hashes are one packed byte array (Redis's
 * listpack: field, value, field, value... in insertion order, each a length byte then its
 * bytes), converted for good to a {@link DenseDict} past 512 fields or a field or value longer
 * than 64 bytes (Redis 7.0's defaults of hash-max-listpack-entries / -value, as a server
 * started without a config file reports them). Callers never see which encoding is used.
 */
final class HashValue implements Container {
  /** Redis 7.0's default hash-max-listpack-entries (redis.conf and config.c: 512). */
  static final int LISTPACK_ENTRIES_MAX = 512;
  /** Redis's hash-max-listpack-value; it also lets one byte hold each packed length. */
  static final int LISTPACK_VALUE_BYTES_MAX = 64;
  /** Codec layout version, written after the tag. */
  private static final int CODEC_VERSION = 0;
  private static final int CODEC_LISTPACK = 0;
  private static final int CODEC_HASHTABLE = 1;

  static {
    if (LISTPACK_VALUE_BYTES_MAX > 0xff) {
      throw new AssertionError("packed lengths are one byte");
    }
  }

  private static final byte[] EMPTY = new byte[0];

  /** The packed pairs while compact, else null. */
  private byte[] packed;
  /** Pairs in {@link #packed}. */
  private int count;
  /** The table once converted, else null. */
  private DenseDict table;

  HashValue() {
    packed = EMPTY;
  }

  private HashValue(byte[] packed, int count, DenseDict table) {
    this.packed = packed;
    this.count = count;
    this.table = table;
  }

  @Override
  public String typeName() {
    return "hash";
  }

  @Override
  public String encoding() {
    return table == null ? "listpack" : "hashtable";
  }

  /** The packed array is never changed in place (every change builds a new one): shareable. */
  @Override
  public HashValue copy() {
    return table == null ? new HashValue(packed, count, null)
        : new HashValue(null, 0, table.copy());
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  int size() {
    return table == null ? count : table.size();
  }

  // ---- packed pairs ----

  /** The offset of field's entry in the packed array, or -1. */
  private int packedFind(byte[] field) {
    int pos = 0;
    for (int i = 0; i < count; i++) {
      int len = packed[pos] & 0xff;
      if (len == field.length
          && Arrays.equals(packed, pos + 1, pos + 1 + len, field, 0, field.length)) {
        return pos;
      }
      pos = skip(skip(pos));
    }
    return -1;
  }

  /** The offset just past the packed entry at pos. */
  private int skip(int pos) {
    return pos + 1 + (packed[pos] & 0xff);
  }

  private byte[] entryAt(int pos) {
    return Arrays.copyOfRange(packed, pos + 1, pos + 1 + (packed[pos] & 0xff));
  }

  /** Replaces the bytes [from, to) of the packed array with the entries given. */
  private void splice(int from, int to, byte[]... entries) {
    int add = 0;
    for (byte[] e : entries) {
      add += 1 + e.length;
    }
    byte[] out = new byte[packed.length - (to - from) + add];
    System.arraycopy(packed, 0, out, 0, from);
    int pos = from;
    for (byte[] e : entries) {
      out[pos] = (byte) e.length;
      System.arraycopy(e, 0, out, pos + 1, e.length);
      pos += 1 + e.length;
    }
    System.arraycopy(packed, to, out, pos, packed.length - to);
    packed = out;
  }

  private static boolean fitsPacked(byte[] b) {
    return b.length <= LISTPACK_VALUE_BYTES_MAX;
  }

  /** Redis's hashTypeConvert: the table keeps the pairs in their packed order. */
  private void convert() {
    DenseDict t = new DenseDict(true, count);
    int pos = 0;
    for (int i = 0; i < count; i++) {
      int v = skip(pos);
      t.insert(entryAt(pos), entryAt(v));
      pos = skip(v);
    }
    table = t;
    packed = null;
    count = 0;
  }

  // ---- the type API ----

  /** The value of field, or null. */
  byte[] get(byte[] field) {
    if (table != null) {
      int p = table.find(field);
      return p < 0 ? null : table.value(p);
    }
    int pos = packedFind(field);
    return pos < 0 ? null : entryAt(skip(pos));
  }

  boolean contains(byte[] field) {
    return table != null ? table.find(field) >= 0 : packedFind(field) >= 0;
  }

  /**
   * Sets field to value (Redis's hashTypeSet); returns true when the field is new. Converts to
   * a table first if either is too long to pack, and after if there are too many fields.
   */
  boolean set(byte[] field, byte[] value) {
    if (table == null && (!fitsPacked(field) || !fitsPacked(value))) {
      convert();
    }
    if (table != null) {
      int p = table.find(field);
      if (p >= 0) {
        table.setValue(p, value);
        return false;
      }
      table.insert(field, value);
      return true;
    }
    int pos = packedFind(field);
    if (pos >= 0) {
      int v = skip(pos);
      splice(v, skip(v), value);
      return false;
    }
    splice(packed.length, packed.length, field, value);
    count++;
    if (count > LISTPACK_ENTRIES_MAX) {
      convert();
    }
    return true;
  }

  /** Removes field; returns whether it was there. */
  boolean delete(byte[] field) {
    if (table != null) {
      return table.remove(field);
    }
    int pos = packedFind(field);
    if (pos < 0) {
      return false;
    }
    splice(pos, skip(skip(pos)));
    count--;
    return true;
  }

  /** The length of field's value, 0 when absent (HSTRLEN). */
  int valueLength(byte[] field) {
    if (table == null) {
      int pos = packedFind(field);
      return pos < 0 ? 0 : packed[skip(pos)] & 0xff;
    }
    byte[] v = get(field);
    return v == null ? 0 : v.length;
  }

  /** The field at a position in the hash's order (O(n) while packed, as a listpack walk). */
  byte[] fieldAt(int i) {
    if (table != null) {
      return table.key(i);
    }
    int pos = 0;
    for (int k = 0; k < i; k++) {
      pos = skip(skip(pos));
    }
    return entryAt(pos);
  }

  /**
   * The pairs by position, in the hash's order: a view of the table, or for a packed hash a
   * decoded copy, so that picking many random positions costs O(1) each.
   */
  Pairs pairs() {
    if (table != null) {
      DenseDict t = table;
      return new Pairs() {
        @Override
        public int size() {
          return t.size();
        }

        @Override
        public byte[] field(int i) {
          return t.key(i);
        }

        @Override
        public byte[] value(int i) {
          return t.value(i);
        }
      };
    }
    byte[][] fields = new byte[count][];
    byte[][] values = new byte[count][];
    int pos = 0;
    for (int i = 0; i < count; i++) {
      fields[i] = entryAt(pos);
      pos = skip(pos);
      values[i] = entryAt(pos);
      pos = skip(pos);
    }
    return new Pairs() {
      @Override
      public int size() {
        return fields.length;
      }

      @Override
      public byte[] field(int i) {
        return fields[i];
      }

      @Override
      public byte[] value(int i) {
        return values[i];
      }
    };
  }

  /** Positional access to the pairs of a hash that does not change meanwhile. */
  interface Pairs {
    int size();

    byte[] field(int i);

    byte[] value(int i);
  }

  /**
   * One HSCAN step: a packed hash adds every field and value and ends the scan (cursor 0); a
   * table adds the pairs of the bucket the cursor names and returns the next cursor.
   */
  long scan(long cursor, java.util.List<byte[]> out) {
    if (table == null) {
      Pairs all = pairs();
      for (int i = 0; i < all.size(); i++) {
        out.add(all.field(i));
        out.add(all.value(i));
      }
      return 0;
    }
    return table.scan(cursor, p -> {
      out.add(table.key(p));
      out.add(table.value(p));
    });
  }

  /** True while packed: the whole hash fits one scan reply. */
  boolean isCompact() {
    return table == null;
  }

  // ---- codec ----

  /**
   * TAG_HASH, a version byte, the encoding, then for a packed hash the pair count and the
   * packed bytes as they are, for a table the log2 of its bucket count (SCAN cursors stay valid
   * on a replica that loads it), the pair count and each field and value length-prefixed, in
   * position order.
   */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ValueCodec.TAG_HASH);
    out.write(CODEC_VERSION);
    if (table == null) {
      out.write(CODEC_LISTPACK);
      Varint.write(out, count);
      out.write(packed, 0, packed.length);
    } else {
      out.write(CODEC_HASHTABLE);
      out.write(Integer.numberOfTrailingZeros(table.bucketCount()));
      Varint.write(out, table.size());
      for (int p = 0; p < table.size(); p++) {
        Varint.writeBytes(out, table.key(p));
        Varint.writeBytes(out, table.value(p));
      }
    }
    return out.toByteArray();
  }

  /** The inverse of {@link #encode}; rejects anything malformed. */
  static HashValue decode(byte[] in) {
    Varint.Reader r = new Varint.Reader(in, 1);
    if (r.readByte() != CODEC_VERSION) {
      throw new IllegalArgumentException("unknown hash codec version");
    }
    int encoding = r.readByte();
    HashValue h;
    if (encoding == CODEC_LISTPACK) {
      h = decodePacked(r);
    } else if (encoding == CODEC_HASHTABLE) {
      h = decodeTable(r);
    } else {
      throw new IllegalArgumentException("unknown hash encoding " + encoding);
    }
    r.end();
    return h;
  }

  private static HashValue decodePacked(Varint.Reader r) {
    int n = r.readInt();
    if (n > LISTPACK_ENTRIES_MAX) {
      throw new IllegalArgumentException("packed hash too long");
    }
    HashValue h = new HashValue();
    for (int i = 0; i < n; i++) {
      byte[] f = r.readBytes(r.readByte());
      byte[] v = r.readBytes(r.readByte());
      if (!fitsPacked(f) || !fitsPacked(v) || !h.set(f, v)) {
        throw new IllegalArgumentException("bad packed hash");
      }
    }
    return h;
  }

  private static HashValue decodeTable(Varint.Reader r) {
    int log2 = r.readByte();
    if (log2 >= Integer.SIZE - 1) {
      throw new IllegalArgumentException("bad bucket count");
    }
    int n = r.readInt();
    // the count only sizes the arrays when the input could hold that many pairs
    DenseDict t = new DenseDict(true, Math.min(n, r.remaining() / 2), 1 << log2);
    for (int i = 0; i < n; i++) {
      byte[] f = r.readPrefixed();
      byte[] v = r.readPrefixed();
      if (t.find(f) >= 0) {
        throw new IllegalArgumentException("duplicate hash field");
      }
      t.insert(f, v);
    }
    return new HashValue(null, 0, t);
  }

  /** Checks the representation (tests). */
  void checkInvariants() {
    if (table != null) {
      table.checkInvariants();
      return;
    }
    int pos = 0;
    for (int i = 0; i < 2 * count; i++) {
      if ((packed[pos] & 0xff) > LISTPACK_VALUE_BYTES_MAX) {
        throw new IllegalStateException("packed entry too long");
      }
      pos = skip(pos);
    }
    if (pos != packed.length || count > LISTPACK_ENTRIES_MAX) {
      throw new IllegalStateException("packed length");
    }
  }
}
