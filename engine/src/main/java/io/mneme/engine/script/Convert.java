package io.mneme.engine.script;

import io.mneme.engine.Reply;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Redis's conversions between replies and Lua values (script_lua.c): a command's reply becomes
 * a Lua value for redis.call, in the RESP2 or RESP3 shape the script chose with redis.setresp;
 * the script's result becomes the reply.
 */
final class Convert {
  /** Nesting a reply may have, as Redis's lua_checkstack bounds it. */
  static final int REPLY_DEPTH_MAX = 1000;
  static final String STACK_LIMIT = "ERR reached lua stack limit";

  private Convert() {}

  static LuaTable errorTable(String text) {
    LuaTable t = new LuaTable();
    t.rawset("err", LuaValue.valueOf(text));
    return t;
  }

  static LuaTable statusTable(String text) {
    LuaTable t = new LuaTable();
    t.rawset("ok", LuaValue.valueOf(text));
    return t;
  }

  /** A command's reply as redis.call returns it (an error reply becomes an {err=...} table). */
  static LuaValue toLua(Reply r, boolean resp3, ScriptHost host) {
    if (r instanceof Reply.Bulk b) {
      return LuaString.valueOf(b.bytes());
    } else if (r instanceof Reply.Int i) {
      return LuaValue.valueOf((double) i.value());
    } else if (r instanceof Reply.Simple s) {
      return statusTable(s.text());
    } else if (r instanceof Reply.Err e) {
      return errorTable(e.text());
    } else if (r instanceof Reply.Null) {
      return resp3 ? LuaValue.NIL : LuaValue.FALSE;
    } else if (r instanceof Reply.Arr a) {
      return array(a.items(), resp3, host);
    } else if (r instanceof Reply.Bool b) {
      return resp3 ? LuaValue.valueOf(b.value()) : LuaValue.valueOf(b.value() ? 1 : 0);
    } else if (r instanceof Reply.Dbl d) {
      return resp3 ? field("double", LuaValue.valueOf(d.value()))
          : LuaValue.valueOf(host.formatDouble(d.value()));
    } else if (r instanceof Reply.DblText d) {
      return resp3 ? field("double", LuaValue.valueOf(Double.parseDouble(d.text())))
          : LuaValue.valueOf(d.text());
    } else if (r instanceof Reply.Verbatim v) {
      if (!resp3) {
        return LuaString.valueOf(v.text());
      }
      LuaTable t = new LuaTable();
      t.rawset("format", LuaValue.valueOf(v.format()));
      t.rawset("string", LuaString.valueOf(v.text()));
      return field("verbatim_string", t);
    }
    return aggregate(r, resp3, host);
  }

  private static LuaValue aggregate(Reply r, boolean resp3, ScriptHost host) {
    if (r instanceof Reply.MapReply m) {
      return resp3 ? map(m.keysAndValues(), resp3, host) : array(m.keysAndValues(), false, host);
    } else if (r instanceof Reply.PairMap m) {
      return resp3 ? map(m.keysAndValues(), resp3, host) : pairs(m.keysAndValues(), false, host);
    } else if (r instanceof Reply.SetReply s) {
      if (!resp3) {
        return array(s.items(), false, host);
      }
      LuaTable set = new LuaTable();
      for (Reply item : s.items()) {
        set.rawset(toLua(item, true, host), LuaValue.TRUE);
      }
      return field("set", set);
    } else if (r instanceof Reply.Pairs p) {
      return resp3 ? pairs(p.flat(), true, host) : array(p.flat(), false, host);
    }
    throw new IllegalStateException("no Lua form for reply " + r);
  }

  private static LuaTable field(String name, LuaValue value) {
    LuaTable t = new LuaTable();
    t.rawset(name, value);
    return t;
  }

  private static LuaTable array(Reply[] items, boolean resp3, ScriptHost host) {
    LuaTable t = new LuaTable(items.length, 0);
    for (int i = 0; i < items.length; i++) {
      t.rawset(i + 1, toLua(items[i], resp3, host));
    }
    return t;
  }

  private static LuaTable pairs(Reply[] flat, boolean resp3, ScriptHost host) {
    LuaTable t = new LuaTable(flat.length / 2, 0);
    for (int i = 0; i < flat.length; i += 2) {
      t.rawset(i / 2 + 1, array(new Reply[] {flat[i], flat[i + 1]}, resp3, host));
    }
    return t;
  }

  private static LuaTable map(Reply[] kv, boolean resp3, ScriptHost host) {
    LuaTable m = new LuaTable();
    for (int i = 0; i < kv.length; i += 2) {
      m.rawset(toLua(kv[i], resp3, host), toLua(kv[i + 1], resp3, host));
    }
    return field("map", m);
  }

