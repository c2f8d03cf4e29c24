package io.mneme.engine;

import java.util.List;

/**
 * MEMORY USAGE, DOCTOR and HELP (Redis's object.c). USAGE estimates what redis-server 7.0
 * would use for the same key: its object layouts (objectComputeSize) rounded to jemalloc's size
 * classes, nested elements sampled as Redis samples them. Exact for strings; an estimate for
 * collections, as Redis's own answer is.
 */
final class MemoryCommands {
  /** MEMORY USAGE's default SAMPLES. */
  private static final long SAMPLES_DEFAULT = 5;
  /** sizeof(robj), dictEntry, dict, quicklist, quicklistNode, zset, zskiplist on 64 bits. */
  private static final long ROBJ = 16;
  private static final long DICT_ENTRY = 24;
  /**
   * A keyspace dictEntry in cluster mode carries 16 bytes of metadata (the slot's key list),
   * and Mneme is always a cluster.
   */
  private static final long KEY_ENTRY = DICT_ENTRY + 16;
  private static final long DICT = 56;
  /** Redis 7.0's luaScript: its flags and a pointer to the body. */
  private static final long LUA_SCRIPT = 16;
  private static final long SHA1_HEX_CHARS = 40;
  /** sds.h: growth past this length adds this much room instead of doubling. */
  private static final long SDS_MAX_PREALLOC = 1024 * 1024;
  /**
   * functions.caches of a redis-server 7.0.15 with no library loaded (the Lua engine's entry
   * and the empty library context); Mneme adds its libraries' code and function entries.
   */
  private static final long FUNCTIONS_EMPTY_BYTES = 200;
  private static final long POINTER = 8;
  private static final long QUICKLIST = 40;
  /** quicklistNode: three pointers, sz, and 32 bits of fields, padded to 8. */
  private static final long QUICKLIST_NODE = 40;
  private static final long ZSET = 16;
  private static final long ZSKIPLIST = 32;
  /**
   * A skiplist node: ele, score, backward (24 bytes) and 16 per level, which jemalloc rounds to
   * 32 + 16 * levels; levels average 1 / (1 - 0.25), so a node averages 53 bytes.
   */
  private static final long ZSKIPLIST_NODE_AVERAGE = 53;
  /** zslCreate's header node has ZSKIPLIST_MAXLEVEL (32) levels of 16 bytes. */
  private static final long ZSKIPLIST_HEADER = 24 + 32 * 16;
  /** sdshdr8 (3 bytes) and the NUL: the overhead of a short sds string. */
  private static final long SDS_OVERHEAD = 4;
  /** A dict starts with this many buckets (DICT_HT_INITIAL_SIZE). */
  private static final long DICT_MIN_SLOTS = 4;
  /** Redis's default stream-node-max-bytes. */
  private static final long STREAM_NODE_BYTES = 4096;
  /** jemalloc's quantum below 128 bytes, and its 4 classes per doubling above. */
  private static final long QUANTUM = 16;
  private static final long SMALL_LIMIT = 128;
  private static final int CLASSES_PER_DOUBLING = 4;

  private MemoryCommands() {}

