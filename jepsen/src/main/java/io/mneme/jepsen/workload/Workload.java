package io.mneme.jepsen.workload;

import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.client.ClusterClient;
import io.mneme.jepsen.history.Op;
import java.util.List;
import java.util.Random;

/**
 * A workload: what the clients do and how the history is checked. New workloads (cas on the
 * register once MULTI/WATCH or Lua exist, list-append once MULTI/EXEC exists) implement this
 * interface and register in {@link Workloads}.
 */
public interface Workload {
  /** An operation to perform. */
  record Planned(String f, String key, Object value) {}

  /** What an operation returned: type and the value recorded in the completion event. */
  record Completion(Op.Type type, Object value, String error) {}

  /** The name used on the command line. */
  String name();

  /** The next operation of worker {@code worker}, drawn from its own seeded source. */
  Planned next(Random rnd, int worker, long seq);

  /** Performs {@code op}. */
  Completion execute(ClusterClient client, Planned op);

  /** The keys the workload uses (the cluster must serve their slots before the load). */
  List<String> keys();

  /** The reads run once every fault is healed. */
  List<Planned> finalReads();

  /** Checks the history within {@code budgetMillis}. */
  CheckResult check(List<Op> history, long budgetMillis);

  /** Values unique across workers and a run: worker w's n-th value. */
  static long unique(int worker, long seq) {
    return worker * 1_000_000_000L + seq;
  }

  /** Turns a client outcome into a completion, given the value an ok reply stands for. */
  static Completion complete(io.mneme.jepsen.client.Outcome o, Object okValue, Planned op) {
    return switch (o.type()) {
      case OK -> new Completion(Op.Type.OK, okValue, null);
      case FAIL -> new Completion(Op.Type.FAIL, op.value(), o.reason());
      case INFO -> new Completion(Op.Type.INFO, op.value(), o.reason());
    };
  }
}
