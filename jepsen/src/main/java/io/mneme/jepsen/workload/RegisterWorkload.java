package io.mneme.jepsen.workload;

import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.checker.KeyResult;
import io.mneme.jepsen.checker.Linearizability;
import io.mneme.jepsen.checker.RegisterModel;
import io.mneme.jepsen.checker.Verdict;
import io.mneme.jepsen.client.ClusterClient;
import io.mneme.jepsen.client.Outcome;
import io.mneme.jepsen.client.Reply;
import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reads (GET) and writes (SET of values unique to the run) on a few keys, checked for
 * linearizability key by key. Compare-and-set joins once MULTI/WATCH or Lua exist: add a
 * "cas" operation here ({@link RegisterModel} already models it, value = [old, new]).
 */
public final class RegisterWorkload implements Workload {
  private static final String KEY_PREFIX = "jepsen:r";
  private final int keys;

  /** A register workload over {@code keys} keys. */
  public RegisterWorkload(int keys) {
    this.keys = keys;
  }

  @Override
  public String name() {
    return "register";
  }

  @Override
  public Planned next(Random rnd, int worker, long seq) {
    String key = KEY_PREFIX + rnd.nextInt(keys);
    return rnd.nextBoolean() ? new Planned("read", key, null)
        : new Planned("write", key, Workload.unique(worker, seq));
  }

  @Override
  public Completion execute(ClusterClient client, Planned op) {
    if ("read".equals(op.f())) {
      Outcome o = client.call("GET", op.key());
      Object v = o.reply() == null ? null : parse(o.reply());
      return Workload.complete(o, v, op);
    }
    Outcome o = client.call("SET", op.key(), op.value().toString());
    if (o.type() == Outcome.Type.OK && !"OK".equals(o.reply().text())) {
      return new Completion(Op.Type.INFO, op.value(), "unexpected reply " + o.reply());
    }
    return Workload.complete(o, op.value(), op);
  }

  private static Object parse(Reply r) {
    String s = r.text();
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return s;
    }
  }

  @Override
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      out.add(KEY_PREFIX + k);
    }
    return out;
  }

  @Override
  public List<Planned> finalReads() {
    return keys().stream().map(k -> new Planned("read", k, null)).toList();
  }

  @Override
  public CheckResult check(List<Op> history, long budgetMillis) {
    Map<String, KeyResult> results = new Linearizability(new RegisterModel(), budgetMillis)
        .check(history);
    Map<String, Object> perKey = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    for (KeyResult r : results.values()) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
      k.put("calls-checked", r.calls());
      k.put("millis", r.elapsedMillis());
      k.put("explanation", r.explanation());
      perKey.put(r.key(), k);
      if (r.verdict() != Verdict.VALID) {
        bad.add(r.key() + " " + r.verdict() + ": " + r.explanation());
      }
    }
    Verdict v = Linearizability.combine(results);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("keys", perKey);
    String summary = bad.isEmpty() ? results.size() + " keys linearizable"
        : String.join("\n", bad);
    return new CheckResult(v, summary, details);
  }
}
