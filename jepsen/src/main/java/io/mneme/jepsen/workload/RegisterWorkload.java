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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads (GET), writes (SET of values unique to the run) and compare-and-set on a few keys,
 * checked for linearizability key by key. A cas (value [expected, new]) is WATCH k, GET k, and
 * if the value is the expected one MULTI, SET k new, EXEC: a nil EXEC (the key changed after
 * WATCH) or a value other than the expected one is a certain fail; an error or a lost
 * connection after EXEC was sent is indeterminate. The expected value is the last one a worker
 * saw on the key, so that a fair share of cas operations succeed; the operations of a seed are
 * therefore the same only as far as the values seen are.
 */
public final class RegisterWorkload implements Workload {
  private static final String KEY_PREFIX = "jepsen:r";
  /** Out of ten operations: this many reads, then {@link #WRITES_IN_TEN} writes, then cas. */
  private static final int READS_IN_TEN = 4;
  private static final int WRITES_IN_TEN = 3;
  /** Stands for nil in {@link #lastSeen}, which cannot hold null. */
  private static final String NIL = "\u0000nil";
  private final int keys;
  /** The last value any worker saw on each key (read, written or swapped in). */
  private final Map<String, String> lastSeen = new ConcurrentHashMap<>();

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
    int kind = rnd.nextInt(10);
    if (kind < READS_IN_TEN) {
      return new Planned("read", key, null);
    }
    long value = Workload.unique(worker, seq);
    if (kind < READS_IN_TEN + WRITES_IN_TEN) {
      return new Planned("write", key, value);
    }
    String seen = lastSeen.getOrDefault(key, NIL);
    Object expected = NIL.equals(seen) ? null : parse(seen);
    return new Planned("cas", key, Arrays.asList(expected, value));
  }

  @Override
  public Completion execute(ClusterClient client, Planned op) {
    Completion c = switch (op.f()) {
      case "read" -> read(client, op);
      case "write" -> write(client, op);
      case "cas" -> cas(client, op);
      default -> throw new IllegalArgumentException("register: unknown function " + op.f());
    };
    if (c.type() == Op.Type.OK) {
      Object now = "read".equals(op.f()) ? c.value()
          : "cas".equals(op.f()) ? ((List<?>) op.value()).get(1) : op.value();
      lastSeen.put(op.key(), now == null ? NIL : now.toString());
    }
    return c;
  }

  private static Completion read(ClusterClient client, Planned op) {
    Outcome o = client.call("GET", op.key());
    if (o.type() == Outcome.Type.OK && o.reply().kind() != Reply.Kind.BULK) {
      return new Completion(Op.Type.INFO, null, "unexpected reply " + o.reply());
    }
    Object v = o.reply() == null ? null : parse(o.reply().text());
    return Workload.complete(o, v, op);
  }

  private static Completion write(ClusterClient client, Planned op) {
    Outcome o = client.call("SET", op.key(), op.value().toString());
    if (o.type() == Outcome.Type.OK && !"OK".equals(o.reply().text())) {
      return new Completion(Op.Type.INFO, op.value(), "unexpected reply " + o.reply());
    }
    return Workload.complete(o, op.value(), op);
  }

  private static Completion cas(ClusterClient client, Planned op) {
    List<?> args = (List<?>) op.value();
    String expected = args.get(0) == null ? null : args.get(0).toString();
    String next = args.get(1).toString();
    Outcome o = client.run(op.key(), s -> casOn(s, op.key(), expected, next));
    return Workload.complete(o, op.value(), op);
  }

  /** One attempt of a cas on one connection (see the class comment). */
  public static Outcome casOn(ClusterClient.Session s, String key, String expected, String next)
      throws IOException {
    s.mayApply(false);
    Reply watched = s.call("WATCH", key);
    if (watched.isError()) {
      return Outcome.fail("WATCH: " + watched);
    }
    Reply current = s.call("GET", key);
    if (current.isError() || !Objects.equals(current.text(), expected)) {
      s.call("UNWATCH");
      return Outcome.fail("cas: the value is " + current);
    }
    Reply multi = s.call("MULTI");
    if (multi.isError()) {
      s.call("UNWATCH");
      return Outcome.fail("MULTI: " + multi);
    }
    Reply queued = s.call("SET", key, next);
    if (queued.isError()) {
      s.call("DISCARD");
      return Outcome.fail("SET in MULTI: " + queued);
    }
    s.mayApply(true);
    Reply exec = s.call("EXEC");
    if (exec.isError()) {
      return ClusterClient.classify(exec.text()) == ClusterClient.ErrorKind.EXEC_ABORT
          ? Outcome.fail(exec.toString()) : Outcome.info("EXEC: " + exec);
    }
    if (exec.kind() == Reply.Kind.ARRAY && exec.items() == null) {
      return Outcome.fail("cas: the key changed after WATCH (nil EXEC)");
    }
    Reply set = exec.items() != null && exec.items().size() == 1 ? exec.items().get(0) : null;
    if (set != null && set.isError() && refusal(set.text())) {
      // The SET inside was refused (a slot in handoff): it did not run, nor did the cas.
      return s.refused(set.text());
    }
    boolean setOk = set != null && "OK".equals(set.text());
    return setOk ? Outcome.ok(exec) : Outcome.info("unexpected EXEC reply " + exec);
  }

  private static Object parse(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return s;
    }
  }

  private static boolean refusal(String error) {
    ClusterClient.ErrorKind k = ClusterClient.classify(error);
    return k == ClusterClient.ErrorKind.MOVED || k == ClusterClient.ErrorKind.TRY_AGAIN
        || k == ClusterClient.ErrorKind.CLUSTER_DOWN;
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
