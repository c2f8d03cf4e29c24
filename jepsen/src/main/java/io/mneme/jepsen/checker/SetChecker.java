package io.mneme.jepsen.checker;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Set check: adds of unique elements, then one final read of the whole set. Every acknowledged
 * add must be present (else lost); nothing never added may appear (unexpected); indeterminate
 * adds may go either way (present ones are counted as recovered).
 */
public final class SetChecker {
  private static final int ELEMENTS_SHOWN_MAX = 50;

  private SetChecker() {}

  /** Checks the adds against the last ok read of each key. */
  public static CheckResult check(List<Op> history) {
    Map<String, Object> perKey = new LinkedHashMap<>();
    Verdict verdict = Verdict.VALID;
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, List<Call>> e : Calls.byKey(history).entrySet()) {
      Map<String, Object> k = checkKey(e.getValue());
      perKey.put(e.getKey(), k);
      Verdict v = (Verdict) k.remove("verdict");
      verdict = verdict.and(v);
      lines.add(e.getKey() + ": " + k.get("summary"));
    }
    if (perKey.isEmpty()) {
      verdict = Verdict.UNKNOWN;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("keys", perKey);
    return new CheckResult(verdict, "set: " + String.join("; ", lines), details);
  }

  private static Map<String, Object> checkKey(List<Call> calls) {
    Set<Long> acked = new TreeSet<>();
    Set<Long> maybe = new TreeSet<>();
    Call finalRead = null;
    for (Call c : calls) {
      if ("add".equals(c.f())) {
        (c.indeterminate() ? maybe : acked).add(((Number) c.value()).longValue());
      } else if ("read".equals(c.f()) && !c.indeterminate()) {
        finalRead = c;
      }
    }
    Map<String, Object> k = new LinkedHashMap<>();
    if (finalRead == null) {
      k.put("verdict", Verdict.UNKNOWN);
      k.put("summary", "no successful final read");
      return k;
    }
    Set<Long> seen = new HashSet<>();
    for (Object o : (List<?>) finalRead.value()) {
      seen.add(Long.parseLong(o.toString()));
    }
    Set<Long> lost = minus(acked, seen);
    Set<Long> unexpected = minus(minus(seen, acked), maybe);
    Set<Long> recovered = new TreeSet<>(maybe);
    recovered.retainAll(seen);
    boolean ok = lost.isEmpty() && unexpected.isEmpty();
    k.put("verdict", ok ? Verdict.VALID : Verdict.INVALID);
    k.put("valid", ok);
    k.put("acknowledged", acked.size());
    k.put("indeterminate", maybe.size());
    k.put("read", seen.size());
    k.put("lost-count", lost.size());
    k.put("unexpected-count", unexpected.size());
    k.put("recovered-count", recovered.size());
    k.put("lost", head(lost));
    k.put("unexpected", head(unexpected));
    k.put("summary", acked.size() + " acknowledged, " + lost.size() + " lost, "
        + unexpected.size() + " unexpected, " + recovered.size() + " of " + maybe.size()
        + " indeterminate recovered");
    return k;
  }

  private static Set<Long> minus(Set<Long> a, Set<Long> b) {
    Set<Long> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static List<Long> head(Set<Long> s) {
    return s.stream().limit(ELEMENTS_SHOWN_MAX).toList();
  }
}
