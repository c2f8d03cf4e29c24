package io.mneme.engine.script;

import io.mneme.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;

/**
 * A shard's scripts: the script cache (EVAL, SCRIPT LOAD) and the function libraries (FUNCTION
 * LOAD), both replicated state saved in snapshots, and the commands that run and manage them.
 *
 * <p>A script runs inside one command: EVAL, EVALSHA and FCALL are log entries applied by every
 * replica, and their redis.call commands go through the engine's own paths there. So a script
 * must end the same way everywhere: it runs in a fresh sandbox, its time and randomness come from
 * the entry, and a fixed budget of Lua instructions ({@link #INSTRUCTIONS_MAX}) ends a script
 * that runs too long, at the same instruction on every replica. Writes it made before the end
 * stay, as in Redis when a script fails half-way. Only a read-only script (EVAL_RO, FCALL_RO),
 * which runs on one member and changes nothing, may be killed (SCRIPT KILL, FUNCTION KILL).
 */
public final class Scripts {
  /**
   * The Lua instructions one script may run: the deterministic stand-in for Redis's busy-script
   * timeout, the same on every replica. luaj with the counting hook runs some 10 to 100 million
   * a second, so this holds a shard for a second at most; a script over big collections may
   * need it raised (every replica must then run a build with the same value).
   */
  public static final long INSTRUCTIONS_MAX = 10_000_000L;
  /** Nested Lua calls a script may make: Lua 5.1's C-call bound (LUAI_MAXCCALLS). */
  static final int CALL_DEPTH_MAX = 200;
  /** RDB version Redis 7.0 writes in FUNCTION DUMP payloads. */
  static final int RDB_VERSION = 10;

  static final String BUDGET_EXCEEDED = "ERR Script exceeded the limit of " + INSTRUCTIONS_MAX
      + " Lua instructions and was stopped (Mneme stops scripts deterministically instead of"
      + " timing them out)";
  static final String KILLED = "ERR Script killed by user with SCRIPT KILL...";
  static final String FUNCTION_KILLED = "ERR Script killed by user with FUNCTION KILL...";
  public static final String WRITE_FROM_RO =
      "ERR Write commands are not allowed from read-only scripts.";
  static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
  static final String RO_WITH_WRITE_FLAG =
      "ERR Can not execute a script with write flag using *_ro command.";
  private static final String USER_SCRIPT = "@user_script";
  static final String USER_FUNCTION = "@user_function";

  /** A registered function: metadata for FUNCTION LIST, the callback of the run that loaded it. */
  record Function(String name, String description, List<String> flags, LuaValue callback) {}

  /** A function library: its code (what is saved) and what loading it registered. */
  record Library(String name, byte[] code, Prototype proto, Map<String, Function> functions) {}

  /** A cached EVAL script: its body (what is saved) and its compiled form. */
  private record Script(byte[] body, Prototype proto, List<String> flags) {}

  private final LinkedHashMap<String, Script> scripts = new LinkedHashMap<>();
  final LinkedHashMap<String, Library> libraries = new LinkedHashMap<>();
  final LinkedHashMap<String, Library> functionOwners = new LinkedHashMap<>();
  private final KillSwitch kill = new KillSwitch();
  private final Globals compiler = new Globals();

  public Scripts() {
    org.luaj.vm2.LoadState.install(compiler);
    LuaC.install(compiler);
  }

  /** For the server layer: SCRIPT KILL / FUNCTION KILL, from any thread. */
  public KillSwitch killSwitch() {
    return kill;
  }

  public static String sha1hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- EVAL, EVALSHA, EVAL_RO, EVALSHA_RO ----

