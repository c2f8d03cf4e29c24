package io.mneme.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DUMP and RESTORE payloads in Redis's own format (rdb.c's rdbSaveObject and rdbLoadObject,
 * cluster.c's createDumpPayload and verifyDumpPayload): the value's RDB type byte and body, the
 * RDB version as 2 bytes and the crc64 of all that as 8 bytes, both little-endian. So a DUMP of
 * redis-server 7.0 restores here and a DUMP from here restores into redis-server.
 *
 * <p>Writing uses the forms Redis 7.0 writes (listpacks for small hashes and sorted sets,
 * intsets, quicklist 2 lists, version-2 streams) without LZF compression. Reading accepts
 * those, LZF-compressed strings, the plain forms (RDB_TYPE_LIST, _SET, _ZSET, _ZSET_2, _HASH)
 * and the ziplist and version-1 stream forms of RDB version 9 (Redis 6), as Redis 7.0 does.
 * Every length is checked against what is left of the payload before anything is allocated,
 * so a hostile payload gets "Bad data format", never an exception or a huge allocation; the
 * value is built through the types' own APIs, so it has Mneme's encoding for its contents.
 */
final class DumpPayload {
  /** Redis 7.0's RDB_VERSION: payloads of a newer version are refused. */
  static final int RDB_VERSION = 10;
  /** The footer: 2 bytes of RDB version, 8 of crc64. */
  static final int FOOTER_BYTES = 10;

  static final int TYPE_STRING = 0;
  static final int TYPE_LIST = 1;
  static final int TYPE_SET = 2;
  static final int TYPE_ZSET = 3;
  static final int TYPE_HASH = 4;
  static final int TYPE_ZSET_2 = 5;
  static final int TYPE_LIST_ZIPLIST = 10;
  static final int TYPE_SET_INTSET = 11;
  static final int TYPE_ZSET_ZIPLIST = 12;
  static final int TYPE_HASH_ZIPLIST = 13;
  static final int TYPE_LIST_QUICKLIST = 14;
  static final int TYPE_STREAM_LISTPACKS = 15;
  static final int TYPE_HASH_LISTPACK = 16;
  static final int TYPE_ZSET_LISTPACK = 17;
  static final int TYPE_LIST_QUICKLIST_2 = 18;
  static final int TYPE_STREAM_LISTPACKS_2 = 19;

  /** rdbSaveLen's forms: 6-bit, 14-bit, 32-bit and 64-bit lengths, and encoded values. */
  private static final int LEN_6BIT = 0;
  private static final int LEN_14BIT = 1;
  private static final int LEN_32BIT = 0x80;
  private static final int LEN_64BIT = 0x81;
  private static final int LEN_ENCVAL = 3;
  private static final int ENC_INT8 = 0;
  private static final int ENC_INT16 = 1;
  private static final int ENC_INT32 = 2;
  private static final int ENC_LZF = 3;
  /** proto-max-bulk-len: no string in a payload can be longer than a bulk argument. */
  static final long STRING_BYTES_MAX = 512L * 1024 * 1024;
  /** rdbTryIntegerEncoding only looks at strings this short. */
  private static final int INT_ENCODING_CHARS_MAX = 11;
  /** Quicklist node containers (quicklist.h). */
  private static final int CONTAINER_PLAIN = 1;
  private static final int CONTAINER_PACKED = 2;
  /** list-max-listpack-size -2: list nodes of at most 8 kB, as Redis 7.0 builds them. */
  static final int LIST_NODE_BYTES_MAX = 8192;
  /** rdbLoadDoubleValue's special lengths for the RDB_TYPE_ZSET score strings. */
  private static final int DOUBLE_NAN = 253;
  private static final int DOUBLE_POS_INF = 254;
  private static final int DOUBLE_NEG_INF = 255;
  /** Intset element widths (intset.h). */
  private static final int[] INTSET_WIDTHS = {2, 4, 8};
  private static final int INTSET_HEADER_BYTES = 8;

  private DumpPayload() {}

  // ---- DUMP ----

