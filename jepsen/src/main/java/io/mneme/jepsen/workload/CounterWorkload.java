package io.mneme.jepsen.workload;

import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.checker.CounterChecker;
import io.mneme.jepsen.client.ClusterClient;
import io.mneme.jepsen.client.Outcome;
import io.mneme.jepsen.history.Op;
import java.util.List;
import java.util.Random;

/** INCRBY of small positive deltas on one key, with occasional reads and a final read. */
public final class CounterWorkload implements Workload {
  private static final String KEY = "jepsen:counter";
  private static final int DELTA_MAX = 5;
  /** One operation in this many is a read. */
  private static final int READ_ONE_IN = 5;

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Planned next(Random rnd, int worker, long seq) {
    if (rnd.nextInt(READ_ONE_IN) == 0) {
      return new Planned("read", KEY, null);
    }
    return new Planned("incr", KEY, (long) (1 + rnd.nextInt(DELTA_MAX)));
  }

  @Override
  public Completion execute(ClusterClient client, Planned op) {
    if ("read".equals(op.f())) {
      Outcome o = client.call("GET", KEY);
      Object v = o.reply() == null || o.reply().text() == null ? 0L
          : (Object) Long.parseLong(o.reply().text());
      return Workload.complete(o, v, op);
    }
    Outcome o = client.call("INCRBY", KEY, op.value().toString());
    return Workload.complete(o, op.value(), op);
  }

  @Override
  public List<String> keys() {
    return List.of(KEY);
  }

  @Override
  public List<Planned> finalReads() {
    return List.of(new Planned("read", KEY, null));
  }

  @Override
  public CheckResult check(List<Op> history, long budgetMillis) {
    return CounterChecker.check(history);
  }
}
