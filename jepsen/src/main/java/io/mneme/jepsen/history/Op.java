package io.mneme.jepsen.history;

/**
 * One event of a history, in the public history.jsonl format: an invocation or its completion.
 * A completion carries the same process, f and key as its invocation.
 *
 * @param index position in the history (also the real-time order of the events)
 * @param process client process; {@link #NEMESIS} for fault events
 * @param type invoke, ok, fail or info
 * @param f the function: read, write, cas, add, incr, append, txn, or a nemesis action
 * @param key the key, or null
 * @param value a Long, a String, a List of values, or null
 * @param time nanoseconds since the start of the run
 */
public record Op(int index, int process, Type type, String f, String key, Object value,
    long time) {

  /** Process number of the fault injector's events. */
  public static final int NEMESIS = -1;

  /** The type of an event. */
  public enum Type {
    INVOKE, OK, FAIL, INFO;

    /** The lower-case name used in history.jsonl. */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the lower-case name used in history.jsonl. */
    public static Type parse(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Whether this is an invocation. */
  public boolean isInvoke() {
    return type == Type.INVOKE;
  }

  /** A copy with another index. */
  public Op withIndex(int newIndex) {
    return new Op(newIndex, process, type, f, key, value, time);
  }
}
