package io.mneme.engine;

/**
 * Redis's glob matching (util.c stringmatchlen): '*', '?', '[...]' with ranges, '^' negation and
 * '\' escapes. Bytes compare as C's signed chars, as Redis does on x86.
 */
public final class Glob {
  /** Redis stops recursing past this depth and reports no match (abusive patterns). */
  private static final int NESTING_MAX = 1000;

  private final byte[] pat;
  private final byte[] str;
  private boolean skipLongerMatches;

  private Glob(byte[] pat, byte[] str) {
    this.pat = pat;
    this.str = str;
  }

  public static boolean match(byte[] pattern, byte[] string) {
    return new Glob(pattern, string).match(0, pattern.length, 0, string.length, 0);
  }

  /** True when the pattern is just "*", so callers can skip matching. */
  static boolean matchesAll(byte[] pattern) {
    return pattern.length == 1 && pattern[0] == '*';
  }

  /** The byte at i, or 0 past the end (C reads the terminating NUL there). */
  private int p(int i) {
    return i < pat.length ? pat[i] : 0;
  }

  private boolean match(int p, int pl, int s, int sl, int nesting) {
    if (nesting > NESTING_MAX) {
      return false;
    }
    while (pl > 0 && sl > 0) {
      int c = p(p);
      if (c == '*') {
        while (pl > 0 && p(p + 1) == '*') {
          p++;
          pl--;
        }
        if (pl == 1) {
          return true;
        }
        while (sl > 0) {
          if (match(p + 1, pl - 1, s, sl, nesting + 1)) {
            return true;
          }
          if (skipLongerMatches) {
            return false;
          }
          s++;
          sl--;
        }
        skipLongerMatches = true;
        return false;
      } else if (c == '?') {
        s++;
        sl--;
      } else if (c == '[') {
        int[] pos = {p, pl};
        if (!matchClass(pos, str[s])) {
          return false;
        }
        p = pos[0];
        pl = pos[1];
        s++;
        sl--;
      } else {
        if (c == '\\' && pl >= 2) {
          p++;
          pl--;
        }
        if (p(p) != str[s]) {
          return false;
        }
        s++;
        sl--;
      }
      p++;
      pl--;
      if (sl == 0) {
        while (p(p) == '*') {
          p++;
          pl--;
        }
        break;
      }
    }
    return pl == 0 && sl == 0;
  }

  /** Matches one '[...]' class at pos[0]; leaves pos at its closing ']' like the C code. */
  private boolean matchClass(int[] pos, int ch) {
    int p = pos[0] + 1;
    int pl = pos[1] - 1;
    boolean not = p(p) == '^';
    if (not) {
      p++;
      pl--;
    }
    boolean match = false;
    while (true) {
      if (p(p) == '\\' && pl >= 2) {
        p++;
        pl--;
        if (p(p) == ch) {
          match = true;
        }
      } else if (p(p) == ']') {
        break;
      } else if (pl == 0) {
        p--;
        pl++;
        break;
      } else if (pl >= 3 && p(p + 1) == '-') {
        int start = p(p);
        int end = p(p + 2);
        if (start > end) {
          int t = start;
          start = end;
          end = t;
        }
        p += 2;
        pl -= 2;
        if (ch >= start && ch <= end) {
          match = true;
        }
      } else if (p(p) == ch) {
        match = true;
      }
      p++;
      pl--;
    }
    pos[0] = p;
    pos[1] = pl;
    return not != match;
  }
}
