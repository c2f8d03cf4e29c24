package io.mneme.jepsen.nemesis;

import java.util.Random;

/** One kind of fault: injected and healed on a schedule of its own. */
public interface Fault {
  /** The name used on the command line and in the history (kill, pause, partition, clock). */
  String name();

  /**
   * Injects the fault.
   *
   * @param choice a seeded random source for target choices, so the same seed picks the same
   * @return a description for the history
   */
  String inject(Random choice);

  /** Heals whatever this fault injected; returns a description for the history. */
  String heal();

  /** Heals at the end of the load, when the run waits for everything to settle. */
  default String healAtEnd() {
    return heal();
  }
}
