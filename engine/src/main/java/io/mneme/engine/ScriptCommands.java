package io.mneme.engine;

import io.mneme.engine.script.FunctionCommands;
import io.mneme.engine.script.ScriptHost;
import io.mneme.engine.script.Scripts;

/**
 * The scripting commands' handlers: they hand the command to io.mneme.engine.script with a
 * {@link ScriptHost} that runs redis.call through this engine's own write and read paths, at the
 * time and with the seed of the command running the script.
 */
final class ScriptCommands {
  private ScriptCommands() {}

  /** Mixes the script's seed with the count of its writes: one random stream per write. */
  private static final long SEED_STEP = 0x9E3779B97F4A7C15L;

  /** Redis 7.0's error for a script touching keys of two slots in cluster mode. */
  static final String CROSS_SLOT =
      "ERR Script attempted to access keys that do not hash to the same slot";
  /** Redis 7.0's error for a script touching a key of a slot another node serves. */
  static final String NON_LOCAL =
      "ERR Script attempted to access a non local key in a cluster node";

  /** redis.call for one run: checks as Redis's scriptCall does, then the engine runs it. */
  private static final class Host implements ScriptHost {
    private final Ctx ctx;
    private long writes;
    /** The slot the script's keys are in: its declared keys', else the first it touches. */
    private int slot = -1;

    Host(Ctx ctx, byte[][] command) {
      this.ctx = ctx;
      CommandSpec spec = ctx.engine.commands().resolve(command);
      int[] keys = spec == null ? new int[0] : spec.keyPositions(command);
      if (keys.length > 0) {
        slot = HashSlot.of(command[keys[0]]);
      }
    }

    /**
     * Redis 7.0 in cluster mode (scriptVerifyClusterState): a key must be in a slot this shard
     * owns (when the entry says which), and every key a script touches hashes to one slot
     * unless cross-slot access is allowed. Null when the command may run.
     */
    private String slotRefusal(CommandSpec spec, byte[][] argv, boolean crossSlotAllowed) {
      if (!ctx.engine.scriptSlotCheck) {
        return null;
      }
      for (int pos : spec.keyPositions(argv)) {
        int s = HashSlot.of(argv[pos]);
        if (!ctx.engine.scriptSlotOwned(s)) {
          return NON_LOCAL;
        }
        if (crossSlotAllowed) {
          continue;
        }
        if (slot == -1) {
          slot = s;
        } else if (s != slot) {
          return CROSS_SLOT;
        }
      }
      return null;
    }

    @Override
    public boolean slotsKnown() {
      return ctx.engine.scriptSlotsKnown();
    }

    @Override
    public Reply call(byte[][] argv, boolean writesAllowed, boolean crossSlotAllowed) {
      CommandTable table = ctx.engine.commands();
      CommandSpec spec = table.resolve(argv);
      if (spec == null) {
        return Reply.error("ERR Unknown Redis command called from script");
      }
      if (!spec.checkArity(argv.length)) {
        return Reply.error("ERR Wrong number of args calling Redis command from script");
      }
      if (spec.flags().contains(CommandFlag.NOSCRIPT)) {
        return Reply.error("ERR This Redis command is not allowed from script");
      }
      if (spec.kind() == CommandKind.SESSION) {
        return session(spec, argv);
      }
      if (spec.isWrite() && !writesAllowed) {
        return Reply.error(Scripts.WRITE_FROM_RO);
      }
      Reply invalid = spec.validate(argv);
      if (invalid != null) {
        return invalid;
      }
      String refusal = slotRefusal(spec, argv, crossSlotAllowed);
      if (refusal != null) {
        return Reply.error(refusal);
      }
      Reply r = spec.kind() == CommandKind.KEYSPACE_WRITE
          ? ctx.engine.write(argv, ctx.now, ctx.seed + SEED_STEP * ++writes)
          : ctx.engine.read(argv, ctx.now);
      // A script never blocks: a blocking command that finds nothing answers as on timeout.
      return r instanceof Reply.Blocked ? Reply.NULL_ARRAY : r;
    }

    /** The connection commands a script may call; TIME is the entry's time. */
    private Reply session(CommandSpec spec, byte[][] argv) {
      switch (spec.name()) {
        case "ping":
          return argv.length > 1 ? Reply.bulk(argv[1]) : Reply.PONG;
        case "echo":
          return Reply.bulk(argv[1]);
        case "time":
          return Reply.array(Reply.bulk(Long.toString(ctx.now / 1000)),
              Reply.bulk(Long.toString(ctx.now % 1000 * 1000)));
        case "select":
          return Parse.is(argv[1], "0") ? Reply.OK : Reply.error(Errors.DB_INDEX);
        default:
          return Reply.error("ERR This Redis command is not allowed from script");
      }
    }

    @Override
    public long timeMs() {
      return ctx.now;
    }

    @Override
    public long seed() {
      return ctx.seed;
    }

