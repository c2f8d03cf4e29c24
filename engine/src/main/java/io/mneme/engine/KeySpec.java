package io.mneme.engine;

/**
 * A Redis 7 key specification of the two kinds our commands need. Both begin at a fixed index.
 * A range spec's keys run to {@code lastKey} (relative to the start; negative counts from the
 * end) every {@code keyStep} arguments. A keynum spec (LMPOP, ZUNIONSTORE...) reads the number
 * of keys at {@code beginIndex + keynumIdx}; the keys start at {@code beginIndex + firstKey},
 * every {@code keyStep}. {@code keynumIdx} is -1 for a range spec.
 */
public record KeySpec(String notes, String[] flags, int beginIndex, int lastKey, int keyStep,
    int limit, int keynumIdx, int firstKey) {

  /** The prefix of a keynum spec's find-keys part in the compact form. */
  private static final String KEYNUM = "keynum ";

  /** True for a keynum spec, whose keys move with the argument that counts them. */
  public boolean keynum() {
    return keynumIdx >= 0;
  }

  /**
   * Parses "flags|begin|lastkey,step,limit|notes" (a range spec) or
   * "flags|begin|keynum keynumidx,firstkey,step|notes", the compact forms used by CommandDefs.
   */
  static KeySpec parse(String compact) {
    String[] parts = compact.split("\\|", 4);
    String notes = parts.length > 3 ? parts[3] : null;
    String[] flags = parts[0].split(" ");
    int begin = Integer.parseInt(parts[1]);
    if (parts[2].startsWith(KEYNUM)) {
      String[] k = parts[2].substring(KEYNUM.length()).split(",");
      return new KeySpec(notes, flags, begin, 0, Integer.parseInt(k[2]), 0,
          Integer.parseInt(k[0]), Integer.parseInt(k[1]));
    }
    String[] range = parts[2].split(",");
    return new KeySpec(notes, flags, begin, Integer.parseInt(range[0]),
        Integer.parseInt(range[1]), Integer.parseInt(range[2]), -1, 0);
  }
}
