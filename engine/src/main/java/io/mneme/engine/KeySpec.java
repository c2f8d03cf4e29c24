package io.mneme.engine;

/**
 * A Redis 7 key specification of the two kinds our commands need. Both start at a fixed index.
 * A range spec's keys run to {@code lastKey} (relative to the start; negative counts from the
 * end) every {@code keyStep} arguments. A keynum spec ({@code keynumIndex >= 0}) reads the key
 * count from the argument {@code keynumIndex} after the start, and its keys begin
 * {@code firstKey} after the start, every {@code keyStep} arguments (SINTERCARD, ZUNIONSTORE).
 */
public record KeySpec(String notes, String[] flags, int beginIndex, int lastKey, int keyStep,
    int limit, int keynumIndex, int firstKey) {

  /** Marks a range spec in {@link #keynumIndex}. */
  static final int RANGE = -1;

  /**
   * Parses "flags|begin|lastkey,step,limit|notes", or for a keynum spec
   * "flags|begin|#keynumidx,firstkey,step|notes": the compact forms used by CommandDefs.
   */
  static KeySpec parse(String compact) {
    String[] parts = compact.split("\\|", 4);
    String notes = parts.length > 3 ? parts[3] : null;
    String[] flags = parts[0].split(" ");
    int begin = Integer.parseInt(parts[1]);
    if (parts[2].startsWith("#")) {
      String[] k = parts[2].substring(1).split(",");
      return new KeySpec(notes, flags, begin, 0, Integer.parseInt(k[2]), 0,
          Integer.parseInt(k[0]), Integer.parseInt(k[1]));
    }
    String[] range = parts[2].split(",");
    return new KeySpec(notes, flags, begin, Integer.parseInt(range[0]),
        Integer.parseInt(range[1]), Integer.parseInt(range[2]), RANGE, 0);
  }

  public boolean isKeynum() {
    return keynumIndex != RANGE;
  }
}
