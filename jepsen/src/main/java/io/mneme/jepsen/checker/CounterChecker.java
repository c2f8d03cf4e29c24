package io.mneme.jepsen.checker;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counter check for positive INCRBY deltas: every ok read (the final one included) lies between
 * the sum of the increments acknowledged before the read began and the sum of every increment,
 * acknowledged or indeterminate, invoked before the read ended.
 */
public final class CounterChecker {
  private static final int ERRORS_SHOWN_MAX = 10;

  private CounterChecker() {}

  /** Checks every key's reads against its increments. */
  public static CheckResult check(List<Op> history) {
    Map<String, Object> perKey = new LinkedHashMap<>();
    Verdict verdict = Verdict.VALID;
    int reads = 0;
    for (Map.Entry<String, List<Call>> e : Calls.byKey(history).entrySet()) {
      List<Call> calls = e.getValue();
      List<String> errors = new ArrayList<>();
      long okReads = 0;
      for (Call r : calls) {
        if (!"read".equals(r.f()) || r.indeterminate()) {
          continue;
        }
        okReads++;
        String err = checkRead(calls, r);
        if (err != null && errors.size() < ERRORS_SHOWN_MAX) {
          errors.add(err);
        }
      }
      reads += okReads;
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("valid", errors.isEmpty());
      k.put("reads", okReads);
      k.put("errors", errors);
      perKey.put(e.getKey(), k);
      verdict = verdict.and(errors.isEmpty() ? Verdict.VALID : Verdict.INVALID);
    }
    if (reads == 0) {
      verdict = verdict.and(Verdict.UNKNOWN);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("keys", perKey);
    return new CheckResult(verdict, "counter: " + reads + " reads checked", details);
  }

  /** The error for one read, or null when its value lies within the bounds. */
  static String checkRead(List<Call> calls, Call read) {
    long lower = 0;
    long upper = 0;
    for (Call c : calls) {
      if (!"incr".equals(c.f())) {
        continue;
      }
      long delta = ((Number) c.value()).longValue();
      if (!c.indeterminate() && c.returnIndex() < read.callIndex()) {
        lower += delta;
      }
      if (c.callIndex() < read.returnIndex()) {
        upper += delta;
      }
    }
    long seen = read.value() == null ? 0 : Long.parseLong(read.value().toString());
    if (seen >= lower && seen <= upper) {
      return null;
    }
    return read.describe() + ": expected a value in [" + lower + ", " + upper + "]"
        + (seen < lower ? " (acknowledged increments lost)" : " (increments counted twice)");
  }
}