  /** The payload DUMP answers for a value; streams are refused with an error. */
  static byte[] dump(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (value instanceof byte[] s) {
      out.write(TYPE_STRING);
      writeString(out, s);
    } else if (value instanceof ListValue l) {
      out.write(TYPE_LIST_QUICKLIST_2);
      writeList(out, l);
    } else if (value instanceof SetValue s) {
      writeSet(out, s);
    } else if (value instanceof ZSetValue z) {
      writeZset(out, z);
    } else if (value instanceof HashValue h) {
      writeHash(out, h);
    } else if (value instanceof StreamValue st) {
      out.write(TYPE_STREAM_LISTPACKS_2);
      StreamPayload.write(out, st);
    } else {
      throw new CommandError(Errors.DUMP_UNSUPPORTED);
    }
    out.write(RDB_VERSION & 0xff);
    out.write(RDB_VERSION >>> 8);
    byte[] body = out.toByteArray();
    long crc = Crc64.of(body, 0, body.length);
    byte[] payload = java.util.Arrays.copyOf(body, body.length + Long.BYTES);
    RdbListpack.putLe(payload, body.length, crc, Long.BYTES);
    return payload;
  }

  /** rdbSaveLen: len is unsigned (stream IDs and counts use all 64 bits). */
  static void writeLen(ByteArrayOutputStream out, long len) {
    if (Long.compareUnsigned(len, 1 << 6) < 0) {
      out.write((int) len);
    } else if (Long.compareUnsigned(len, 1 << 14) < 0) {
      out.write((int) (len >>> 8) | LEN_14BIT << 6);
      out.write((int) len & 0xff);
    } else if (Long.compareUnsigned(len, 0xffffffffL) <= 0) {
      out.write(LEN_32BIT);
      writeBe(out, len, Integer.BYTES);
    } else {
      out.write(LEN_64BIT);
      writeBe(out, len, Long.BYTES);
    }
  }

  private static void writeBe(ByteArrayOutputStream out, long v, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  /** rdbSaveRawString without compression: short integers in integer encodings. */
  static void writeString(ByteArrayOutputStream out, byte[] s) {
    Long v = s.length <= INT_ENCODING_CHARS_MAX ? Parse.parseLong(s) : null;
    if (v != null && v == (byte) (long) v) {
      out.write(LEN_ENCVAL << 6 | ENC_INT8);
      RdbListpack.writeLe(out, v, 1);
    } else if (v != null && v == (short) (long) v) {
      out.write(LEN_ENCVAL << 6 | ENC_INT16);
      RdbListpack.writeLe(out, v, 2);
    } else if (v != null && v == (int) (long) v) {
      out.write(LEN_ENCVAL << 6 | ENC_INT32);
      RdbListpack.writeLe(out, v, 4);
    } else {
      writeLen(out, s.length);
      out.write(s, 0, s.length);
    }
  }

  /** Quicklist 2: packed nodes of at most 8 kB each, as list-max-listpack-size -2 makes. */
  private static void writeList(ByteArrayOutputStream out, ListValue l) {
    List<byte[]> nodes = listNodes(l);
    writeLen(out, nodes.size());
    for (byte[] n : nodes) {
      writeLen(out, CONTAINER_PACKED);
      writeLen(out, n.length);
      out.write(n, 0, n.length);
    }
  }

  /** The list as Redis 7.0 would hold it: listpack nodes of at most 8 kB. */
  static List<byte[]> listNodes(ListValue l) {
    return listNodes(l, Integer.MAX_VALUE);
  }

  /** The first {@code max} of those nodes (MEMORY USAGE samples only a few). */
  static List<byte[]> listNodes(ListValue l, int max) {
    List<byte[]> nodes = new ArrayList<>();
    List<byte[]> entries = new ArrayList<>();
    int bytes = RdbListpack.HEADER_BYTES + 1;
    ListValue.Cursor c = l.head();
    for (boolean more = c != null; more; more = l.next(c)) {
      byte[] e = l.get(c);
      int size = RdbListpack.entryBytes(e);
      if (!entries.isEmpty() && bytes + size > LIST_NODE_BYTES_MAX) {
        nodes.add(RdbListpack.write(entries));
        if (nodes.size() >= max) {
          return nodes;
        }
        entries = new ArrayList<>();
        bytes = RdbListpack.HEADER_BYTES + 1;
      }
      entries.add(e);
      bytes += size;
    }
    if (!entries.isEmpty()) {
      nodes.add(RdbListpack.write(entries));
    }
    return nodes;
  }

  private static void writeSet(ByteArrayOutputStream out, SetValue s) {
    if (s.encoding().equals("intset")) {
      byte[] blob = intset(s);
      out.write(TYPE_SET_INTSET);
      writeLen(out, blob.length);
      out.write(blob, 0, blob.length);
      return;
    }
    out.write(TYPE_SET);
    writeLen(out, s.size());
    for (int i = 0; i < s.size(); i++) {
      writeString(out, s.memberAt(i));
    }
  }

  /** An intset-encoded set as Redis's intset blob: the narrowest width that holds all. */
  static byte[] intset(SetValue s) {
    long[] v = new long[s.size()];
    int width = INTSET_WIDTHS[0];
    for (int i = 0; i < v.length; i++) {
      v[i] = Parse.parseLong(s.memberAt(i));
      width = Math.max(width, v[i] == (short) v[i] ? 2 : v[i] == (int) v[i] ? 4 : 8);
    }
    byte[] blob = new byte[INTSET_HEADER_BYTES + v.length * width];
    RdbListpack.putLe(blob, 0, width, Integer.BYTES);
    RdbListpack.putLe(blob, Integer.BYTES, v.length, Integer.BYTES);
    for (int i = 0; i < v.length; i++) {
      RdbListpack.putLe(blob, INTSET_HEADER_BYTES + i * width, v[i], width);
    }
    return blob;
  }

  private static void writeZset(ByteArrayOutputStream out, ZSetValue z) {
    if (z.isListpack()) {
      byte[] lp = zsetListpack(z);
      out.write(TYPE_ZSET_LISTPACK);
      writeLen(out, lp.length);
      out.write(lp, 0, lp.length);
      return;
    }
    List<byte[]> members = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    z.forEach((m, s) -> {
      members.add(m);
      scores.add(s);
    });
    out.write(TYPE_ZSET_2);
    writeLen(out, members.size());
    // Redis writes from the tail so that loading inserts each member at the head.
    for (int i = members.size() - 1; i >= 0; i--) {
      writeString(out, members.get(i));
      RdbListpack.writeLe(out, Double.doubleToRawLongBits(scores.get(i)), Long.BYTES);
    }
  }

  private static void writeHash(ByteArrayOutputStream out, HashValue h) {
    HashValue.Pairs pairs = h.pairs();
    if (h.isCompact()) {
      byte[] lp = hashListpack(pairs);
      out.write(TYPE_HASH_LISTPACK);
      writeLen(out, lp.length);
      out.write(lp, 0, lp.length);
      return;
    }
    out.write(TYPE_HASH);
    writeLen(out, pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      writeString(out, pairs.field(i));
      writeString(out, pairs.value(i));
    }
  }

  /** A sorted set as a Redis listpack: member, score, member, score... ascending. */
  static byte[] zsetListpack(ZSetValue z) {
    List<byte[]> entries = new ArrayList<>();
    z.forEach((m, score) -> {
      entries.add(m);
      entries.add(Parse.bytes(Doubles.listpackText(score)));
    });
    return RdbListpack.write(entries);
  }

  /** A hash as a Redis listpack: field, value, field, value... */
  static byte[] hashListpack(HashValue.Pairs pairs) {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      entries.add(pairs.field(i));
      entries.add(pairs.value(i));
    }
    return RdbListpack.write(entries);
  }

