package io.mneme.engine;

/**
 * A Redis 7 key specification of the simplest and only kind our commands need: the keys start
 * at a fixed index and run to {@code lastKey} (relative to the start; negative counts from the
 * end) every {@code keyStep} arguments.
 */
public record KeySpec(String notes, String[] flags, int beginIndex, int lastKey, int keyStep,
    int limit) {

  /** Parses "flags|begin|lastkey,step,limit|notes", the compact form used by CommandDefs. */
  static KeySpec parse(String compact) {
    String[] parts = compact.split("\\|", 4);
    String[] range = parts[2].split(",");
    return new KeySpec(parts.length > 3 ? parts[3] : null, parts[0].split(" "),
        Integer.parseInt(parts[1]), Integer.parseInt(range[0]), Integer.parseInt(range[1]),
        Integer.parseInt(range[2]));
  }
}
