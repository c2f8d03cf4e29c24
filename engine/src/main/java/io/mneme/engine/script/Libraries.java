package io.mneme.engine.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The library tables every run shares, built once and read-only: string, table, bit, cjson, and
 * the metatable of the globals that refuses unknown names. luaj keeps the string metatable in a
 * static field, so it too is set once here, to a read-only table.
 */
final class Libraries {
  /** The longest string string.rep may build: Redis's proto-max-bulk-len. */
  static final long STRING_BYTES_MAX = 512L * 1024 * 1024;
  static final LuaTable STRING;
  static final LuaTable TABLE;
  static final LuaTable BIT = ((ReadOnlyTable) LuaBit.create()).seal();
  static final LuaTable CJSON = ((ReadOnlyTable) CJson.create()).seal();
  static final LuaTable GLOBALS_META;
  private static final java.util.regex.Pattern LUAJ_POSITION =
      java.util.regex.Pattern.compile("^@?([^:\\s]+):(\\d+) (.*)$", java.util.regex.Pattern.DOTALL);

  static {
    Globals g = new Globals();
    g.load(new BaseLib());
    g.load(new PackageLib());
    g.load(new StringLib());
    g.load(new TableLib());
    STRING = copy((LuaTable) g.get("string"));
    TABLE = copy((LuaTable) g.get("table"));
    STRING.rawset("format", Libraries.varargs(a -> LuaFormat.format(a)));
    LuaValue rep = STRING.rawget("rep");
    STRING.rawset("rep", Libraries.varargs(a -> {
      // One call could otherwise take the heap of every replica at once.
      if ((long) a.checkstring(1).length() * Math.max(0, a.checkint(2)) > STRING_BYTES_MAX) {
        throw new PositionedError("resulting string too large");
      }
      return rep.invoke(a);
    }));
    TABLE.rawset("getn", Run.fn(t -> LuaValue.valueOf(t.checktable().length())));
    TABLE.rawset("maxn", Run.fn(Libraries::maxn));
    ((ReadOnlyTable) STRING).seal();
    ((ReadOnlyTable) TABLE).seal();
    ReadOnlyTable stringMeta = new ReadOnlyTable();
    stringMeta.rawset(LuaValue.INDEX, STRING);
    LuaString.s_metatable = stringMeta.seal();
    ReadOnlyTable meta = new ReadOnlyTable();
    meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
      @Override
      public LuaValue call(LuaValue table, LuaValue key) {
        throw new LuaError("Script attempted to access nonexistent global variable '"
            + key.tojstring() + "'");
      }
    });
    GLOBALS_META = meta.seal();
  }

  private Libraries() {}

  private static LuaTable copy(LuaTable from) {
    ReadOnlyTable to = new ReadOnlyTable();
    for (Varargs n = from.next(LuaValue.NIL); !n.arg1().isnil(); n = from.next(n.arg1())) {
      to.rawset(n.arg1(), n.arg(2));
    }
    return to;
  }

  private static LuaValue maxn(LuaValue t) {
    double max = 0;
    LuaTable table = t.checktable();
    for (Varargs n = table.next(LuaValue.NIL); !n.arg1().isnil(); n = table.next(n.arg1())) {
      if (n.arg1().type() == LuaValue.TNUMBER) {
        max = Math.max(max, n.arg1().todouble());
      }
    }
    return LuaValue.valueOf(max);
  }

  /** A Lua array of strings (KEYS, ARGV, a function's keys and args). */
  static LuaTable strings(byte[][] items) {
    LuaTable t = new LuaTable(items.length, 0);
    for (int i = 0; i < items.length; i++) {
      t.rawset(i + 1, LuaString.valueOf(items[i]));
    }
    return t;
  }

  /**
   * An error a library function raises as Lua's luaL_error does: the message gets the position
   * of the Lua code that called the function ("user_script:1: ...") when it is caught.
   */
  static final class PositionedError extends LuaError {
    final String text;

    PositionedError(String text) {
      super(text);
      this.text = text;
    }
  }

  /** The error's value as Lua 5.1 would show it: luaj's "@src:3 msg" becomes "src:3: msg". */
  static LuaValue messageOf(LuaError e, RunMonitor monitor) {
    if (e instanceof PositionedError p) {
      return LuaValue.valueOf(monitor.where(1) + p.text);
    }
    LuaValue m = e.getMessageObject();
    if (m == null) {
      return LuaValue.NIL;
    }
    return m.type() == LuaValue.TSTRING ? LuaValue.valueOf(normalize(m.tojstring())) : m;
  }

  /** luaj's compiler names tokens by code; Lua 5.1 says "unexpected symbol near '<eof>'". */
  private static final java.util.regex.Pattern LUAJ_TOKEN =
      java.util.regex.Pattern.compile("unexpected symbol (\\d+) \\(.\\)");
  private static final String[] TOKENS = {"and", "break", "do", "else", "elseif", "end",
      "false", "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
      "return", "then", "true", "until", "while", "..", "...", "==", ">=", "<=", "~=", "::",
      "<eof>", "<number>", "<name>", "<string>"};
  private static final int FIRST_RESERVED = 257;

  static String normalize(String message) {
    if (message == null) {
      return "nil";
    }
    String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    java.util.regex.Matcher t = LUAJ_TOKEN.matcher(m);
    if (t.find()) {
      int code = Integer.parseInt(t.group(1));
      String token = code >= FIRST_RESERVED && code - FIRST_RESERVED < TOKENS.length
          ? TOKENS[code - FIRST_RESERVED] : String.valueOf((char) code);
      m = m.substring(0, t.start()) + "unexpected symbol near '" + token + "'"
          + m.substring(t.end());
    }
    java.util.regex.Matcher x = LUAJ_POSITION.matcher(m);
    return x.matches() ? x.group(1) + ":" + x.group(2) + ": " + x.group(3) : m;
  }

  static VarArgFunction varargs(java.util.function.Function<Varargs, Varargs> f) {
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return f.apply(args);
      }
    };
  }
}
