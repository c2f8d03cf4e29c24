package io.mneme.engine.script;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** FUNCTION LOAD's parts: the "#!lua name=lib" header and redis.register_function. */
final class Functions {
  /** The flags a function may declare (Redis 7.0's scripts flags). */
  static final List<String> FLAGS = List.of("no-writes", "allow-oom", "allow-stale",
      "no-cluster", "allow-cross-slot-keys");

  private Functions() {}

  /** A parsed shebang line: the library name (null for EVAL), the flags, where the body starts. */
  record Header(String name, List<String> flags, int bodyStart) {}

  /**
   * Parses "#!lua name=lib" (FUNCTION LOAD, name required) or "#!lua flags=..." (EVAL, no name
   * allowed); throws ScriptError with Redis's message.
   */
  static Header header(byte[] code, boolean library) {
    int eol = 0;
    while (eol < code.length && code[eol] != '\n') {
      eol++;
    }
    String line = new String(code, 0, eol, java.nio.charset.StandardCharsets.UTF_8);
    if (!line.startsWith("#!")) {
      throw new ScriptError(library ? "ERR Missing library metadata" : null);
    }
    String[] parts = line.substring(2).split(" ");
    String engine = parts[0];
    if (!engine.equals("lua")) {
      throw new ScriptError(library ? "ERR Engine '" + engine + "' not found"
          : "ERR Unexpected engine in script shebang: #!" + engine);
    }
    String name = null;
    List<String> flags = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      if (library && p.startsWith("name=")) {
        name = p.substring("name=".length());
      } else if (!library && p.startsWith("flags=")) {
        for (String f : p.substring("flags=".length()).split(",")) {
          if (f.isEmpty()) {
            continue;
          }
          if (!FLAGS.contains(f)) {
            throw new ScriptError("ERR Unexpected flag in script shebang: " + f);
          }
          flags.add(f);
        }
      } else if (!p.isEmpty()) {
        throw new ScriptError(library ? "ERR Invalid metadata value given: " + p
            : "ERR Unknown lua shebang option: " + p);
      }
    }
    if (library && name == null) {
      throw new ScriptError("ERR Library name was not given");
    }
    if (library && !validName(name)) {
      throw new ScriptError("ERR Library names can only contain letters, numbers,"
          + " or underscores(_) and must be at least one character long");
    }
    return new Header(name, flags, eol);
  }

  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')
          && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** redis.register_function(name, callback) or redis.register_function{...}. */
  static void register(Run run, Varargs a) {
    if (!run.loading) {
      throw RedisApi.raise("redis.register_function can only be called on FUNCTION LOAD"
          + " command");
    }
    Scripts.Function f = a.narg() == 1 && a.arg1().istable() ? named((LuaTable) a.arg1())
        : positional(a);
    if (!validName(f.name())) {
      // Redis 7.0.15 reports a bad function name with the library-name message
      throw RedisApi.raise("Library names can only contain letters, numbers, or underscores(_)"
          + " and must be at least one character long");
    }
    if (run.registered.containsKey(f.name())) {
      throw RedisApi.raise("Function already exists in the library");
    }
    run.registered.put(f.name(), f);
  }

  private static Scripts.Function positional(Varargs a) {
    if (a.narg() != 2) {
      throw RedisApi.raise("wrong number of arguments to redis.register_function");
    }
    if (!a.arg1().isstring()) {
      throw RedisApi.raise("first argument to redis.register_function must be a string");
    }
    if (!a.arg(2).isfunction()) {
      throw RedisApi.raise("second argument to redis.register_function must be a function");
    }
    return new Scripts.Function(a.arg1().tojstring(), null, List.of(), a.arg(2));
  }

  private static Scripts.Function named(LuaTable t) {
    String name = null;
    String description = null;
    LuaValue callback = null;
    List<String> flags = new ArrayList<>();
    for (Varargs n = t.next(LuaValue.NIL); !n.arg1().isnil(); n = t.next(n.arg1())) {
      if (!n.arg1().isstring()) {
        throw RedisApi.raise("named argument key given to redis.register_function is not a"
            + " string");
      }
      String key = n.arg1().tojstring();
      LuaValue v = n.arg(2);
      switch (key) {
        case "function_name" -> name = string(v, "function_name");
        case "description" -> description = string(v, "description");
        case "callback" -> {
          if (!v.isfunction()) {
            throw RedisApi.raise("callback argument given to redis.register_function must be a"
                + " function");
          }
          callback = v;
        }
        case "flags" -> flags = flags(v);
        default -> throw RedisApi.raise("unknown argument given to redis.register_function");
      }
    }
    if (name == null) {
      throw RedisApi.raise("redis.register_function must get a function name argument");
    }
    if (callback == null) {
      throw RedisApi.raise("redis.register_function must get a callback argument");
    }
    return new Scripts.Function(name, description, List.copyOf(flags), callback);
  }

  private static String string(LuaValue v, String what) {
    if (v.type() != LuaValue.TSTRING) {
      throw RedisApi.raise(what + " argument given to redis.register_function must be a string");
    }
    return v.tojstring();
  }

  private static List<String> flags(LuaValue v) {
    if (!v.istable()) {
      throw RedisApi.raise("flags argument to redis.register_function must be a table"
          + " representing function flags");
    }
    List<String> flags = new ArrayList<>();
    for (int i = 1; !v.rawget(i).isnil(); i++) {
      String flag = v.rawget(i).tojstring();
      if (!FLAGS.contains(flag)) {
        throw RedisApi.raise("unknown flag given");
      }
      flags.add(flag);
    }
    return flags;
  }
}