  // ---- RESTORE ----

  /** verifyDumpPayload: long enough, a version Redis 7.0 reads, and a matching crc64. */
  static boolean verify(byte[] p) {
    if (p.length < FOOTER_BYTES) {
      return false;
    }
    int footer = p.length - FOOTER_BYTES;
    int version = (p[footer] & 0xff) | (p[footer + 1] & 0xff) << 8;
    if (version > RDB_VERSION) {
      return false;
    }
    long crc = Crc64.of(p, 0, p.length - Long.BYTES);
    return crc == RdbListpack.signedLe(p, p.length - Long.BYTES, Long.BYTES);
  }

  /** The value a verified payload holds, or a "Bad data format" error. */
  static Object load(byte[] p) {
    Input in = new Input(p, p.length - FOOTER_BYTES);
    int type = in.u8();
    Object v = switch (type) {
      case TYPE_STRING -> in.string();
      case TYPE_LIST -> loadPlainList(in);
      case TYPE_LIST_QUICKLIST_2 -> loadQuicklist(in);
      case TYPE_SET -> loadSet(in);
      case TYPE_SET_INTSET -> loadIntset(in.string());
      case TYPE_ZSET, TYPE_ZSET_2 -> loadZset(in, type == TYPE_ZSET_2);
      case TYPE_ZSET_LISTPACK -> loadZsetListpack(in.string());
      case TYPE_HASH -> loadHash(in);
      case TYPE_HASH_LISTPACK -> loadHashListpack(in.string());
      case TYPE_STREAM_LISTPACKS_2 -> StreamPayload.load(in, true);
      // the forms of RDB versions before 10 (Redis 6 and older), which Redis 7.0 still loads
      case TYPE_LIST_ZIPLIST -> listOf(RdbZiplist.read(in.string()));
      case TYPE_LIST_QUICKLIST -> loadZiplistQuicklist(in);
      case TYPE_ZSET_ZIPLIST -> zsetOf(RdbZiplist.read(in.string()));
      case TYPE_HASH_ZIPLIST -> hashOf(RdbZiplist.read(in.string()));
      case TYPE_STREAM_LISTPACKS -> StreamPayload.load(in, false);
      default -> throw bad();
    };
    if (v instanceof Container c && c.isEmpty()) {
      throw bad(); // Redis refuses empty keys
    }
    return v;
  }

