package io.mneme.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams in DUMP payloads, as Redis 7.0 writes them (RDB_TYPE_STREAM_LISTPACKS_2, rdb.c): the
 * radix tree's nodes as (16-byte big-endian master ID, listpack) pairs, the stream's length,
 * last, first and max-deleted IDs and entries-added count, then each consumer group with its
 * last ID, entries-read, pending entries and consumers.
 *
 * <p>A node's listpack (t_stream.c) starts with a master entry (count, deleted, the master
 * fields, 0) and holds entries of flags, ID deltas from the master ID, the fields (unless they
 * are the master's: SAMEFIELDS) and values, and the entry's element count.
 */
final class StreamPayload {
  /** Entry flags (t_stream.c). */
  private static final int FLAG_DELETED = 1;
  private static final int FLAG_SAMEFIELDS = 2;
  /** Redis's default stream-node-max-entries. */
  static final int NODE_ENTRIES_MAX = 100;
  /** A stream ID on the wire: ms and seq, 8 bytes each, big-endian. */
  private static final int ID_BYTES = 16;
  /** An entry's fixed elements: flags, ms delta, seq delta (and, without SAMEFIELDS, count). */
  private static final int ENTRY_FIXED = 3;

  private StreamPayload() {}

  // ---- writing ----

  static void write(ByteArrayOutputStream out, StreamValue s) {
    List<StreamValue.Id> ids = new ArrayList<>();
    List<byte[][]> entries = new ArrayList<>();
    s.range(StreamValue.Id.MIN, StreamValue.Id.MAX, false, 0, (ms, seq, fv) -> {
      ids.add(new StreamValue.Id(ms, seq));
      entries.add(fv);
      return true;
    });
    int nodes = (ids.size() + NODE_ENTRIES_MAX - 1) / NODE_ENTRIES_MAX;
    DumpPayload.writeLen(out, nodes);
    for (int from = 0; from < ids.size(); from += NODE_ENTRIES_MAX) {
      int to = Math.min(ids.size(), from + NODE_ENTRIES_MAX);
      writeBytes(out, idBytes(ids.get(from)));
      writeBytes(out, node(ids.subList(from, to), entries.subList(from, to)));
    }
    DumpPayload.writeLen(out, s.length());
    writeId(out, s.lastId());
    writeId(out, s.firstId());
    writeId(out, s.maxDeletedId());
    DumpPayload.writeLen(out, s.entriesAdded());
    DumpPayload.writeLen(out, s.groupCount());
    for (StreamValue.Group g : s.groups()) {
      writeGroup(out, g);
    }
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    DumpPayload.writeLen(out, b.length);
    out.write(b, 0, b.length);
  }

  private static void writeId(ByteArrayOutputStream out, StreamValue.Id id) {
    DumpPayload.writeLen(out, id.ms());
    DumpPayload.writeLen(out, id.seq());
  }

  private static byte[] idBytes(StreamValue.Id id) {
    byte[] b = new byte[ID_BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      b[i] = (byte) (id.ms() >>> (8 * (Long.BYTES - 1 - i)));
      b[Long.BYTES + i] = (byte) (id.seq() >>> (8 * (Long.BYTES - 1 - i)));
    }
    return b;
  }

  /** One node's listpack; the first entry's fields are the master fields. */
  private static byte[] node(List<StreamValue.Id> ids, List<byte[][]> entries) {
    byte[][] master = fields(entries.get(0));
    StreamValue.Id base = ids.get(0);
    List<byte[]> lp = new ArrayList<>();
    lp.add(Parse.bytes(ids.size()));
    lp.add(Parse.bytes(0));
    lp.add(Parse.bytes(master.length));
    lp.addAll(Arrays.asList(master));
    lp.add(Parse.bytes(0));
    for (int i = 0; i < ids.size(); i++) {
      byte[][] fv = entries.get(i);
      boolean same = Arrays.deepEquals(fields(fv), master);
      lp.add(Parse.bytes(same ? FLAG_SAMEFIELDS : 0));
      lp.add(Parse.bytes(ids.get(i).ms() - base.ms()));
      lp.add(Parse.bytes(ids.get(i).seq() - base.seq()));
      int fieldCount = fv.length / 2;
      if (!same) {
        lp.add(Parse.bytes(fieldCount));
      }
      for (int k = 0; k < fv.length; k += 2) {
        if (!same) {
          lp.add(fv[k]);
        }
        lp.add(fv[k + 1]);
      }
      lp.add(Parse.bytes(same ? fieldCount + ENTRY_FIXED : 2 * fieldCount + 1 + ENTRY_FIXED));
    }
    return RdbListpack.write(lp);
  }

  private static byte[][] fields(byte[][] fv) {
    byte[][] f = new byte[fv.length / 2][];
    for (int i = 0; i < f.length; i++) {
      f[i] = fv[2 * i];
    }
    return f;
  }

  private static void writeGroup(ByteArrayOutputStream out, StreamValue.Group g) {
    writeBytes(out, g.name);
    writeId(out, g.lastId());
    DumpPayload.writeLen(out, g.entriesRead);
    DumpPayload.writeLen(out, g.pel.size());
    for (StreamValue.Nack n : g.pel.values()) {
      byte[] id = idBytes(n.id);
      out.write(id, 0, id.length);
      RdbListpack.writeLe(out, n.deliveryTime, Long.BYTES);
      DumpPayload.writeLen(out, n.deliveryCount);
    }
    DumpPayload.writeLen(out, g.consumers.size());
    for (StreamValue.Consumer c : g.consumers.values()) {
      writeBytes(out, c.name);
      RdbListpack.writeLe(out, c.seenTime, Long.BYTES);
      DumpPayload.writeLen(out, c.pel.size());
      for (StreamValue.Id id : c.pel.keySet()) {
        byte[] raw = idBytes(id);
        out.write(raw, 0, raw.length);
      }
    }
  }

  // ---- loading ----

  /**
   * A stream from a payload, refusing anything Redis's own checks or Mneme's would. Version 1
   * (RDB_TYPE_STREAM_LISTPACKS, Redis 6) lacks the first and max-deleted IDs, entries-added
   * and each group's entries-read; Redis 7.0 then counts the entries as all ever added and
   * marks entries-read unknown.
   */
  static StreamValue load(DumpPayload.Input in, boolean v2) {
    StreamValue s = new StreamValue();
    long nodes = in.count();
    StreamValue.Id previous = null;
    for (long i = 0; i < nodes; i++) {
      byte[] key = in.string();
      if (key.length != ID_BYTES) {
        throw DumpPayload.bad();
      }
      previous = loadNode(s, idOf(key), in.string(), previous);
    }
    long length = in.len();
    StreamValue.Id last = readId(in);
    StreamValue.Id maxDeleted = StreamValue.Id.MIN;
    long entriesAdded = length;
    if (v2) {
      readId(in); // the first ID: the entries say it
      maxDeleted = readId(in);
      entriesAdded = in.len();
    }
    if (length != s.length() || (previous != null && previous.compareTo(last) > 0)
        || entriesAdded < length) {
      throw DumpPayload.bad();
    }
    s.setLastId(last);
    s.setMaxDeletedId(maxDeleted);
    s.setEntriesAdded(entriesAdded);
    long groups = in.count();
    for (long i = 0; i < groups; i++) {
      loadGroup(s, in, v2);
    }
    return s;
  }

  private static StreamValue.Id readId(DumpPayload.Input in) {
    return new StreamValue.Id(in.len(), in.len());
  }

  private static StreamValue.Id idOf(byte[] b) {
    return new StreamValue.Id(be64(b, 0), be64(b, Long.BYTES));
  }

  private static long be64(byte[] b, int from) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = v << 8 | (b[from + i] & 0xff);
    }
    return v;
  }

  /** Appends a node's live entries; IDs must keep rising. Returns the last ID seen. */
  private static StreamValue.Id loadNode(StreamValue s, StreamValue.Id master, byte[] blob,
      StreamValue.Id previous) {
    List<byte[]> lp = RdbListpack.read(blob);
    if (lp == null || lp.isEmpty()) {
      throw DumpPayload.bad();
    }
    Elements e = new Elements(lp);
    long count = e.number();
    long deleted = e.number();
    int masterCount = e.count();
    byte[][] masterFields = new byte[masterCount][];
    for (int i = 0; i < masterCount; i++) {
      masterFields[i] = e.next();
    }
    if (e.number() != 0 || count < 0 || deleted < 0) {
      throw DumpPayload.bad();
    }
    long seen = 0;
    while (e.hasNext()) {
      previous = loadEntry(s, master, masterFields, e, previous);
      seen++;
    }
    if (seen != count + deleted) {
      throw DumpPayload.bad();
    }
    return previous;
  }

  private static StreamValue.Id loadEntry(StreamValue s, StreamValue.Id master,
      byte[][] masterFields, Elements e, StreamValue.Id previous) {
    long flags = e.number();
    StreamValue.Id id = new StreamValue.Id(master.ms() + e.number(),
        master.seq() + e.number());
    boolean same = (flags & FLAG_SAMEFIELDS) != 0;
    int fieldCount = same ? masterFields.length : e.count();
    if (fieldCount == 0 || (flags & ~(FLAG_DELETED | FLAG_SAMEFIELDS)) != 0) {
      throw DumpPayload.bad();
    }
    byte[][] fv = new byte[2 * fieldCount][];
    for (int i = 0; i < fieldCount; i++) {
      fv[2 * i] = same ? masterFields[i] : e.next();
      fv[2 * i + 1] = e.next();
    }
    long elements = same ? fieldCount + ENTRY_FIXED : 2L * fieldCount + 1 + ENTRY_FIXED;
    if (e.number() != elements || id.compareTo(master) < 0
        || (previous != null && id.compareTo(previous) <= 0)) {
      throw DumpPayload.bad();
    }
    if ((flags & FLAG_DELETED) == 0) {
      s.append(id, fv, 0);
    }
    return id;
  }

  private static void loadGroup(StreamValue s, DumpPayload.Input in, boolean v2) {
    byte[] name = in.string();
    StreamValue.Id last = readId(in);
    long entriesRead = v2 ? in.len() : s.estimateDistance(last);
    StreamValue.Group g = s.createGroup(name, last, entriesRead);
    if (g == null) {
      throw DumpPayload.bad(); // a duplicate group
    }
    long pending = in.count();
    for (long i = 0; i < pending; i++) {
      StreamValue.Id id = idOf(in.raw(ID_BYTES));
      long deliveryTime = in.millis();
      long deliveryCount = in.len();
      if (g.pel.putIfAbsent(id, new StreamValue.Nack(id, null, deliveryTime, deliveryCount))
          != null) {
        throw DumpPayload.bad();
      }
    }
    long consumers = in.count();
    long owned = 0;
    for (long i = 0; i < consumers; i++) {
      byte[] cname = in.string();
      if (g.consumer(cname) != null) {
        throw DumpPayload.bad();
      }
      StreamValue.Consumer c = g.addConsumer(cname, in.millis());
      long mine = in.count();
      for (long k = 0; k < mine; k++) {
        StreamValue.Id id = idOf(in.raw(ID_BYTES));
        StreamValue.Nack n = g.pel.get(id);
        if (n == null || n.consumer != null) {
          throw DumpPayload.bad(); // not pending in the group, or owned twice
        }
        n.consumer = c;
        c.pel.put(id, n);
        owned++;
      }
    }
    if (owned != g.pel.size()) {
      throw DumpPayload.bad(); // a pending entry without a consumer
    }
  }

  /** A node's listpack elements in order; running past the end is a bad payload. */
  private static final class Elements {
    private final List<byte[]> items;
    private int next;

    Elements(List<byte[]> items) {
      this.items = items;
    }

    boolean hasNext() {
      return next < items.size();
    }

    byte[] next() {
      if (next >= items.size()) {
        throw DumpPayload.bad();
      }
      return items.get(next++);
    }

    long number() {
      Long v = Parse.parseLong(next());
      if (v == null) {
        throw DumpPayload.bad();
      }
      return v;
    }

    /** A count of elements still to come, bounded by what is left. */
    int count() {
      long n = number();
      if (n < 0 || n > items.size() - next) {
        throw DumpPayload.bad();
      }
      return (int) n;
    }
  }
}
