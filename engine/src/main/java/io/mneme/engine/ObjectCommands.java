package io.mneme.engine;

import java.util.List;

/**
 * DUMP and RESTORE (Redis's cluster.c) and OBJECT (object.c): keys as serialized and as
 * stored objects.
 */
final class ObjectCommands {
  /** RESTORE's FREQ bound (an LFU counter is one byte). */
  private static final long FREQ_MAX = 255;
  private static final long MS_PER_SECOND = 1000;
  /** Redis's OBJ_SHARED_REFCOUNT: what REFCOUNT shows for a shared integer. */
  private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
  /** Redis's OBJ_SHARED_INTEGERS: SET stores integers below this as shared objects. */
  private static final long SHARED_INTEGERS = 10000;
  /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
  static final int EMBSTR_BYTES_MAX = 44;
  /** tryObjectEncoding only tries integers this short. */
  private static final int INT_CHARS_MAX = 20;

  private ObjectCommands() {}

  // ---- DUMP, RESTORE ----

  static Reply dump(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    return e == null ? Reply.NULL : new Reply.Bulk(DumpPayload.dump(e.value));
  }

  /** RESTORE's options: {replace, absttl, idle seconds or -1}; Redis's order of checks. */
  static long[] checkRestore(byte[][] argv) {
    long replace = 0;
    long absttl = 0;
    long idle = -1;
    long freq = -1;
    for (int j = 4; j < argv.length; j++) {
      int more = argv.length - j - 1;
      if (Parse.is(argv[j], "replace")) {
        replace = 1;
      } else if (Parse.is(argv[j], "absttl")) {
        absttl = 1;
      } else if (Parse.is(argv[j], "idletime") && more >= 1 && freq == -1) {
        idle = Parse.longArg(argv[++j]);
        if (idle < 0) {
          throw new CommandError(Errors.IDLETIME_NEGATIVE);
        }
      } else if (Parse.is(argv[j], "freq") && more >= 1 && idle == -1) {
        freq = Parse.longArg(argv[++j]);
        if (freq < 0 || freq > FREQ_MAX) {
          throw new CommandError(Errors.FREQ_RANGE);
        }
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new long[] {replace, absttl, idle};
  }

  /**
   * Redis's restoreCommand: BUSYKEY, then the TTL, then the payload, each before any change. A
   * relative TTL counts from the entry's time, so every replica stores the same deadline. FREQ
   * is accepted and ignored: no LFU policy is ever selected here.
   */
  static Reply restore(Ctx ctx, byte[][] argv) {
    long[] opts = checkRestore(argv);
    boolean replace = opts[0] == 1;
    Keyspace.Entry old = ctx.lookup(argv[1]);
    if (!replace && old != null) {
      throw new CommandError(Errors.BUSYKEY);
    }
    long ttl = Parse.longArg(argv[2]);
    if (ttl < 0) {
      throw new CommandError(Errors.TTL_NEGATIVE);
    }
    if (!DumpPayload.verify(argv[3])) {
      throw new CommandError(Errors.DUMP_PAYLOAD);
    }
    Object value = DumpPayload.load(argv[3]);
    if (ttl > 0 && opts[1] == 0) {
      ttl = ttl > Long.MAX_VALUE - ctx.now ? Long.MAX_VALUE : ttl + ctx.now;
    }
    if (old != null) {
      ctx.ks.delete(old);
    }
    if (ttl > 0 && ttl <= ctx.now) {
      return Reply.OK; // already expired: Redis deletes the old key and stores nothing
    }
    Keyspace.Entry e = ctx.ks.insert(argv[1], value, ttl > 0 ? ttl : -1);
    if (opts[2] >= 0) {
      long idleSec = Math.min(opts[2], Integer.toUnsignedLong(ctx.ks.clockSec));
      e.touch((int) (Integer.toUnsignedLong(ctx.ks.clockSec) - idleSec));
    }
    return Reply.OK;
  }

  /** WAIT's arguments (the RESP layer answers it): numreplicas, then a timeout in ms. */
  static void checkWait(byte[][] argv) {
    Parse.longArg(argv[1]);
    Long timeout = Parse.parseLong(argv[2]);
    if (timeout == null) {
      throw new CommandError(Errors.TIMEOUT_NOT_INTEGER);
    }
    if (timeout < 0) {
      throw new CommandError(Errors.TIMEOUT_NEGATIVE);
    }
  }

  // ---- OBJECT ----

  static Reply encoding(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookupNoNotify(argv[2]);
    return e == null ? Reply.NULL : Reply.bulk(encodingOf(e));
  }

  /**
   * What OBJECT ENCODING answers: "raw" for a string changed in place (Redis unshares it into
   * a raw sds first); otherwise a string is judged by its bytes, as SET stores it.
   */
  static String encodingOf(Keyspace.Entry e) {
    return e.value instanceof byte[] && e.rawString() ? "raw" : encodingOf(e.value);
  }

  static String encodingOf(Object value) {
    if (value instanceof byte[] s) {
      if (s.length <= INT_CHARS_MAX && Parse.parseLong(s) != null) {
        return "int";
      }
      return s.length <= EMBSTR_BYTES_MAX ? "embstr" : "raw";
    }
    return ((Container) value).encoding();
  }

  static Reply freq(Ctx ctx, byte[][] argv) {
    if (ctx.lookupNoNotify(argv[2]) == null) {
      return Reply.NULL;
    }
    throw new CommandError(Errors.LFU_NOT_SELECTED);
  }

  static Reply idletime(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookupNoNotify(argv[2]);
    if (e == null) {
      return Reply.NULL;
    }
    if (e.accessSec() == 0) {
      return Reply.ZERO; // loaded from a snapshot before any command ran: as Redis, fresh
    }
    long now = ctx.now / MS_PER_SECOND;
    return Reply.integer((now - e.accessSec()) & Keyspace.ACCESS_SEC_MASK);
  }

  /** 1, or Redis's shared-object count for a small integer string (SET shares those). */
  static Reply refcount(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookupNoNotify(argv[2]);
    if (e == null) {
      return Reply.NULL;
    }
    Long v = e.value instanceof byte[] s ? Parse.parseLong(s) : null;
    return Reply.integer(v != null && v >= 0 && v < SHARED_INTEGERS ? SHARED_REFCOUNT : 1);
  }

  static Reply objectHelp(Ctx ctx, byte[][] argv) {
    return help(List.of(
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help."));
  }

  /** addReplyHelp: status lines. */
  static Reply help(List<String> lines) {
    Reply[] out = new Reply[lines.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Reply.Simple(lines.get(i));
    }
    return new Reply.Arr(out);
  }
}