  static CommandError bad() {
    return new CommandError(Errors.BAD_DATA_FORMAT);
  }

  private static ListValue loadPlainList(Input in) {
    long n = in.count();
    ListValue l = new ListValue();
    for (long i = 0; i < n; i++) {
      l.push(in.string(), false);
    }
    return l;
  }

  private static ListValue loadQuicklist(Input in) {
    long nodes = in.count();
    ListValue l = new ListValue();
    for (long i = 0; i < nodes; i++) {
      long container = in.len();
      byte[] data = in.string();
      if (container == CONTAINER_PLAIN) {
        l.push(data, false);
      } else if (container == CONTAINER_PACKED) {
        List<byte[]> entries = RdbListpack.read(data);
        if (entries == null) {
          throw bad();
        }
        for (byte[] e : entries) { // an empty node is skipped, as Redis does
          l.push(e, false);
        }
      } else {
        throw bad();
      }
    }
    return l;
  }

  private static ListValue listOf(List<byte[]> entries) {
    if (entries == null) {
      throw bad();
    }
    ListValue l = new ListValue();
    for (byte[] e : entries) {
      l.push(e, false);
    }
    return l;
  }

  /** RDB_TYPE_LIST_QUICKLIST: nodes that are each a ziplist. */
  private static ListValue loadZiplistQuicklist(Input in) {
    long nodes = in.count();
    ListValue l = new ListValue();
    for (long i = 0; i < nodes; i++) {
      List<byte[]> entries = RdbZiplist.read(in.string());
      if (entries == null) {
        throw bad();
      }
      for (byte[] e : entries) {
        l.push(e, false);
      }
    }
    return l;
  }

  private static SetValue loadSet(Input in) {
    long n = in.count();
    SetValue s = null;
    for (long i = 0; i < n; i++) {
      byte[] m = in.string();
      s = s == null ? SetValue.create(m) : s;
      if (!s.add(m)) {
        throw bad(); // a duplicate member
      }
    }
    return s == null ? SetValue.emptyIntset() : s;
  }

  private static SetValue loadIntset(byte[] blob) {
    if (blob.length < INTSET_HEADER_BYTES) {
      throw bad();
    }
    int width = RdbListpack.le32(blob, 0);
    long count = RdbListpack.le32(blob, Integer.BYTES) & 0xffffffffL;
    if ((width != 2 && width != 4 && width != 8)
        || INTSET_HEADER_BYTES + count * width != blob.length) {
      throw bad();
    }
    SetValue s = SetValue.emptyIntset();
    long previous = 0;
    for (int i = 0; i < count; i++) {
      long v = RdbListpack.signedLe(blob, INTSET_HEADER_BYTES + i * width, width);
      if (i > 0 && v <= previous) {
        throw bad(); // an intset is strictly ascending
      }
      s.add(Parse.bytes(v));
      previous = v;
    }
    return s;
  }

  private static ZSetValue loadZset(Input in, boolean binaryScores) {
    long n = in.count();
    ZSetValue z = ZSetValue.create();
    for (long i = 0; i < n; i++) {
      byte[] m = in.string();
      double score = binaryScores ? in.binaryDouble() : in.textDouble();
      addMember(z, m, score);
    }
    return z;
  }

  private static void addMember(ZSetValue z, byte[] member, double score) {
    if (Double.isNaN(score) || !Double.isNaN(z.score(member))) {
      throw bad(); // a NaN score or a duplicate member
    }
    z.addNew(score, member);
  }

  private static ZSetValue loadZsetListpack(byte[] blob) {
    return zsetOf(RdbListpack.read(blob));
  }

  /** Member, score, member, score... as a listpack or ziplist holds them. */
  private static ZSetValue zsetOf(List<byte[]> entries) {
    if (entries == null || entries.size() % 2 != 0) {
      throw bad();
    }
    ZSetValue z = ZSetValue.create();
    for (int i = 0; i < entries.size(); i += 2) {
      addMember(z, entries.get(i), Doubles.parse(entries.get(i + 1)));
    }
    return z;
  }

