package io.mneme.engine.script;

import java.math.BigDecimal;
import java.math.MathContext;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/** The cjson library Redis ships (lua-cjson 2.1): encode, decode and the null sentinel. */
final class CJson {
  /** lua-cjson's default encode_max_depth and decode_max_depth. */
  static final int DEPTH_MAX = 1000;
  /** lua-cjson's encode_sparse_array defaults: ratio 2, always safe up to index 10. */
  private static final int SPARSE_RATIO = 2;
  private static final int SPARSE_SAFE = 10;
  /** Lua 5.1 prints numbers with "%.14g"; cjson's encode_number_precision defaults to 14. */
  private static final int NUMBER_DIGITS = 14;
  static final LuaValue NULL = new LuaUserdata(new Object());

  private CJson() {}

  /** cjson raises with luaL_error: the message gets the caller's position. */
  private static LuaError fail(String message) {
    return new Libraries.PositionedError(message);
  }

  static LuaTable create() {
    LuaTable t = new ReadOnlyTable();
    t.rawset("encode", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue v) {
        StringBuilder sb = new StringBuilder();
        encode(v, sb, 1);
        return LuaString.valueOf(latin1(sb));
      }
    });
    t.rawset("decode", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue v) {
        return new Decoder(v.checkstring().m_bytes, v.checkstring().m_offset,
            v.checkstring().m_length).document();
      }
    });
    t.rawset("null", NULL);
    t.rawset("_NAME", LuaValue.valueOf("cjson"));
    t.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
    VarArgFunction setting = new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return args; // the settings keep their defaults; scripts may read them back
      }
    };
    for (String s : new String[] {"encode_keep_buffer", "encode_max_depth", "decode_max_depth",
        "encode_number_precision", "encode_invalid_numbers", "decode_invalid_numbers",
        "encode_sparse_array"}) {
      t.rawset(s, setting);
    }
    return t;
  }

  private static byte[] latin1(StringBuilder sb) {
    byte[] b = new byte[sb.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) sb.charAt(i);
    }
    return b;
  }

  private static void encode(LuaValue v, StringBuilder sb, int depth) {
    switch (v.type()) {
      case LuaValue.TNIL -> sb.append("null");
      case LuaValue.TBOOLEAN -> sb.append(v.toboolean() ? "true" : "false");
      case LuaValue.TNUMBER -> sb.append(number(v.todouble()));
      case LuaValue.TSTRING -> string(v.checkstring(), sb);
      case LuaValue.TTABLE -> table((LuaTable) v, sb, depth);
      default -> {
        if (v == NULL) {
          sb.append("null");
        } else {
          throw fail("Cannot serialise " + v.typename()
              + ": type not supported");
        }
      }
    }
  }

  private static void table(LuaTable t, StringBuilder sb, int depth) {
    if (depth > DEPTH_MAX) {
      throw fail("Cannot serialise, excessive nesting (" + depth + ")");
    }
    int length = arrayLength(t);
    if (length > 0) {
      sb.append('[');
      for (int i = 1; i <= length; i++) {
        sb.append(i == 1 ? "" : ",");
        encode(t.rawget(i), sb, depth + 1);
      }
      sb.append(']');
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Varargs n = t.next(LuaValue.NIL); !n.arg1().isnil(); n = t.next(n.arg1())) {
      LuaValue k = n.arg1();
      sb.append(first ? "" : ",");
      first = false;
      if (k.type() == LuaValue.TSTRING) {
        string(k.checkstring(), sb);
      } else if (k.type() == LuaValue.TNUMBER) {
        sb.append('"').append(number(k.todouble())).append('"');
      } else {
        throw fail("Cannot serialise table: table key must be a number or"
            + " string");
      }
      sb.append(':');
      encode(n.arg(2), sb, depth + 1);
    }
    sb.append('}');
  }

  /** lua-cjson's lua_array_length: the array size, 0 for an object, an error when too sparse. */
  private static int arrayLength(LuaTable t) {
    int max = 0;
    int items = 0;
    for (Varargs n = t.next(LuaValue.NIL); !n.arg1().isnil(); n = t.next(n.arg1())) {
      LuaValue k = n.arg1();
      double d = k.type() == LuaValue.TNUMBER ? k.todouble() : 0;
      if (d < 1 || d != Math.floor(d) || d > Integer.MAX_VALUE) {
        return 0;
      }
      max = Math.max(max, (int) d);
      items++;
    }
    if (max > SPARSE_SAFE && max > items * SPARSE_RATIO) {
      throw fail("Cannot serialise table: excessively sparse array");
    }
    return max;
  }

  private static void string(LuaString s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.m_length; i++) {
      int c = s.m_bytes[s.m_offset + i] & 0xff;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '/' -> sb.append("\\/");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", c));
          } else {
            sb.append((char) c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** C's "%.14g", as Lua 5.1 and lua-cjson print numbers. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw fail("Cannot serialise number: must not be NaN or Inf");
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal b = new BigDecimal(d).round(new MathContext(NUMBER_DIGITS));
    int exponent = b.precision() - b.scale() - 1;
    if (exponent < -4 || exponent >= NUMBER_DIGITS) {
      String digits = b.unscaledValue().abs().toString().replaceAll("0+$", "");
      String mantissa = digits.length() == 1 ? digits
          : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exponent));
      return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
    }
    String plain = b.stripTrailingZeros().toPlainString();
    return plain;
  }

  /** A JSON document to Lua values (objects and arrays as tables, null as cjson.null). */
  private static final class Decoder {
    private final byte[] b;
    private final int end;
    private int i;
    private final int start;

    Decoder(byte[] bytes, int offset, int length) {
      this.b = bytes;
      this.i = offset;
      this.start = offset;
      this.end = offset + length;
    }

    LuaValue document() {
      LuaValue v = value(1);
      skip();
      if (i < end) {
        throw error("the end", "invalid token");
      }
      return v;
    }

    private LuaError error(String expected, String found) {
      return fail("Expected " + expected + " but found " + found
          + " at character " + (i - start + 1));
    }

    private void skip() {
      while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
        i++;
      }
    }

    private LuaValue value(int depth) {
      skip();
      if (i >= end) {
        throw error("value", "T_END");
      }
      if (depth > DEPTH_MAX) {
        throw fail("Found too many nested data structures (" + depth
            + ") at character " + (i - start + 1));
      }
      byte c = b[i];
      if (c == '{') {
        return object(depth);
      } else if (c == '[') {
        return array(depth);
      } else if (c == '"') {
        return LuaString.valueOf(string());
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        return numberValue();
      }
      return literal();
    }

    private LuaValue literal() {
      for (String word : new String[] {"true", "false", "null"}) {
        if (matches(word)) {
          i += word.length();
          return word.equals("null") ? NULL : LuaValue.valueOf(word.equals("true"));
        }
      }
      throw error("value", "invalid token");
    }

    private boolean matches(String word) {
      if (i + word.length() > end) {
        return false;
      }
      for (int k = 0; k < word.length(); k++) {
        if (b[i + k] != word.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    private LuaValue numberValue() {
      int from = i;
      while (i < end && "+-0123456789.eE".indexOf(b[i]) >= 0) {
        i++;
      }
      try {
        return LuaValue.valueOf(Double.parseDouble(new String(b, from, i - from,
            java.nio.charset.StandardCharsets.ISO_8859_1)));
      } catch (NumberFormatException e) {
        i = from;
        throw error("value", "invalid number");
      }
    }

    private LuaValue object(int depth) {
      LuaTable t = new LuaTable();
      i++;
      skip();
      if (i < end && b[i] == '}') {
        i++;
        return t;
      }
      while (true) {
        skip();
        if (i >= end || b[i] != '"') {
          throw error("object key string", "invalid token");
        }
        LuaString key = LuaString.valueOf(string());
        skip();
        if (i >= end || b[i] != ':') {
          throw error("colon", "invalid token");
        }
        i++;
        t.rawset(key, value(depth + 1));
        skip();
        if (i < end && b[i] == ',') {
          i++;
        } else if (i < end && b[i] == '}') {
          i++;
          return t;
        } else {
          throw error("comma or object end", "invalid token");
        }
      }
    }

    private LuaValue array(int depth) {
      LuaTable t = new LuaTable();
      i++;
      skip();
      if (i < end && b[i] == ']') {
        i++;
        return t;
      }
      for (int n = 1; ; n++) {
        t.rawset(n, value(depth + 1));
        skip();
        if (i < end && b[i] == ',') {
          i++;
        } else if (i < end && b[i] == ']') {
          i++;
          return t;
        } else {
          throw error("comma or array end", "invalid token");
        }
      }
    }

    private byte[] string() {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      i++;
      while (i < end && b[i] != '"') {
        byte c = b[i++];
        if (c != '\\') {
          out.write(c);
          continue;
        }
        if (i >= end) {
          break;
        }
        byte e = b[i++];
        switch (e) {
          case 'b' -> out.write('\b');
          case 'f' -> out.write('\f');
          case 'n' -> out.write('\n');
          case 'r' -> out.write('\r');
          case 't' -> out.write('\t');
          case 'u' -> unicode(out);
          default -> out.write(e);
        }
      }
      if (i >= end) {
        throw error("string end", "T_END");
      }
      i++;
      return out.toByteArray();
    }

    private void unicode(java.io.ByteArrayOutputStream out) {
      if (i + 4 > end) {
        throw error("unicode escape", "invalid token");
      }
      int cp = Integer.parseInt(new String(b, i, 4, java.nio.charset.StandardCharsets.ISO_8859_1),
          16);
      i += 4;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 6 <= end && b[i] == '\\' && b[i + 1] == 'u') {
        int low = Integer.parseInt(new String(b, i + 2, 4,
            java.nio.charset.StandardCharsets.ISO_8859_1), 16);
        i += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      }
      byte[] utf8 = new String(Character.toChars(cp)).getBytes(
          java.nio.charset.StandardCharsets.UTF_8);
      out.write(utf8, 0, utf8.length);
    }
  }
}