    @Override
    public boolean readOnly() {
      return !ctx.write;
    }

    @Override
    public String formatDouble(double value) {
      return Doubles.format(value);
    }
  }

  static Reply eval(Ctx ctx, byte[][] argv) {
    return ctx.engine.scripts.eval(new Host(ctx, argv), argv, false);
  }

  static Reply evalsha(Ctx ctx, byte[][] argv) {
    return ctx.engine.scripts.eval(new Host(ctx, argv), argv, true);
  }

  static Reply fcall(Ctx ctx, byte[][] argv) {
    return functions(ctx).fcall(new Host(ctx, argv), argv);
  }

  static Reply scriptLoad(Ctx ctx, byte[][] argv) {
    return ctx.engine.scripts.scriptLoad(argv[2]);
  }

  static Reply scriptExists(Ctx ctx, byte[][] argv) {
    return ctx.engine.scripts.scriptExists(argv);
  }

  static Reply scriptFlush(Ctx ctx, byte[][] argv) {
    return ctx.engine.scripts.scriptFlush(argv);
  }

  private static FunctionCommands functions(Ctx ctx) {
    return new FunctionCommands(ctx.engine.scripts);
  }

  static Reply functionLoad(Ctx ctx, byte[][] argv) {
    return functions(ctx).load(argv);
  }

  static Reply functionDelete(Ctx ctx, byte[][] argv) {
    return functions(ctx).delete(argv[2]);
  }

  static Reply functionFlush(Ctx ctx, byte[][] argv) {
    return functions(ctx).flush(argv);
  }

  static Reply functionList(Ctx ctx, byte[][] argv) {
    return functions(ctx).list(argv, (pattern, name) -> Glob.match(pattern, name));
  }

  static Reply functionDump(Ctx ctx, byte[][] argv) {
    return functions(ctx).dump();
  }

  static Reply functionRestore(Ctx ctx, byte[][] argv) {
    return functions(ctx).restore(argv);
  }

  static Reply functionStats(Ctx ctx, byte[][] argv) {
    return functions(ctx).stats();
  }

  private static final String[] SCRIPT_HELP = {
      "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DEBUG (YES|SYNC|NO)",
      "    Set the debug mode for subsequent scripts executed.",
      "EXISTS <sha1> [<sha1> ...]",
      "    Return information about the existence of the scripts in the script cache.",
      "FLUSH [ASYNC|SYNC]",
      "    Flush the Lua scripts cache. Very dangerous on replicas.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the scripts cache.",
      "    * SYNC: Synchronously flush the scripts cache.",
      "KILL",
      "    Kill the currently executing Lua script.",
      "LOAD <script>",
      "    Load a script into the scripts cache without executing it.",
      "HELP",
      "    Prints this help."};

  private static final String[] FUNCTION_HELP = {
      "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "LOAD [REPLACE] <FUNCTION CODE>",
      "    Create a new library with the given library name and code.",
      "DELETE <LIBRARY NAME>",
      "    Delete the given library.",
      "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
      "    Return general information on all the libraries:",
      "    * Library name",
      "    * The engine used to run the Library",
      "    * Library description",
      "    * Functions list",
      "    * Library code (if WITHCODE is given)",
      "    It also possible to get only function that matches a pattern using LIBRARYNAME"
          + " argument.",
      "STATS",
      "    Return information about the current function running:",
      "    * Function name",
      "    * Command used to run the function",
      "    * Duration in MS that the function is running",
      "    If no function is running, return nil",
      "    In addition, returns a list of available engines.",
      "KILL",
      "    Kill the current running function.",
      "FLUSH [ASYNC|SYNC]",
      "    Delete all the libraries.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the libraries.",
      "    * SYNC: Synchronously flush the libraries.",
      "DUMP",
      "    Return a serialized payload representing the current libraries, can be restored using"
          + " FUNCTION RESTORE command",
      "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
      "    Restore the libraries represented by the given payload, it is possible to give a"
          + " restore policy to",
      "    control how to handle existing libraries (default APPEND):",
      "    * FLUSH: delete all existing libraries.",
      "    * APPEND: appends the restored libraries to the existing libraries. On collision,"
          + " abort.",
      "    * REPLACE: appends the restored libraries to the existing libraries, On collision,"
          + " replace the old",
      "      libraries with the new libraries (notice that even on this option there is a chance"
          + " of failure",
      "      in case of functions name collision with another library).",
      "HELP",
      "    Prints this help."};

  static Reply scriptHelp(Ctx ctx, byte[][] argv) {
    return help(SCRIPT_HELP);
  }

  static Reply functionHelp(Ctx ctx, byte[][] argv) {
    return help(FUNCTION_HELP);
  }

  private static Reply help(String[] lines) {
    Reply[] out = new Reply[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = new Reply.Simple(lines[i]);
    }
    return Reply.array(out);
  }
}
