package io.mneme.jepsen.checker;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pairs a history's invocations with their completions, grouped by key. */
public final class Calls {
  private Calls() {}

  /**
   * Pairs every client invocation with the next completion of the same process. Failed calls
   * are dropped (they certainly did not take effect); info completions and invocations left
   * open at the end become indeterminate calls.
   */
  public static Map<String, List<Call>> byKey(List<Op> history) {
    Map<Integer, Op> open = new HashMap<>();
    Map<String, List<Call>> out = new TreeMap<>();
    for (Op op : history) {
      if (op.process() == Op.NEMESIS) {
        continue;
      }
      if (op.isInvoke()) {
        open.put(op.process(), op);
        continue;
      }
      Op inv = open.remove(op.process());
      if (inv == null || op.type() == Op.Type.FAIL) {
        continue;
      }
      add(out, inv, op);
    }
    for (Op inv : open.values()) {
      add(out, inv, null);
    }
    out.replaceAll((k, v) -> renumber(v));
    return out;
  }

  private static void add(Map<String, List<Call>> out, Op inv, Op done) {
    boolean ok = done != null && done.type() == Op.Type.OK;
    Object value = "read".equals(inv.f()) ? (ok ? done.value() : null) : inv.value();
    long ret = ok ? done.index() : Call.NEVER;
    String key = inv.key() == null ? "" : inv.key();
    out.computeIfAbsent(key, k -> new ArrayList<>())
        .add(new Call(0, inv.f(), value, inv.index(), ret, inv, done));
  }

  /** Sorts calls by invocation and numbers them 0..n-1. */
  static List<Call> renumber(List<Call> calls) {
    List<Call> sorted = new ArrayList<>(calls);
    sorted.sort((a, b) -> Long.compare(a.callIndex(), b.callIndex()));
    List<Call> out = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      out.add(sorted.get(i).withId(i));
    }
    return out;
  }
}
