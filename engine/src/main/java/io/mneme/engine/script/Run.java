package io.mneme.engine.script;

import io.mneme.engine.Reply;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * One run of a script or of a function library: a fresh sandbox (globals as Redis 7.0 leaves
 * them, all read-only), the redis API bound to the host, and the monitor that bounds the run.
 * Nothing survives a run, so no script can leave state behind for the next one (a read-only
 * run happens on one replica only and must change nothing shared).
 */
final class Run {
  /** The globals Redis 7.0 keeps from Lua's base library (ARGV, KEYS and the libraries aside). */
  private static final String[] BASE_KEPT = {"assert", "getmetatable", "ipairs", "next", "pairs",
      "rawequal", "rawget", "rawset", "select", "setmetatable", "tonumber", "tostring", "type"};

  /** Lua 5.1's LUA_IDSIZE less the decoration: how much of a chunk names it. */
  private static final int LOADSTRING_ID_CHARS_MAX = 45;

  final ScriptHost host;
  final RunMonitor monitor;
  final Globals globals = new Globals();
  /** The globals of EVAL scripts and of functions when they run. */
  private final ReadOnlyGlobals full = new ReadOnlyGlobals();
  /** The globals the code sees: {@link #full}, or a library's own that switches phases. */
  final ReadOnlyGlobals env;
  /** redis.setresp: the shape redis.call gives replies in, and true is sent as RESP3 true. */
  boolean resp3;
  /** False for a read-only run (EVAL_RO, FCALL_RO, a no-writes script). */
  final boolean writesAllowed;
  /** The "allow-cross-slot-keys" flag: redis.call may touch keys of any slot. */
  boolean crossSlotAllowed;
  /** True while a function library's top-level code runs (redis.call is not allowed then). */
  boolean loading;
  /** Functions a library registers while it loads, by name, in order. */
  final java.util.LinkedHashMap<String, Scripts.Function> registered =
      new java.util.LinkedHashMap<>();
  /** Deterministic names for tables and functions (see {@link #describe}). */
  private final java.util.IdentityHashMap<LuaValue, Integer> names =
      new java.util.IdentityHashMap<>();

