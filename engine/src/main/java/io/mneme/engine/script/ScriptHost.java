package io.mneme.engine.script;

import io.mneme.engine.Reply;

/**
 * What a script sees of the engine: redis.call runs one command through the engine's own read or
 * write path, at the time and with the randomness of the command that runs the script.
 */
public interface ScriptHost {
  /**
   * Runs one command for redis.call / redis.pcall. Refusals (unknown command, wrong arity, a
   * command scripts may not call, a write when writes are not allowed, a key of a slot this
   * shard does not own, a key in another slot than the script's unless crossSlotAllowed) come
   * back as errors.
   */
  Reply call(byte[][] argv, boolean writesAllowed, boolean crossSlotAllowed);

  /**
   * Whether the host knows which slots its shard owns: then a script without a shebang may
   * touch keys of several of them, as Redis 7.0 allows EVAL in its compatibility mode.
   */
  default boolean slotsKnown() {
    return false;
  }

  /** The time the script runs at, in Unix milliseconds (the entry's time for a write). */
  long timeMs();

  /** Seeds math.random: the entry's seed for a write, so every replica draws the same. */
  long seed();

  /** True on the read path (EVAL_RO, FCALL_RO...): writes are refused, the run may be killed. */
  boolean readOnly();

  /** A double as Redis writes it in a RESP2 bulk string (redis.call with RESP2 replies). */
  String formatDouble(double value);
}
