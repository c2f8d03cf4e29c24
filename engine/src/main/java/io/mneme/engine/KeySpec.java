package io.mneme.engine;

import java.util.Locale;

/**
 * A Redis 7 key specification. The search for the first key begins at a fixed index, or (when
 * {@code keyword} is set) right after the first argument equal to that keyword, searched from
 * index {@code beginIndex} (Redis's "startfrom": forward when positive, backward from the end
 * when negative). From there a range spec's keys run to {@code lastKey} (relative to the start;
 * negative counts from the end, with {@code limit} dividing what is left) every
 * {@code keyStep} arguments; a keynum spec ({@code keynumIdx >= 0}, ZUNIONSTORE, LMPOP...) reads
 * the number of keys {@code keynumIdx} after the start, and its keys begin {@code firstKey}
 * after the start, every {@code keyStep} arguments.
 */
public record KeySpec(String notes, String[] flags, int beginIndex, int lastKey, int keyStep,
    int limit, int keynumIdx, int firstKey, String keyword, boolean unknown) {

  /** The compact form's begin and find parts of a spec of unknown keys. */
  private static final String UNKNOWN = "unknown";
  /** The prefix of a keynum spec's find-keys part in the compact form. */
  private static final String KEYNUM = "keynum ";

  /**
   * Parses "flags|begin|find|notes", the compact form used by CommandDefs. begin is an index,
   * or "KEYWORD:startfrom" for a keyword search; find is "lastkey,step,limit" for a range, or
   * "keynum keynumidx,firstkey,step". "unknown|unknown" is a spec whose keys derive from the
   * arguments in a way only the command knows (SORT's BY, GET and STORE).
   */
  static KeySpec parse(String compact) {
    String[] parts = compact.split("\\|", 4);
    String notes = parts.length > 3 ? parts[3] : null;
    String[] flags = parts[0].split(" ");
    String begin = parts[1];
    if (begin.equals(UNKNOWN)) {
      return new KeySpec(notes, flags, 0, 0, 0, 0, -1, 0, null, true);
    }
    String keyword = null;
    int colon = begin.indexOf(':');
    if (colon >= 0) {
      keyword = begin.substring(0, colon);
      begin = begin.substring(colon + 1);
    }
    int start = Integer.parseInt(begin);
    if (parts[2].startsWith(KEYNUM)) {
      String[] k = parts[2].substring(KEYNUM.length()).split(",");
      return new KeySpec(notes, flags, start, 0, Integer.parseInt(k[2]), 0,
          Integer.parseInt(k[0]), Integer.parseInt(k[1]), keyword, false);
    }
    String[] range = parts[2].split(",");
    return new KeySpec(notes, flags, start, Integer.parseInt(range[0]),
        Integer.parseInt(range[1]), Integer.parseInt(range[2]), -1, 0, keyword, false);
  }

  /** True for a keynum spec, whose keys move with the argument that counts them. */
  public boolean keynum() {
    return keynumIdx >= 0;
  }

  /** True for the only kind Redis's legacy (first, last, step) triple describes. */
  public boolean indexRange() {
    return keyword == null && !keynum() && !unknown;
  }

  /**
   * The key positions this spec finds in argv (Redis's getKeysUsingKeySpecs for one spec): an
   * empty array when a keyword is absent, null when the spec does not fit argv (a bad key count,
   * a keyword with nothing after it).
   */
  int[] positions(byte[][] argv) {
    if (unknown) {
      return new int[0]; // the command's own key finder names them
    }
    int argc = argv.length;
    int first = beginIndex;
    if (keyword != null) {
      first = afterKeyword(argv);
      if (first == 0) {
        return new int[0];
      }
    }
    long last;
    if (keynum()) {
      Long n = first + keynumIdx < argc ? Parse.parseLong(argv[first + keynumIdx]) : null;
      if (n == null || n < 0) {
        return null;
      }
      first += firstKey;
      last = first + n - 1;
    } else if (lastKey >= 0) {
      last = first + lastKey;
    } else if (limit == 0) {
      last = argc + lastKey;
    } else {
      last = first + ((argc - first) / limit + lastKey);
    }
    // Redis: a first or last key out of bounds is a syntax error; the command reports it
    if (last >= argc || last < first || first >= argc) {
      return null;
    }
    int[] keys = new int[(int) ((last - first) / keyStep + 1)];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = first + i * keyStep;
    }
    return keys;
  }

  /** The index after the keyword (Redis's keyword search), 0 when it is not there. */
  private int afterKeyword(byte[][] argv) {
    int argc = argv.length;
    int start = beginIndex > 0 ? beginIndex : argc + beginIndex;
    int end = beginIndex > 0 ? argc - 1 : 0;
    String lower = keyword.toLowerCase(Locale.ROOT);
    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
      if (i >= argc || i < 1) {
        break;
      }
      if (Parse.is(argv[i], lower)) {
        return i + 1;
      }
    }
    return 0;
  }
}