  /**
   * EVAL/EVAL_RO (bySha false) and EVALSHA/EVALSHA_RO: argv is the command as sent. On the
   * write path an EVAL adds its script to the cache, as Redis does; a read-only run changes no
   * state, so EVAL_RO does not here: the server layer has the script cached through the log
   * first (see {@link #cached}), as Redis's EVAL_RO caches it.
   */
  public Reply eval(ScriptHost host, byte[][] argv, boolean bySha) {
    byte[][][] keysArgs;
    try {
      keysArgs = keysAndArgs(argv);
    } catch (ScriptError e) {
      return Reply.error(e.getMessage());
    }
    Script script;
    String sha;
    if (bySha) {
      sha = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      script = scripts.get(sha);
      if (script == null) {
        return Reply.error(NOSCRIPT);
      }
    } else {
      sha = sha1hex(argv[1]);
      script = scripts.get(sha);
      if (script == null) {
        try {
          script = compileScript(argv[1]);
        } catch (ScriptError e) {
          return Reply.error(e.getMessage());
        }
        if (!host.readOnly()) {
          scripts.put(sha, script);
        }
      }
    }
    boolean noWrites = script.flags().contains("no-writes");
    if (host.readOnly() && script.flags() != null && !noWrites && hasShebang(script.body())) {
      return Reply.error(RO_WITH_WRITE_FLAG);
    }
    Run run = new Run(host, !host.readOnly() && !noWrites, false, kill, INSTRUCTIONS_MAX);
    // A script without a shebang runs in Redis's compatibility mode, where keys of several
    // (local) slots are allowed; unless the host knows which are local, it keeps to one.
    run.crossSlotAllowed = script.flags().contains("allow-cross-slot-keys")
        || (host.slotsKnown() && !hasShebang(script.body()));
    run.seal(keysArgs[0], keysArgs[1]);
    return execute(run, run.closure(script.proto()), LuaValue.NONE, sha, false);
  }

  private static boolean hasShebang(byte[] body) {
    return body.length > 1 && body[0] == '#' && body[1] == '!';
  }

