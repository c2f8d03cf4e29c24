package io.mneme.jepsen.checker;

/** The outcome of a check. UNKNOWN: the checker ran out of its time or memory budget. */
public enum Verdict {
  VALID, INVALID, UNKNOWN;

  /** Combines two verdicts: any INVALID wins, then any UNKNOWN. */
  public Verdict and(Verdict other) {
    if (this == INVALID || other == INVALID) {
      return INVALID;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
  }
}
