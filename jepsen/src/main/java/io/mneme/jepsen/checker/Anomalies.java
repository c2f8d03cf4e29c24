package io.mneme.jepsen.checker;

import java.util.List;
import java.util.Objects;

/**
 * Names the kind of anomaly behind a register read that could not be linearized, so a failure
 * says "lost write" or "stale read" rather than only "not linearizable".
 */
final class Anomalies {
  static final String NEVER_WRITTEN = "read of a value never written";
  static final String NON_MONOTONIC = "non-monotonic read";
  static final String LOST_WRITE = "lost write";
  static final String STALE_READ = "stale read";
  static final String GENERIC = "not linearizable";
  static final String CAS_NEVER_WRITTEN = "cas from a value never written";
  static final String CAS_NOT_CURRENT = "cas from a value that was not current";

  private Anomalies() {}

  /** Classifies the blocked call {@code b} of a non-linearizable register history. */
  static String classify(List<Call> calls, Call b) {
    if ("cas".equals(b.f())) {
      String expected = str(((List<?>) b.value()).get(0));
      boolean written = expected == null || calls.stream()
          .anyMatch(c -> isWrite(c) && Objects.equals(str(written(c)), expected));
      return written ? CAS_NOT_CURRENT + " (" + expected + ")"
          : CAS_NEVER_WRITTEN + " (" + expected + ")";
    }
    if (!"read".equals(b.f())) {
      return GENERIC;
    }
    String v = str(b.value());
    List<Call> writesOfV = calls.stream()
        .filter(c -> isWrite(c) && Objects.equals(str(written(c)), v)).toList();
    if (v != null && writesOfV.isEmpty()) {
      return NEVER_WRITTEN + " (" + v + ")";
    }
    if (isNonMonotonic(calls, b, v, writesOfV)) {
      return NON_MONOTONIC;
    }
    Call overwriter = ackedOverwrite(calls, b, writesOfV);
    if (overwriter == null) {
      return GENERIC;
    }
    boolean seenLater = calls.stream().anyMatch(c -> "read".equals(c.f())
        && !c.indeterminate() && c.callIndex() > b.returnIndex()
        && isAtLeast(calls, str(c.value()), overwriter));
    return seenLater ? STALE_READ + " (" + v + " after " + str(written(overwriter)) + ")"
        : LOST_WRITE + " (acknowledged " + overwriter.describe() + " not visible)";
  }

  /**
   * An earlier read, completed before {@code b} began, saw another value, and no write of
   * b's value could have taken effect after that earlier read.
   */
  private static boolean isNonMonotonic(List<Call> calls, Call b, String v, List<Call> writesOfV) {
    for (Call r : calls) {
      boolean earlierRead = "read".equals(r.f()) && !r.indeterminate()
          && r.returnIndex() < b.callIndex() && !Objects.equals(str(r.value()), v);
      if (earlierRead && writesOfV.stream().allMatch(w -> w.returnIndex() < r.callIndex())
          && !Objects.equals(str(r.value()), null)) {
        return true;
      }
    }
    return false;
  }

  /** An acknowledged write of another value that began after every write of b's value ended
   * and completed before b began: b should have seen it (or something newer). */
  private static Call ackedOverwrite(List<Call> calls, Call b, List<Call> writesOfV) {
    long lastWriteOfV = writesOfV.stream().mapToLong(Call::returnIndex).max().orElse(-1);
    for (int i = calls.size() - 1; i >= 0; i--) {
      Call w = calls.get(i);
      if (isWrite(w) && !w.indeterminate() && w.returnIndex() < b.callIndex()
          && w.callIndex() > lastWriteOfV) {
        return w;
      }
    }
    return null;
  }

  /** Whether value v was written by the overwriter itself or by a write begun after it ended. */
  private static boolean isAtLeast(List<Call> calls, String v, Call overwriter) {
    return calls.stream().anyMatch(w -> isWrite(w) && Objects.equals(str(written(w)), v)
        && (w == overwriter || w.callIndex() > overwriter.returnIndex()));
  }

  private static boolean isWrite(Call c) {
    return "write".equals(c.f()) || "cas".equals(c.f());
  }

  private static Object written(Call c) {
    return "cas".equals(c.f()) ? ((List<?>) c.value()).get(1) : c.value();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