  Run(ScriptHost host, boolean writesAllowed, boolean loading, KillSwitch kill,
      long instructionsMax) {
    this.host = host;
    this.writesAllowed = writesAllowed;
    this.loading = loading;
    this.monitor = new RunMonitor(instructionsMax, host.readOnly() ? kill : null);
    globals.load(new BaseLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.debuglib = monitor; // the hooks only: no "debug" table for scripts
    full.debuglib = monitor;
    for (String name : BASE_KEPT) {
      full.rawset(name, globals.get(name));
    }
    full.rawset("_G", full);
    full.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
    full.rawset("string", Libraries.STRING);
    full.rawset("table", Libraries.TABLE);
    full.rawset("bit", Libraries.BIT);
    full.rawset("cjson", Libraries.CJSON);
    full.rawset("math", ((ReadOnlyTable) LuaMath.create(host.seed())).seal());
    full.rawset("unpack", Libraries.TABLE.get("unpack"));
    full.rawset("tostring", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue v) {
        return describe(v);
      }
    });
    full.rawset("collectgarbage", constant(0));
    full.rawset("gcinfo", constant(0));
    full.rawset("error", new ErrorFunction());
    full.rawset("pcall", new ProtectedCall(false));
    full.rawset("xpcall", new ProtectedCall(true));
    LuaFunction load = new LoadString();
    full.rawset("loadstring", load);
    full.rawset("load", load);
    full.rawset("redis", RedisApi.create(this, false));
    full.setmetatable(Libraries.GLOBALS_META);
    if (loading) {
      // A library's globals: while it loads only the loading API (redis.register_function,
      // redis.log), then everything, as Redis 7.0 switches the globals' __index.
      ReadOnlyTable loadApi = new ReadOnlyTable();
      loadApi.rawset("redis", RedisApi.create(this, true));
      loadApi.seal();
      ReadOnlyTable meta = new ReadOnlyTable();
      meta.rawset(LuaValue.INDEX, new org.luaj.vm2.lib.TwoArgFunction() {
        @Override
        public LuaValue call(LuaValue table, LuaValue key) {
          LuaValue v = (Run.this.loading ? loadApi : full).rawget(key);
          return v.isnil() ? Libraries.GLOBALS_META.rawget(LuaValue.INDEX).call(table, key) : v;
        }
      });
      env = new ReadOnlyGlobals();
      env.setmetatable(meta.seal());
      env.debuglib = monitor;
    } else {
      env = full;
    }
  }

  /** Makes KEYS and ARGV globals (EVAL), then forbids any further change to the globals. */
  void seal(byte[][] keys, byte[][] args) {
    if (keys != null) {
      full.rawset("KEYS", Libraries.strings(keys));
      full.rawset("ARGV", Libraries.strings(args));
    }
    full.seal();
    env.seal();
  }

  LuaFunction closure(Prototype p) {
    return new org.luaj.vm2.LuaClosure(p, env);
  }

  /** redis.call and redis.pcall: runs one command through the host. */
  LuaValue call(Varargs args, boolean raise) {
    int n = args.narg();
    if (n == 0) {
      return fail("Please specify at least one argument for this redis lib call", raise);
    }
    byte[][] argv = new byte[n][];
    for (int i = 0; i < n; i++) {
      LuaValue a = args.arg(i + 1);
      if (a.type() != LuaValue.TSTRING && a.type() != LuaValue.TNUMBER) {
        return fail("Lua redis lib command arguments must be strings or integers", raise);
      }
      argv[i] = Convert.argument(a);
    }
    Reply reply = host.call(argv, writesAllowed, crossSlotAllowed);
    if (reply instanceof Reply.Err e && raise) {
      throw new LuaError(Convert.errorTable(e.text()));
    }
    return Convert.toLua(reply, resp3, host);
  }

  private static LuaValue fail(String message, boolean raise) {
    LuaTable err = Convert.errorTable("ERR " + message);
    if (raise) {
      throw new LuaError(err);
    }
    return err;
  }

  /**
   * What a failed run answers: the error table's text (or "ERR " and the message) followed by
   * Redis's " script: name, on @user_script:line." when the position is known.
   */
  String failure(LuaError e, String name) {
    LuaValue m = Libraries.messageOf(e, monitor);
    String text;
    if (m.istable() && m.rawget("err").isstring()) {
      text = m.rawget("err").tojstring();
    } else {
      text = "ERR " + (m.isnil() ? "nil" : m.tojstring());
    }
    String at = monitor.lastPosition();
    return Convert.oneLine(at == null ? text : text + " script: " + name + ", on " + at + ".");
  }

  /**
   * tostring: luaj names tables and functions by their identity hash, which differs between
   * replicas; a script could write that name. Here they are numbered in the order the run first
   * names them, the same on every replica.
   */
  private LuaValue describe(LuaValue v) {
    LuaValue handler = v.metatag(LuaValue.TOSTRING);
    if (!handler.isnil()) {
      return handler.call(v);
    }
    switch (v.type()) {
      case LuaValue.TTABLE, LuaValue.TFUNCTION, LuaValue.TUSERDATA, LuaValue.TTHREAD,
          LuaValue.TLIGHTUSERDATA -> {
        int id = names.computeIfAbsent(v, k -> names.size() + 1);
        return LuaValue.valueOf(v.typename() + ": 0x" + String.format("%08x", id));
      }
      default -> {
        return v.tostring();
      }
    }
  }

  private static LuaFunction constant(int value) {
    return new ZeroArgFunction() {
      @Override
      public LuaValue call() {
        return LuaValue.valueOf(value);
      }
    };
  }

  /** Lua 5.1's error: a string message gets the caller's position ("user_script:1: boom"). */
  private final class ErrorFunction extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaValue m = args.arg1();
      int level = args.optint(2, 1);
      if (m.type() == LuaValue.TSTRING || m.type() == LuaValue.TNUMBER) {
        String where = level > 0 ? monitor.where(level) : "";
        throw new LuaError(LuaValue.valueOf(where + m.tojstring()));
      }
      throw new LuaError(m.isnil() ? LuaValue.NIL : m);
    }
  }

  /** pcall and xpcall with Lua 5.1's messages ("user_script:3: ..."), not luaj's. */
  private final class ProtectedCall extends VarArgFunction {
    private final boolean handler;

    ProtectedCall(boolean handler) {
      this.handler = handler;
    }

    @Override
    public Varargs invoke(Varargs args) {
      LuaValue f = args.arg1();
      Varargs rest = handler ? LuaValue.NONE : args.subargs(2);
      int depth = monitor.depth();
      try {
        return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(rest));
      } catch (LuaError e) {
        monitor.unwindTo(depth);
        LuaValue m = Libraries.messageOf(e, monitor);
        if (m.istable() && m.rawget("err").isstring()) {
          m = m.rawget("err"); // Redis 7's pcall gives the text of an error table
        }
        if (handler) {
          return LuaValue.varargsOf(LuaValue.FALSE, args.arg(2).call(m));
        }
        return LuaValue.varargsOf(LuaValue.FALSE, m);
      }
    }
  }

  /** loadstring(s [, name]): compiles into this run's read-only globals. */
  private final class LoadString extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaString src = args.checkstring(1);
      String name = args.optjstring(2, "[string \"" + firstLine(src.tojstring()) + "\"]");
      try {
        Prototype p = globals.compilePrototype(new java.io.ByteArrayInputStream(
            Convert.bytes(src)), name);
        return closure(p);
      } catch (LuaError | java.io.IOException e) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(
            Libraries.normalize(e.getMessage())));
      }
    }
  }

  /** Lua's chunk id for a loadstring without a name: the start of its first line. */
  private static String firstLine(String src) {
    int eol = src.indexOf('\n');
    String line = eol < 0 ? src : src.substring(0, eol) + "...";
    return line.length() > LOADSTRING_ID_CHARS_MAX
        ? line.substring(0, LOADSTRING_ID_CHARS_MAX) + "..." : line;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static OneArgFunction fn(java.util.function.Function<LuaValue, LuaValue> f) {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue v) {
        return f.apply(v);
      }
    };
  }
}
