package io.mneme.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** The "redis" table of one run, as Redis 7.0.15 fills it. */
final class RedisApi {
  static final String VERSION = "7.0.15";
  /** Redis's REDIS_VERSION_NUM: 0x00MMmmpp. */
  static final int VERSION_NUM = 0x07000f;

  private RedisApi() {}

  /** The redis table of a run, or (loading) the one a function library sees while it loads. */
  static LuaTable create(Run run, boolean loading) {
    ReadOnlyTable r = new ReadOnlyTable();
    if (loading) {
      r.rawset("register_function", Libraries.varargs(a -> {
        Functions.register(run, a);
        return LuaValue.NONE;
      }));
      r.rawset("log", log());
      constants(r);
      r.setmetatable(Libraries.GLOBALS_META);
      return r.seal();
    }
    r.rawset("call", Libraries.varargs(a -> run.call(a, true)));
    r.rawset("pcall", Libraries.varargs(a -> run.call(a, false)));
    r.rawset("error_reply", Libraries.varargs(RedisApi::errorReply));
    r.rawset("status_reply", Libraries.varargs(RedisApi::statusReply));
    r.rawset("sha1hex", Libraries.varargs(a -> {
      if (a.narg() != 1) {
        throw raise("wrong number of arguments");
      }
      return LuaValue.valueOf(Scripts.sha1hex(Convert.argument(a.arg1())));
    }));
    r.rawset("log", log());
    r.rawset("setresp", Libraries.varargs(a -> {
      if (a.narg() != 1) {
        throw raise("redis.setresp() requires one argument.");
      }
      int resp = a.checkint(1);
      if (resp != 2 && resp != 3) {
        throw raise("RESP version must be 2 or 3.");
      }
      run.resp3 = resp == 3;
      return LuaValue.NONE;
    }));
    r.rawset("set_repl", Libraries.varargs(a -> LuaValue.NONE));
    r.rawset("replicate_commands", Libraries.varargs(a -> LuaValue.TRUE));
    r.rawset("breakpoint", Libraries.varargs(a -> LuaValue.FALSE));
    r.rawset("debug", Libraries.varargs(a -> LuaValue.NONE));
    r.rawset("register_function", Libraries.varargs(a -> {
      Functions.register(run, a);
      return LuaValue.NONE;
    }));
    constants(r);
    return r.seal();
  }

  // The engine writes no logs: a script's log lines would differ by replica anyway.
  private static LuaValue log() {
    return Libraries.varargs(a -> {
      if (a.narg() < 2) {
        throw raise("redis.log() requires two arguments or more.");
      }
      if (a.arg1().type() != LuaValue.TNUMBER) {
        throw raise("First argument must be a number (log level).");
      }
      return LuaValue.NONE;
    });
  }

  /** Redis raises its API's errors as error tables, which carry no position. */
  static LuaError raise(String message) {
    return new LuaError(Convert.errorTable("ERR " + message));
  }

  private static void constants(LuaTable r) {
    r.rawset("LOG_DEBUG", LuaValue.valueOf(0));
    r.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
    r.rawset("LOG_NOTICE", LuaValue.valueOf(2));
    r.rawset("LOG_WARNING", LuaValue.valueOf(3));
    r.rawset("REPL_NONE", LuaValue.valueOf(0));
    r.rawset("REPL_AOF", LuaValue.valueOf(1));
    r.rawset("REPL_SLAVE", LuaValue.valueOf(2));
    r.rawset("REPL_REPLICA", LuaValue.valueOf(2));
    r.rawset("REPL_ALL", LuaValue.valueOf(3));
    r.rawset("REDIS_VERSION", LuaValue.valueOf(VERSION));
    r.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(VERSION_NUM));
  }

  /** redis.error_reply: luaPushErrorBuff's rules for the error code. */
  private static Varargs errorReply(Varargs a) {
    if (a.narg() != 1 || a.arg1().type() != LuaValue.TSTRING) {
      return Convert.errorTable("ERR wrong number or type of arguments");
    }
    String text = a.arg1().tojstring();
    String raw = text.startsWith("-") ? text : "-" + text;
    int space = raw.indexOf(' ');
    String code = space < 0 ? "ERR" : raw.substring(1, space);
    String msg = space < 0 ? raw.substring(1) : raw.substring(space + 1);
    msg = msg.replaceAll("[\\r\\n]+$", "");
    return Convert.errorTable(code + " " + msg);
  }

  private static Varargs statusReply(Varargs a) {
    if (a.narg() != 1 || a.arg1().type() != LuaValue.TSTRING) {
      return Convert.errorTable("ERR wrong number or type of arguments");
    }
    return Convert.statusTable(a.arg1().tojstring());
  }
}
