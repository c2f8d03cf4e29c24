package io.mneme.resp.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments with the quoting rules of Redis's sdssplitargs:
 * "double quotes" understand {@code \n \r \t \b \a \xHH} and a backslash before any other
 * character; 'single quotes' understand only {@code \'}. A closing quote must be followed by a
 * blank or the end of the line. Like the C original, the line ends at its first NUL byte.
 */
final class InlineSplitter {

  private static final byte[][] NO_ARGS = new byte[0][];

  private final byte[] line;
  private final int end;
  private int pos;

  private InlineSplitter(byte[] line) {
    this.line = line;
    this.end = nulOrLength(line);
  }

  /** Returns the arguments, or null when quotes are unbalanced. */
  static byte[][] split(byte[] line) {
    return new InlineSplitter(line).splitAll();
  }

  private static int nulOrLength(byte[] line) {
    for (int i = 0; i < line.length; i++) {
      if (line[i] == 0) {
        return i;
      }
    }
    return line.length;
  }

  /** The byte at {@code i}, or 0 past the end, as reading the C string would give. */
  private int at(int i) {
    return i < end ? line[i] & 0xFF : 0;
  }

  private byte[][] splitAll() {
    List<byte[]> args = null;
    while (true) {
      while (pos < end && isSpace(at(pos))) {
        pos++;
      }
      if (pos >= end) {
        return args == null ? NO_ARGS : args.toArray(NO_ARGS);
      }
      byte[] token = token();
      if (token == null) {
        return null;
      }
      if (args == null) {
        args = new ArrayList<>();
      }
      args.add(token);
    }
  }

  /** Reads one token starting at a non-blank; null on unbalanced quotes. */
  private byte[] token() {
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    boolean inDouble = false;
    boolean inSingle = false;
    while (true) {
      int c = at(pos);
      if (inDouble) {
        if (c == 0) {
          return null;
        }
        if (c == '"') {
          return closeQuote(current);
        }
        pos = doubleQuoted(current, pos);
      } else if (inSingle) {
        if (c == 0) {
          return null;
        }
        if (c == '\'') {
          return closeQuote(current);
        }
        pos = singleQuoted(current, pos);
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0) {
        if (c != 0) {
          pos++;
        }
        return current.toByteArray();
      } else if (c == '"') {
        inDouble = true;
        pos++;
      } else if (c == '\'') {
        inSingle = true;
        pos++;
      } else {
        current.write(c);
        pos++;
      }
    }
  }

  /** At a closing quote: it must be followed by a blank or the end. */
  private byte[] closeQuote(ByteArrayOutputStream current) {
    int next = at(pos + 1);
    if (next != 0 && !isSpace(next)) {
      return null;
    }
    pos++; // past the quote; the blank after it is skipped between tokens
    return current.toByteArray();
  }

  /** Appends one (possibly escaped) character of a double-quoted string; returns the next pos. */
  private int doubleQuoted(ByteArrayOutputStream current, int p) {
    if (at(p) == '\\' && at(p + 1) == 'x' && isHex(at(p + 2)) && isHex(at(p + 3))) {
      current.write(hex(at(p + 2)) * 16 + hex(at(p + 3)));
      return p + 4;
    }
    if (at(p) == '\\' && at(p + 1) != 0) {
      current.write(unescape(at(p + 1)));
      return p + 2;
    }
    current.write(at(p));
    return p + 1;
  }

  private int singleQuoted(ByteArrayOutputStream current, int p) {
    if (at(p) == '\\' && at(p + 1) == '\'') {
      current.write('\'');
      return p + 2;
    }
    current.write(at(p));
    return p + 1;
  }

  private static int unescape(int c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> c;
    };
  }

  /** C's isspace in the "C" locale. */
  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hex(int c) {
    if (c <= '9') {
      return c - '0';
    }
    return (c | 0x20) - 'a' + 10;
  }
}