  static long checkUsage(byte[][] argv) {
    long samples = SAMPLES_DEFAULT;
    for (int j = 3; j < argv.length; j++) {
      if (Parse.is(argv[j], "samples") && j + 1 < argv.length) {
        samples = Parse.longArg(argv[++j]);
        if (samples < 0) {
          throw new CommandError(Errors.SYNTAX);
        }
        if (samples == 0) {
          samples = Long.MAX_VALUE;
        }
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return samples;
  }

  static Reply usage(Ctx ctx, byte[][] argv) {
    long samples = checkUsage(argv);
    Keyspace.Entry e = ctx.lookupNoNotify(argv[2]);
    if (e == null) {
      return Reply.NULL;
    }
    long value = e.value instanceof byte[] s && e.rawString() ? ROBJ + grownSds(s.length)
        : valueBytes(e.value, samples);
    return Reply.integer(value + sds(e.key.length) + KEY_ENTRY);
  }

  /** jemalloc's size class for an allocation of n bytes. */
  static long jemalloc(long n) {
    if (n <= POINTER) {
      return POINTER;
    }
    if (n <= SMALL_LIMIT) {
      return (n + QUANTUM - 1) / QUANTUM * QUANTUM;
    }
    long base = Long.highestOneBit(n - 1);
    long step = base / CLASSES_PER_DOUBLING;
    return (n + step - 1) / step * step;
  }

  /**
   * A raw string of len bytes as the command that changed it in place last grew it: sds's
   * sdsMakeRoomFor doubles the length asked for, or adds SDS_MAX_PREALLOC past it. Exact after
   * a growing APPEND or SETRANGE; an estimate after edits that did not grow the string.
   */
  private static long grownSds(long len) {
    return sds(len < SDS_MAX_PREALLOC ? 2 * len : len + SDS_MAX_PREALLOC);
  }

  /** An sds string of len bytes (sdshdr8 up to 255 bytes; larger headers beyond). */
  static long sds(long len) {
    long header = len < 1 << 8 ? 3 : len < 1 << 16 ? 5 : len < 1L << 32 ? 9 : 17;
    return jemalloc(header + len + 1);
  }

  private static long valueBytes(Object v, long samples) {
    if (v instanceof byte[] s) {
      String enc = ObjectCommands.encodingOf(s);
      return enc.equals("int") ? ROBJ : enc.equals("embstr")
          ? jemalloc(ROBJ + SDS_OVERHEAD + s.length) : ROBJ + sds(s.length);
    } else if (v instanceof ListValue l) {
      return listBytes(l, samples);
    } else if (v instanceof SetValue s) {
      if (s.encoding().equals("intset")) {
        return ROBJ + jemalloc(DumpPayload.intset(s).length);
      }
      long sampled = 0;
      long n = Math.min(samples, s.size());
      for (int i = 0; i < n; i++) {
        sampled += DICT_ENTRY + sds(s.memberAt(i).length);
      }
      return ROBJ + dict(s.size()) + (n == 0 ? 0 : sampled / n * s.size());
    } else if (v instanceof ZSetValue z) {
      return zsetBytes(z, samples);
    } else if (v instanceof HashValue h) {
      return hashBytes(h, samples);
    }
    // streams: a rough estimate, their nodes at stream-node-max-bytes
    return ROBJ + ((StreamValue) v).nodeCount() * jemalloc(STREAM_NODE_BYTES);
  }

  private static long dict(long size) {
    long slots = Math.max(DICT_MIN_SLOTS, Long.highestOneBit(Math.max(1, size - 1)) << 1);
    return DICT + POINTER * slots;
  }

  /**
   * Only the sampled nodes are built; past them the node count is the engine's own, whose
   * nodes have the same 8 kB bound.
   */
  private static long listBytes(ListValue l, long samples) {
    int wanted = (int) Math.min(samples, Integer.MAX_VALUE);
    List<byte[]> nodes = DumpPayload.listNodes(l, wanted);
    long sampled = 0;
    long n = Math.min(samples, nodes.size());
    for (int i = 0; i < n; i++) {
      sampled += QUICKLIST_NODE + jemalloc(nodes.get(i).length);
    }
    long count = nodes.size() < wanted ? nodes.size() : Math.max(nodes.size(), l.nodeCount());
    return ROBJ + QUICKLIST + (n == 0 ? 0 : sampled / n * count);
  }

  private static long zsetBytes(ZSetValue z, long samples) {
    if (z.isListpack()) {
      return ROBJ + jemalloc(DumpPayload.zsetListpack(z).length);
    }
    long[] sampled = new long[2];
    z.forEach((m, s) -> {
      if (sampled[1] < samples) {
        sampled[0] += sds(m.length) + DICT_ENTRY + ZSKIPLIST_NODE_AVERAGE;
        sampled[1]++;
      }
    });
    long fixed = ROBJ + ZSET + ZSKIPLIST + dict(z.size()) + jemalloc(ZSKIPLIST_HEADER);
    return fixed + (sampled[1] == 0 ? 0 : sampled[0] / sampled[1] * z.size());
  }

  private static long hashBytes(HashValue h, long samples) {
    HashValue.Pairs p = h.pairs();
    if (h.isCompact()) {
      return ROBJ + jemalloc(DumpPayload.hashListpack(p).length);
    }
    long sampled = 0;
    long n = Math.min(samples, p.size());
    for (int i = 0; i < n; i++) {
      sampled += DICT_ENTRY + sds(p.field(i).length) + sds(p.value(i).length);
    }
    return ROBJ + dict(p.size()) + (n == 0 ? 0 : sampled / n * p.size());
  }

  /**
   * MEMORY STATS: Redis 7.0's fields in its order (object.c, memoryCommand and
   * getMemoryOverheadData), from what this node knows. The keyspace figures (keys.count, the
   * db.0 hash table overheads, lua.caches) are Redis's formulas applied to this shard's keys and
   * scripts, so they read as redis-server's would for the same data. The allocator figures are
   * JVM approximations: total.allocated is the heap in use (the whole JVM's, not only the
   * keyspace's), peak.allocated the sum of the heap pools' peaks, startup.allocated the heap in
   * use when the first engine was made, allocator.active the committed heap,
   * allocator.resident that plus committed non-heap memory, and the process RSS, which the
   * engine does not read, is taken as allocator.resident. Replication backlog, client buffers,
   * cluster links and the AOF buffer are not held by the engine: 0. Ratios are floats, as
   * Redis computes them.
   */
  static Reply stats(Ctx ctx, byte[][] argv) {
    Jvm jvm = Jvm.now();
    long keys = ctx.ks.size();
    long expires = ctx.ks.volatileCount();
    var scripts = ctx.engine.scripts;
    long luaCaches = scripts.scriptCount() * (DICT_ENTRY + LUA_SCRIPT + sds(SHA1_HEX_CHARS))
        + scripts.scriptBodyBytes(MemoryCommands::stringSds)
        + slots(scripts.scriptCount()) * POINTER;
    long functionsCaches = FUNCTIONS_EMPTY_BYTES + scripts.libraryCodeBytes()
        + scripts.functionCount() * DICT_ENTRY;
    long main = keys * (DICT_ENTRY + ROBJ) + slots(keys) * POINTER;
    long expiresOverhead = expires * DICT_ENTRY + slots(expires) * POINTER;
    long slotToKeys = keys * (KEY_ENTRY - DICT_ENTRY);
    long overhead = jvm.startup + luaCaches + functionsCaches
        + (keys == 0 ? 0 : main + expiresOverhead + slotToKeys);
    long net = jvm.used > jvm.startup ? jvm.used - jvm.startup : 1;
    List<Reply> out = new java.util.ArrayList<>();
    field(out, "peak.allocated", Reply.integer(jvm.peak));
    field(out, "total.allocated", Reply.integer(jvm.used));
    field(out, "startup.allocated", Reply.integer(jvm.startup));
    for (String none : new String[] {"replication.backlog", "clients.slaves", "clients.normal",
        "cluster.links", "aof.buffer"}) {
      field(out, none, Reply.ZERO);
    }
    field(out, "lua.caches", Reply.integer(luaCaches));
    field(out, "functions.caches", Reply.integer(functionsCaches));
    if (keys > 0) { // Redis lists only the databases that hold keys
      field(out, "db.0", new Reply.MapReply(new Reply[] {
          Reply.bulk("overhead.hashtable.main"), Reply.integer(main),
          Reply.bulk("overhead.hashtable.expires"), Reply.integer(expiresOverhead),
          Reply.bulk("overhead.hashtable.slot-to-keys"), Reply.integer(slotToKeys)}));
    }
    field(out, "overhead.total", Reply.integer(overhead));
    field(out, "keys.count", Reply.integer(keys));
    field(out, "keys.bytes-per-key", Reply.integer(keys == 0 ? 0 : net / keys));
    long dataset = jvm.used - overhead;
    field(out, "dataset.bytes", Reply.integer(dataset));
    field(out, "dataset.percentage", ratio((float) dataset * 100 / net));
    field(out, "peak.percentage", ratio((float) jvm.used * 100 / jvm.peak));
    allocatorFields(out, jvm);
    return new Reply.MapReply(out.toArray(Reply[]::new));
  }

  private static void allocatorFields(List<Reply> out, Jvm jvm) {
    long rss = jvm.resident;
    field(out, "allocator.allocated", Reply.integer(jvm.used));
    field(out, "allocator.active", Reply.integer(jvm.committed));
    field(out, "allocator.resident", Reply.integer(jvm.resident));
    field(out, "allocator-fragmentation.ratio", ratio((float) jvm.committed / jvm.used));
    field(out, "allocator-fragmentation.bytes", Reply.integer(jvm.committed - jvm.used));
    field(out, "allocator-rss.ratio", ratio((float) jvm.resident / jvm.committed));
    field(out, "allocator-rss.bytes", Reply.integer(jvm.resident - jvm.committed));
    field(out, "rss-overhead.ratio", ratio((float) rss / jvm.resident));
    field(out, "rss-overhead.bytes", Reply.integer(rss - jvm.resident));
    field(out, "fragmentation", ratio((float) rss / jvm.used));
    field(out, "fragmentation.bytes", Reply.integer(rss - jvm.used));
  }

  private static void field(List<Reply> out, String name, Reply value) {
    out.add(Reply.bulk(name));
    out.add(value);
  }

  /** Redis keeps these ratios in floats and replies with them widened to doubles. */
  private static Reply ratio(float value) {
    return new Reply.Dbl(value);
  }

  /**
   * Redis's getStringObjectSdsUsedMemory for a string object made from len bytes: an embstr
   * (robj and sds in one allocation) up to 44 bytes, a raw sds beyond.
   */
  private static long stringSds(long len) {
    return len <= ObjectCommands.EMBSTR_BYTES_MAX ? jemalloc(ROBJ + 3 + len + 1) - ROBJ : sds(len);
  }

  /** A Redis dict's buckets for n entries: none while empty, then powers of two from 4. */
  private static long slots(long n) {
    return n == 0 ? 0 : Math.max(DICT_MIN_SLOTS, Long.highestOneBit(Math.max(1, n - 1)) << 1);
  }

  /** The JVM's memory figures MEMORY STATS stands in for the allocator's with. */
  private record Jvm(long used, long peak, long startup, long committed, long resident) {
    /** The heap in use when the first engine was made: Redis's initial_memory_usage. */
    private static final java.util.concurrent.atomic.AtomicLong STARTUP =
        new java.util.concurrent.atomic.AtomicLong();

    static void noteStartup() {
      STARTUP.compareAndSet(0, heapUsed());
    }

    private static long heapUsed() {
      Runtime rt = Runtime.getRuntime();
      return rt.totalMemory() - rt.freeMemory();
    }

    static Jvm now() {
      long used = heapUsed();
      long peak = 0;
      for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == java.lang.management.MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      long committed = Math.max(used, Runtime.getRuntime().totalMemory());
      long nonHeap = java.lang.management.ManagementFactory.getMemoryMXBean()
          .getNonHeapMemoryUsage().getCommitted();
      long startup = Math.min(STARTUP.get(), used);
      return new Jvm(used, Math.max(peak, used), startup, committed, committed + nonHeap);
    }
  }

  /** The first engine's construction: the heap Mneme starts from, for startup.allocated. */
  static void noteStartup() {
    Jvm.noteStartup();
  }

  static Reply doctor(Ctx ctx, byte[][] argv) {
    String text = "Hi Sam, I can't find any memory issue in your instance. I can only account"
        + " for what occurs on this base.";
    return new Reply.Verbatim("txt", Parse.bytes(text));
  }

  /** What Redis built without jemalloc answers: the JVM's heap has no such report. */
  static Reply mallocStats(Ctx ctx, byte[][] argv) {
    return new Reply.Verbatim("txt", Parse.bytes("Stats not supported for the current allocator"));
  }

  static Reply memoryHelp(Ctx ctx, byte[][] argv) {
    return ObjectCommands.help(List.of(
        "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        "HELP",
        "    Prints this help."));
  }
}