  private static HashValue loadHash(Input in) {
    long n = in.count();
    HashValue h = new HashValue();
    for (long i = 0; i < n; i++) {
      if (!h.set(in.string(), in.string())) {
        throw bad(); // a duplicate field
      }
    }
    return h;
  }

  private static HashValue loadHashListpack(byte[] blob) {
    return hashOf(RdbListpack.read(blob));
  }

  /** Field, value, field, value... as a listpack or ziplist holds them. */
  private static HashValue hashOf(List<byte[]> entries) {
    if (entries == null || entries.size() % 2 != 0) {
      throw bad();
    }
    HashValue h = new HashValue();
    for (int i = 0; i < entries.size(); i += 2) {
      if (!h.set(entries.get(i), entries.get(i + 1))) {
        throw bad();
      }
    }
    return h;
  }

  /** A bounded reader over payload[0, end): every read checks what is left. */
  static final class Input {
    private final byte[] b;
    private final int end;
    private int p;

    Input(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    private void need(long n) {
      if (n < 0 || n > end - p) {
        throw bad();
      }
    }

    int u8() {
      need(1);
      return b[p++] & 0xff;
    }

    /** A length; encoded values are refused here. */
    long len() {
      long[] v = lenOrEncoding();
      if (v[1] != 0) {
        throw bad();
      }
      return v[0];
    }

    /** A count of elements, each at least one byte, so it cannot exceed what is left. */
    long count() {
      long n = len();
      need(n);
      return n;
    }

    /** rdbLoadLenByRef: {value, 1 if it names a string encoding}. */
    private long[] lenOrEncoding() {
      int first = u8();
      int kind = first >>> 6;
      if (kind == LEN_ENCVAL) {
        return new long[] {first & 0x3f, 1};
      } else if (kind == LEN_6BIT) {
        return new long[] {first & 0x3f, 0};
      } else if (kind == LEN_14BIT) {
        return new long[] {(first & 0x3f) << 8 | u8(), 0};
      } else if (first == LEN_32BIT || first == LEN_64BIT) {
        int width = first == LEN_32BIT ? Integer.BYTES : Long.BYTES;
        need(width);
        long v = 0;
        for (int i = 0; i < width; i++) {
          v = v << 8 | (b[p++] & 0xff);
        }
        return new long[] {v, 0};
      }
      throw bad();
    }

    /** rdbGenericLoadStringObject: plain, integer-encoded or LZF-compressed. */
    byte[] string() {
      long[] v = lenOrEncoding();
      if (v[1] == 0) {
        need(v[0]);
        byte[] s = java.util.Arrays.copyOfRange(b, p, p + (int) v[0]);
        p += (int) v[0];
        return s;
      }
      int enc = (int) v[0];
      if (enc == ENC_INT8 || enc == ENC_INT16 || enc == ENC_INT32) {
        int width = enc == ENC_INT8 ? 1 : enc == ENC_INT16 ? 2 : 4;
        need(width);
        long x = RdbListpack.signedLe(b, p, width);
        p += width;
        return Parse.bytes(x);
      }
      if (enc != ENC_LZF) {
        throw bad();
      }
      long compressed = len();
      long length = len();
      need(compressed);
      if (length < 0 || length > STRING_BYTES_MAX || length > compressed * Lzf.EXPANSION_MAX) {
        throw bad();
      }
      byte[] s = Lzf.decompress(b, p, p + (int) compressed, (int) length);
      if (s == null) {
        throw bad();
      }
      p += (int) compressed;
      return s;
    }

    /** n raw bytes (stream IDs). */
    byte[] raw(int n) {
      need(n);
      byte[] r = java.util.Arrays.copyOfRange(b, p, p + n);
      p += n;
      return r;
    }

    /** rdbLoadMillisecondTime: 8 bytes little-endian. */
    long millis() {
      need(Long.BYTES);
      long v = RdbListpack.signedLe(b, p, Long.BYTES);
      p += Long.BYTES;
      return v;
    }

    double binaryDouble() {
      need(Long.BYTES);
      double d = Double.longBitsToDouble(RdbListpack.signedLe(b, p, Long.BYTES));
      p += Long.BYTES;
      return d;
    }

    /** rdbLoadDoubleValue: a length byte (or a special value) and the text. */
    double textDouble() {
      int len = u8();
      if (len == DOUBLE_NAN) {
        return Double.NaN;
      } else if (len == DOUBLE_POS_INF || len == DOUBLE_NEG_INF) {
        return len == DOUBLE_POS_INF ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      }
      need(len);
      double d = Doubles.parseCString(java.util.Arrays.copyOfRange(b, p, p + len), 0);
      p += len;
      return d;
    }
  }
}
