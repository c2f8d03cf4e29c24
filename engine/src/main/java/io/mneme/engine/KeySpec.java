package io.mneme.engine;

/**
 * A Redis 7 key specification with a range of keys: the keys start at a fixed index, or (when
 * {@code keyword} is set) after the first argument equal to that keyword searched from index
 * {@code beginIndex} (Redis's "startfrom"), and run to {@code lastKey} (relative to the start;
 * negative counts from the end, with {@code limit} dividing what is left) every
 * {@code keyStep} arguments.
 */
public record KeySpec(String notes, String[] flags, int beginIndex, int lastKey, int keyStep,
    int limit, String keyword) {

  /**
   * Parses "flags|begin|lastkey,step,limit|notes", the compact form used by CommandDefs; begin
   * is an index, or "KEYWORD:startfrom" for a keyword search.
   */
  static KeySpec parse(String compact) {
    String[] parts = compact.split("\\|", 4);
    String[] range = parts[2].split(",");
    String keyword = null;
    String begin = parts[1];
    int colon = begin.indexOf(':');
    if (colon >= 0) {
      keyword = begin.substring(0, colon);
      begin = begin.substring(colon + 1);
    }
    return new KeySpec(parts.length > 3 ? parts[3] : null, parts[0].split(" "),
        Integer.parseInt(begin), Integer.parseInt(range[0]), Integer.parseInt(range[1]),
        Integer.parseInt(range[2]), keyword);
  }

  /**
   * The key positions in argv (Redis's getKeysUsingKeySpecs for this spec), or null when the
   * keyword is missing or the range falls outside argv.
   */
  int[] positions(byte[][] argv) {
    int argc = argv.length;
    int first = keyword == null ? beginIndex : afterKeyword(argv);
    if (first <= 0) {
      return null;
    }
    int last;
    if (lastKey >= 0) {
      last = first + lastKey;
    } else if (limit == 0) {
      last = argc + lastKey;
    } else {
      last = first + ((argc - first) / limit + lastKey);
    }
    if (last >= argc || last < first || first >= argc) {
      return null;
    }
    int[] keys = new int[(last - first) / keyStep + 1];
    for (int i = first, n = 0; i <= last; i += keyStep) {
      keys[n++] = i;
    }
    return keys;
  }

  /** Index after the keyword, searched forward (or backward for a negative start); 0 if none. */
  private int afterKeyword(byte[][] argv) {
    int argc = argv.length;
    int start = beginIndex > 0 ? beginIndex : argc + beginIndex;
    int end = beginIndex > 0 ? argc - 1 : 0;
    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
      if (i >= argc || i < 1) {
        break;
      }
      if (Parse.is(argv[i], keyword.toLowerCase(java.util.Locale.ROOT))) {
        return i + 1;
      }
    }
    return 0;
  }
}
