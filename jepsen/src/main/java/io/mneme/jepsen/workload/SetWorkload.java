package io.mneme.jepsen.workload;

import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.checker.SetChecker;
import io.mneme.jepsen.client.ClusterClient;
import io.mneme.jepsen.client.Outcome;
import io.mneme.jepsen.client.Reply;
import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * SADD of elements unique to the run into a few Redis sets (spread over hash slots, so over
 * shards), then one SMEMBERS of each set once the faults are healed. The checker wants every
 * acknowledged element in the final read, and nothing that was never added.
 */
public final class SetWorkload implements Workload {
  private static final String KEY_PREFIX = "jepsen:set";
  private final int sets;

  /** A set workload over {@code sets} set keys. */
  public SetWorkload(int sets) {
    if (sets < 1) {
      throw new IllegalArgumentException("sets must be positive: " + sets);
    }
    this.sets = sets;
  }

  @Override
  public String name() {
    return "set";
  }

  @Override
  public Planned next(Random rnd, int worker, long seq) {
    return new Planned("add", KEY_PREFIX + rnd.nextInt(sets), Workload.unique(worker, seq));
  }

  @Override
  public Completion execute(ClusterClient client, Planned op) {
    if ("read".equals(op.f())) {
      Outcome o = client.call("SMEMBERS", op.key());
      if (o.type() != Outcome.Type.OK) {
        return Workload.complete(o, null, op);
      }
      if (o.reply().items() == null) {
        return new Completion(Op.Type.FAIL, null, "not an array: " + o.reply());
      }
      return new Completion(Op.Type.OK, elements(o.reply()), null);
    }
    Outcome o = client.call("SADD", op.key(), op.value().toString());
    if (o.type() == Outcome.Type.OK && o.reply().kind() != Reply.Kind.INTEGER) {
      return new Completion(Op.Type.INFO, op.value(), "unexpected reply " + o.reply());
    }
    // A reply of 0 (already a member) is still an acknowledged add: the element is there.
    return Workload.complete(o, op.value(), op);
  }

  /** The members in an SMEMBERS reply. */
  static List<Long> elements(Reply r) {
    return r.items().stream().map(i -> Long.parseLong(i.text())).toList();
  }

  @Override
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < sets; k++) {
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
    return SetChecker.check(history);
  }
}