  /** The script's result as the reply (luaReplyToRedisReply). */
  static Reply toReply(LuaValue v, boolean resp3, int depth) {
    if (depth > REPLY_DEPTH_MAX) {
      return Reply.error(STACK_LIMIT);
    }
    switch (v.type()) {
      case LuaValue.TSTRING:
        return Reply.bulk(((LuaString) v.checkstring()).m_length == 0 ? new byte[0]
            : bytes(v.checkstring()));
      case LuaValue.TBOOLEAN:
        if (resp3) {
          return new Reply.Bool(v.toboolean());
        }
        return v.toboolean() ? Reply.ONE : Reply.NULL;
      case LuaValue.TNUMBER:
        return Reply.integer(truncate(v.todouble()));
      case LuaValue.TTABLE:
        return table((LuaTable) v, resp3, depth);
      default:
        return Reply.NULL;
    }
  }

  /** C's (long long) cast on x86-64: out of range and NaN give the smallest long. */
  static long truncate(double d) {
    if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) d;
  }

  static byte[] bytes(LuaString s) {
    byte[] b = new byte[s.m_length];
    System.arraycopy(s.m_bytes, s.m_offset, b, 0, b.length);
    return b;
  }

  private static Reply table(LuaTable t, boolean resp3, int depth) {
    LuaValue err = t.rawget("err");
    if (err.type() == LuaValue.TSTRING) {
      return Reply.error(oneLine(err.tojstring()));
    }
    LuaValue ok = t.rawget("ok");
    if (ok.type() == LuaValue.TSTRING) {
      return new Reply.Simple(oneLine(ok.tojstring()));
    }
    LuaValue dbl = t.rawget("double");
    if (dbl.type() == LuaValue.TNUMBER) {
      return new Reply.Dbl(dbl.todouble());
    }
    LuaValue verbatim = t.rawget("verbatim_string");
    if (verbatim.istable()) {
      LuaValue format = verbatim.rawget("format");
      LuaValue text = verbatim.rawget("string");
      if (format.isstring() && text.isstring()) {
        return new Reply.Verbatim(format.tojstring(), bytes(text.checkstring()));
      }
    }
    LuaValue map = t.rawget("map");
    if (map.istable()) {
      java.util.List<Reply> kv = new java.util.ArrayList<>();
      LuaTable m = (LuaTable) map;
      for (var n = m.next(LuaValue.NIL); !n.arg1().isnil(); n = m.next(n.arg1())) {
        kv.add(toReply(n.arg1(), resp3, depth + 1));
        kv.add(toReply(n.arg(2), resp3, depth + 1));
      }
      return new Reply.MapReply(kv.toArray(Reply[]::new));
    }
    LuaValue set = t.rawget("set");
    if (set.istable()) {
      java.util.List<Reply> items = new java.util.ArrayList<>();
      LuaTable s = (LuaTable) set;
      for (var n = s.next(LuaValue.NIL); !n.arg1().isnil(); n = s.next(n.arg1())) {
        items.add(toReply(n.arg1(), resp3, depth + 1));
      }
      return new Reply.SetReply(items.toArray(Reply[]::new));
    }
    java.util.List<Reply> items = new java.util.ArrayList<>();
    for (int j = 1; ; j++) {
      LuaValue item = t.rawget(j);
      if (item.isnil()) {
        break;
      }
      Reply r = toReply(item, resp3, depth + 1);
      if (r instanceof Reply.Err e && e.text().equals(STACK_LIMIT)) {
        return r;
      }
      items.add(r);
    }
    return new Reply.Arr(items.toArray(Reply[]::new));
  }

  /** Redis maps CR and LF to spaces in status and error texts it builds from a script. */
  static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  /** A Lua argument of redis.call as bytes: strings and numbers only, as Redis requires. */
  static byte[] argument(LuaValue v) {
    if (v.type() == LuaValue.TSTRING) {
      return bytes(v.checkstring());
    }
    if (v.type() == LuaValue.TNUMBER) {
      // Redis formats numbers with "%.17g"; integral ones print as integers
      double d = v.todouble();
      if (d == Math.rint(d) && Math.abs(d) < 1e17) {
        return Long.toString((long) d).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      }
      return g17(d).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    throw new LuaError("Lua redis lib command arguments must be strings or integers");
  }

  private static String g17(double d) {
    java.math.BigDecimal b = new java.math.BigDecimal(d).round(new java.math.MathContext(17));
    String s = b.stripTrailingZeros().toString();
    return s.replace("E", "e");
  }
}