  /** numkeys and the keys and args after it, with Redis's errors. */
  static byte[][][] keysAndArgs(byte[][] argv) {
    long numkeys;
    try {
      numkeys = Long.parseLong(new String(argv[2], StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException e) {
      throw new ScriptError("ERR value is not an integer or out of range");
    }
    if (numkeys > argv.length - 3) {
      throw new ScriptError("ERR Number of keys can't be greater than number of args");
    }
    if (numkeys < 0) {
      throw new ScriptError("ERR Number of keys can't be negative");
    }
    int n = (int) numkeys;
    byte[][] keys = java.util.Arrays.copyOfRange(argv, 3, 3 + n);
    byte[][] args = java.util.Arrays.copyOfRange(argv, 3 + n, argv.length);
    return new byte[][][] {keys, args};
  }

  private Script compileScript(byte[] body) {
    List<String> flags = List.of();
    int start = 0;
    if (hasShebang(body)) {
      Functions.Header h = Functions.header(body, false);
      flags = h.flags();
      start = h.bodyStart();
    }
    // The shebang line is blanked, not cut, so line numbers stay those of the body.
    byte[] source = body.clone();
    for (int i = 0; i < start; i++) {
      source[i] = ' ';
    }
    try {
      return new Script(body, compile(source, USER_SCRIPT), flags);
    } catch (LuaError e) {
      throw new ScriptError("ERR Error compiling script (new function): "
          + Libraries.normalize(e.getMessage()));
    }
  }

  Prototype compile(byte[] source, String chunk) {
    try {
      return compiler.compilePrototype(new java.io.ByteArrayInputStream(source), chunk);
    } catch (java.io.IOException e) {
      throw new LuaError(e.getMessage());
    }
  }

  /** Runs f under the run's bounds; the result as a reply, a failure as Redis words it. */
  Reply execute(Run run, LuaFunction f, Varargs args, String name, boolean function) {
    kill.started(run.host.readOnly(), function);
    try {
      LuaValue result = f.invoke(args).arg1();
      return Convert.toReply(result, run.resp3, 0);
    } catch (LuaError e) {
      return Reply.error(run.failure(e, name));
    } catch (RunMonitor.Stop s) {
      String text = s.reply.equals(KILLED) && function ? FUNCTION_KILLED : s.reply;
      String at = run.monitor.lastPosition();
      return Reply.error(at == null ? text : text + " script: " + name + ", on " + at + ".");
    } catch (StackOverflowError e) {
      // Not reached with CALL_DEPTH_MAX in force; kept so a deep Java recursion cannot kill
      // the apply thread.
      return Reply.error("ERR stack overflow script: " + name);
    } finally {
      kill.finished();
    }
  }

  /**
   * Whether FCALL of this function, or EVALSHA of this cached script, may run on the read path
   * as its _RO form: the function or the script's shebang says "no-writes".
   */
  public boolean declaresNoWrites(byte[][] argv, boolean function) {
    if (argv.length < 2) {
      return false;
    }
    if (function) {
      Library lib = functionOwners.get(new String(argv[1], StandardCharsets.UTF_8));
      return lib != null && lib.functions().get(new String(argv[1], StandardCharsets.UTF_8))
          .flags().contains("no-writes");
    }
    Script s = scripts.get(new String(argv[1], StandardCharsets.ISO_8859_1)
        .toLowerCase(Locale.ROOT));
    return s != null && s.flags().contains("no-writes");
  }

  // ---- SCRIPT LOAD / EXISTS / FLUSH ----

  public Reply scriptLoad(byte[] body) {
    String sha = sha1hex(body);
    if (!scripts.containsKey(sha)) {
      try {
        scripts.put(sha, compileScript(body));
      } catch (ScriptError e) {
        return Reply.error(e.getMessage());
      }
    }
    return Reply.bulk(sha);
  }

  public Reply scriptExists(byte[][] argv) {
    Reply[] out = new Reply[argv.length - 2];
    for (int i = 2; i < argv.length; i++) {
      String sha = new String(argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      out[i - 2] = scripts.containsKey(sha) ? Reply.ONE : Reply.ZERO;
    }
    return Reply.array(out);
  }

  public Reply scriptFlush(byte[][] argv) {
    if (argv.length > 3 || (argv.length == 3 && !isSyncOrAsync(argv[2]))) {
      return Reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
    }
    scripts.clear();
    return Reply.OK;
  }

  static boolean isSyncOrAsync(byte[] a) {
    String s = new String(a, StandardCharsets.ISO_8859_1);
    return s.equalsIgnoreCase("sync") || s.equalsIgnoreCase("async");
  }

  /** Whether the script with this body is in the cache (SCRIPT EXISTS of its sha1). */
  public boolean cached(byte[] body) {
    return scripts.containsKey(sha1hex(body));
  }

  public int scriptCount() {
    return scripts.size();
  }

  /** The cached EVAL scripts' bodies, each sized by {@code size} (MEMORY STATS lua.caches). */
  public long scriptBodyBytes(java.util.function.LongUnaryOperator size) {
    long n = 0;
    for (Script s : scripts.values()) {
      n += size.applyAsLong(s.body().length);
    }
    return n;
  }

  /** The loaded libraries' code, in bytes (MEMORY STATS functions.caches). */
  public long libraryCodeBytes() {
    long n = 0;
    for (Library l : libraries.values()) {
      n += l.code().length;
    }
    return n;
  }

  public int functionCount() {
    return functionOwners.size();
  }

  // ---- snapshots ----

  /** The replicated state: script bodies and library codes, in the order they were added. */
  public io.mneme.proto.ScriptState save() {
    io.mneme.proto.ScriptState.Builder b = io.mneme.proto.ScriptState.newBuilder();
    for (Script s : scripts.values()) {
      b.addScript(com.google.protobuf.ByteString.copyFrom(s.body()));
    }
    for (Library l : libraries.values()) {
      b.addLibraryCode(com.google.protobuf.ByteString.copyFrom(l.code()));
    }
    return b.build();
  }

  /** Replaces the state with a snapshot's; code that no longer loads is a broken invariant. */
  public void load(io.mneme.proto.ScriptState state) {
    scripts.clear();
    libraries.clear();
    functionOwners.clear();
    for (com.google.protobuf.ByteString body : state.getScriptList()) {
      Reply r = scriptLoad(body.toByteArray());
      if (r.isError()) {
        throw new IllegalStateException("a saved script does not compile: " + r);
      }
    }
    FunctionCommands f = new FunctionCommands(this);
    for (com.google.protobuf.ByteString code : state.getLibraryCodeList()) {
      Reply r = f.load(code.toByteArray(), false);
      if (r.isError()) {
        throw new IllegalStateException("a saved function library does not load: " + r);
      }
    }
  }

  /** Every function library's code, for FUNCTION DUMP. */
  List<byte[]> libraryCodes() {
    List<byte[]> out = new ArrayList<>();
    libraries.values().forEach(l -> out.add(l.code()));
    return out;
  }
}
