package io.mneme.jepsen.checker;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Linearizability checker: each key is checked alone (P-compositionality: a history is
 * linearizable iff each per-key sub-history is), by {@link WglSearch}, within a time budget.
 * On failure it looks for the smallest failing window (a stretch of the history that is not
 * linearizable from any starting state) and explains what the model expected.
 */
public final class Linearizability {
  /** The largest window tried when shrinking a failure. */
  private static final int WINDOW_CALLS_MAX = 48;
  /** Time allowed to shrink one failure. */
  private static final long WINDOW_BUDGET_NANOS = 5_000_000_000L;

  private final Model model;
  private final long budgetNanos;

  /**
   * @param model the sequential specification of one key
   * @param budgetMillis time allowed for the whole history (shared by its keys)
   */
  public Linearizability(Model model, long budgetMillis) {
    this.model = model;
    this.budgetNanos = budgetMillis * 1_000_000L;
  }

  /** Checks every key of {@code history}. */
  public Map<String, KeyResult> check(List<Op> history) {
    long deadline = System.nanoTime() + budgetNanos;
    Map<String, KeyResult> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Call>> e : Calls.byKey(history).entrySet()) {
      out.put(e.getKey(), checkKey(e.getKey(), e.getValue(), deadline));
    }
    return out;
  }

  /** Checks the calls of one key. */
  public KeyResult checkKey(String key, List<Call> all, long deadlineNanos) {
    long start = System.nanoTime();
    List<Call> calls = model.prune(all);
    WglSearch search = new WglSearch(calls, model, model.initial(), deadlineNanos);
    Verdict v = search.run();
    long ms = (System.nanoTime() - start) / 1_000_000L;
    if (v == Verdict.VALID) {
      return new KeyResult(key, v, calls.size(), "", List.of(), ms);
    }
    if (v == Verdict.UNKNOWN) {
      String why = "time or memory budget exhausted after " + ms + " ms on " + calls.size()
          + " calls";
      return new KeyResult(key, v, calls.size(), why, List.of(), ms);
    }
    List<Call> window = smallestWindow(calls, search.blocked());
    String why = explain(calls, search, window);
    return new KeyResult(key, v, calls.size(), why, window, ms);
  }

  /**
   * The shortest suffix of the history up to the blocked call's return that is not
   * linearizable even from an unknown starting state. Calls still open when the window starts
   * are included, so a window only fails if the history really does.
   */
  List<Call> smallestWindow(List<Call> calls, Call blocked) {
    long cut = blocked.indeterminate() ? Long.MAX_VALUE : blocked.returnIndex();
    List<Call> before = calls.stream().filter(c -> c.callIndex() < cut).toList();
    long deadline = System.nanoTime() + WINDOW_BUDGET_NANOS;
    for (int k = 1; k <= Math.min(before.size(), WINDOW_CALLS_MAX); k++) {
      long from = before.get(before.size() - k).callIndex();
      List<Call> window = new ArrayList<>();
      for (Call c : before) {
        boolean open = c.callIndex() < from && c.returnIndex() > from;
        if (c.callIndex() >= from || open) {
          window.add(c);
        }
      }
      List<Call> numbered = Calls.renumber(window);
      Verdict v = new WglSearch(numbered, model, model.unknown(), deadline).run();
      if (v == Verdict.INVALID) {
        return numbered;
      }
      if (v == Verdict.UNKNOWN) {
        break;
      }
    }
    return concurrentWith(calls, blocked);
  }

  /** Fallback window: the blocked call and every call overlapping it. */
  private static List<Call> concurrentWith(List<Call> calls, Call blocked) {
    return calls.stream().filter(c -> c.callIndex() <= blocked.returnIndex()
        && c.returnIndex() >= blocked.callIndex()).toList();
  }

  private String explain(List<Call> calls, WglSearch search, List<Call> window) {
    Call b = search.blocked();
    String states = search.blockedStates().stream().map(model::show)
        .collect(Collectors.joining(", ", "{", "}"));
    StringBuilder sb = new StringBuilder();
    sb.append(Anomalies.classify(calls, b)).append(": ");
    sb.append(b.describe()).append(" cannot be linearized; after ").append(search.bestPath().size())
        .append(" linearized calls the model expected the state to be one of ").append(states);
    sb.append(". Smallest failing window (").append(window.size()).append(" calls):");
    for (Call c : window) {
      sb.append("\n    ").append(c.describe());
    }
    return sb.toString();
  }

  /** Whether every result is valid, or the combined verdict. */
  public static Verdict combine(Map<String, KeyResult> results) {
    Verdict v = Verdict.VALID;
    for (KeyResult r : results.values()) {
      v = v.and(r.verdict());
    }
    return v;
  }

  /** The states set, for tests. */
  static Set<Object> statesOf(WglSearch s) {
    return s.blockedStates();
  }
}
