package io.mneme.engine.script;

import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** string.format with C's printf rules, as Lua 5.1 has it (luaj's ignores widths). */
final class LuaFormat {
  /** Lua 5.1's MAX_FORMAT guard: a conversion spec longer than this is refused. */
  private static final int SPEC_CHARS_MAX = 32;

  private LuaFormat() {}

  static LuaValue format(Varargs args) {
    String fmt = args.checkjstring(1);
    StringBuilder out = new StringBuilder();
    int arg = 1;
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (++i >= fmt.length()) {
        throw new LuaError("invalid option '%' to 'format'");
      }
      if (fmt.charAt(i) == '%') {
        out.append('%');
        continue;
      }
      int start = i;
      while (i < fmt.length() && "-+ #0123456789.".indexOf(fmt.charAt(i)) >= 0) {
        i++;
      }
      if (i >= fmt.length() || i - start > SPEC_CHARS_MAX) {
        throw new LuaError("invalid format (repeated flags)");
      }
      arg++;
      out.append(one(fmt.substring(start, i), fmt.charAt(i), args, arg));
    }
    return LuaString.valueOf(out.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  private static String one(String spec, char conv, Varargs args, int arg) {
    switch (conv) {
      case 'd', 'i', 'u' -> {
        return String.format(Locale.ROOT, "%" + noPrecision(spec) + "d", integer(args, arg));
      }
      case 'c' -> {
        return String.valueOf((char) (integer(args, arg) & 0xff));
      }
      case 'o', 'x', 'X' -> {
        return String.format(Locale.ROOT, "%" + noPrecision(spec) + conv, integer(args, arg));
      }
      case 'e', 'E', 'f' -> {
        return String.format(Locale.ROOT, "%" + spec + conv, args.checkdouble(arg));
      }
      case 'g', 'G' -> {
        return pad(g(spec, args.checkdouble(arg), conv == 'G'), spec);
      }
      case 'q' -> {
        return quoted(args.checkjstring(arg));
      }
      case 's' -> {
        String s = args.arg(arg).isnil() && args.narg() < arg
            ? null : args.arg(arg).tojstring();
        if (s == null) {
          throw new LuaError("bad argument #" + arg + " to 'format' (string expected, got no"
              + " value)");
        }
        return String.format(Locale.ROOT, "%" + spec + "s", s);
      }
      default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
    }
  }

  private static long integer(Varargs args, int arg) {
    return (long) args.checkdouble(arg);
  }

  private static String noPrecision(String spec) {
    int dot = spec.indexOf('.');
    return dot < 0 ? spec : spec.substring(0, dot);
  }

  /** C's %g: %e or %f by the exponent, trailing zeros dropped unless '#'. */
  private static String g(String spec, double d, boolean upper) {
    int dot = spec.indexOf('.');
    int precision = dot < 0 ? 6 : dot + 1 == spec.length() ? 0
        : Integer.parseInt(spec.substring(dot + 1));
    precision = Math.max(precision, 1);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      String s = Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
      return upper ? s.toUpperCase(Locale.ROOT) : s;
    }
    String flags = (dot < 0 ? spec : spec.substring(0, dot)).replaceAll("[0-9]", "");
    String e = String.format(Locale.ROOT, "%." + (precision - 1) + "e", d);
    int exponent = Integer.parseInt(e.substring(e.indexOf('e') + 1));
    String s;
    if (exponent < -4 || exponent >= precision) {
      s = e;
      if (!flags.contains("#")) {
        s = s.replaceAll("\\.?0+e", "e");
      }
    } else {
      s = String.format(Locale.ROOT, "%." + (precision - 1 - exponent) + "f", d);
      if (!flags.contains("#") && s.contains(".")) {
        s = s.replaceAll("\\.?0+$", "");
      }
    }
    if (flags.contains("+") && d >= 0) {
      s = "+" + s;
    } else if (flags.contains(" ") && d >= 0) {
      s = " " + s;
    }
    return upper ? s.toUpperCase(Locale.ROOT) : s;
  }

  private static String pad(String s, String spec) {
    int dot = spec.indexOf('.');
    String head = dot < 0 ? spec : spec.substring(0, dot);
    String digits = head.replaceAll("[^0-9]", "").replaceFirst("^0+", "");
    int width = digits.isEmpty() ? 0 : Integer.parseInt(digits);
    if (s.length() >= width) {
      return s;
    }
    String fill = " ".repeat(width - s.length());
    if (head.contains("-")) {
      return s + fill;
    }
    if (head.replaceAll("[1-9][0-9]*", "").contains("0")) {
      boolean sign = s.startsWith("-") || s.startsWith("+") || s.startsWith(" ");
      String zeros = "0".repeat(width - s.length());
      return sign ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
    }
    return fill + s;
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\\n");
        case '\r' -> sb.append("\\r");
        case '\0' -> sb.append("\\000");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
