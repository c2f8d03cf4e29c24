package io.mneme.engine;

/**
 * A Redis 7 key specification of the kinds our commands need. The keys start at a fixed index,
 * or (when {@code keyword} is set) right after the first argument equal to that keyword,
 * searched from index {@code beginIndex} (Redis's "startfrom": XREAD's STREAMS). A range spec's
 * keys run to {@code lastKey} (relative to the start; negative counts from the end, and a
 * {@code limit} keeps only that fraction of what is left) every {@code keyStep} arguments. A
 * keynum spec ({@code keynumIndex >= 0}) reads the key count from the argument
 * {@code keynumIndex} after the start, and its keys begin {@code firstKey} after the start,
 * every {@code keyStep} arguments (SINTERCARD, ZUNIONSTORE).
 */
public record KeySpec(String notes, String[] flags, int beginIndex, int lastKey, int keyStep,
    int limit, int keynumIndex, int firstKey, String keyword) {

  /** Marks a range spec in {@link #keynumIndex}. */
  static final int RANGE = -1;

  /**
   * Parses "flags|begin|lastkey,step,limit|notes", or for a keynum spec
   * "flags|begin|#keynumidx,firstkey,step|notes": the compact forms used by CommandDefs. The
   * begin part is an index, or "KEYWORD:startfrom" for a keyword search.
   */
  static KeySpec parse(String compact) {
    String[] parts = compact.split("\\|", 4);
    String notes = parts.length > 3 ? parts[3] : null;
    String[] flags = parts[0].split(" ");
    String keyword = null;
    String beginPart = parts[1];
    int colon = beginPart.indexOf(':');
    if (colon >= 0) {
      keyword = beginPart.substring(0, colon);
      beginPart = beginPart.substring(colon + 1);
    }
    int begin = Integer.parseInt(beginPart);
    if (parts[2].startsWith("#")) {
      String[] k = parts[2].substring(1).split(",");
      return new KeySpec(notes, flags, begin, 0, Integer.parseInt(k[2]), 0,
          Integer.parseInt(k[0]), Integer.parseInt(k[1]), keyword);
    }
    String[] range = parts[2].split(",");
    return new KeySpec(notes, flags, begin, Integer.parseInt(range[0]),
        Integer.parseInt(range[1]), Integer.parseInt(range[2]), RANGE, 0, keyword);
  }

  public boolean isKeynum() {
    return keynumIndex != RANGE;
  }

  /** Redis's populateCommandMovableKeys: anything but an index and a range moves the keys. */
  public boolean movesKeys() {
    return isKeynum() || keyword != null;
  }

  /**
   * Where the keys start in argv: the index, or the argument after the keyword (searched as
   * Redis does, forward from startfrom, never the last argument); 0 when the keyword is absent.
   */
  int start(byte[][] argv) {
    if (keyword == null) {
      return beginIndex;
    }
    int argc = argv.length;
    int from = beginIndex > 0 ? beginIndex : argc + beginIndex;
    int to = beginIndex > 0 ? argc - 1 : 0;
    String lower = keyword.toLowerCase(java.util.Locale.ROOT);
    for (int i = from; i != to; i = from <= to ? i + 1 : i - 1) {
      if (i >= argc || i < 1) {
        break;
      }
      if (Parse.is(argv[i], lower)) {
        return i + 1;
      }
    }
    return 0;
  }

  /** The last key's index of a range spec starting at first (Redis's limit rule included). */
  long rangeEnd(int first, int argc) {
    if (lastKey >= 0) {
      return first + lastKey;
    }
    if (limit == 0) {
      return argc + lastKey;
    }
    return first + ((argc - first) / limit + lastKey);
  }
}
