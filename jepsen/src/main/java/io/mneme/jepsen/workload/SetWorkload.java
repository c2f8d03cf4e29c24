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
 * Adds of unique elements to one logical set, then a final read of the whole set. How a set
 * is stored is a {@link Store}: SADD/SMEMBERS once sets exist, and until then one string key
 * per element (SET jepsen:set:E 1, final read with KEYS jepsen:set:*), which checks the same
 * promise (no acknowledged write lost) with the commands available today.
 */
public final class SetWorkload implements Workload {
  private static final String SET_NAME = "jepsen:set";

  /** How the set is kept on the server. */
  public interface Store {
    /** Adds one element. */
    Outcome add(ClusterClient c, long element);

    /** Reads every element (the reply is an array of element strings). */
    Outcome readAll(ClusterClient c);

    /** The elements in a readAll reply. */
    List<Long> elements(Reply r);
  }

  /** One key per element, read back with KEYS. */
  public static final class StringKeysStore implements Store {
    private static final String PREFIX = SET_NAME + ":";

    @Override
    public Outcome add(ClusterClient c, long element) {
      return c.call("SET", PREFIX + element, "1");
    }

    @Override
    public Outcome readAll(ClusterClient c) {
      return c.call("KEYS", PREFIX + "*");
    }

    @Override
    public List<Long> elements(Reply r) {
      List<Long> out = new ArrayList<>();
      for (Reply item : r.items()) {
        out.add(Long.parseLong(item.text().substring(PREFIX.length())));
      }
      return out;
    }
  }

  /** A real Redis set (needs SADD and SMEMBERS on the server). */
  public static final class RedisSetStore implements Store {
    @Override
    public Outcome add(ClusterClient c, long element) {
      return c.call("SADD", SET_NAME, Long.toString(element));
    }

    @Override
    public Outcome readAll(ClusterClient c) {
      return c.call("SMEMBERS", SET_NAME);
    }

    @Override
    public List<Long> elements(Reply r) {
      return r.items().stream().map(i -> Long.parseLong(i.text())).toList();
    }
  }

  private final Store store;

  /** A set workload on {@code store}. */
  public SetWorkload(Store store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "set";
  }

  @Override
  public Planned next(Random rnd, int worker, long seq) {
    return new Planned("add", SET_NAME, Workload.unique(worker, seq));
  }

  @Override
  public Completion execute(ClusterClient client, Planned op) {
    if ("read".equals(op.f())) {
      Outcome o = store.readAll(client);
      if (o.type() == Outcome.Type.OK && o.reply().items() == null) {
        return new Completion(Op.Type.FAIL, null, "not an array: " + o.reply());
      }
      Object v = o.type() == Outcome.Type.OK ? store.elements(o.reply()) : null;
      return Workload.complete(o, v, op);
    }
    Outcome o = store.add(client, (Long) op.value());
    return Workload.complete(o, op.value(), op);
  }

  @Override
  public List<String> keys() {
    return List.of(SET_NAME);
  }

  @Override
  public List<Planned> finalReads() {
    return List.of(new Planned("read", SET_NAME, null));
  }

  @Override
  public CheckResult check(List<Op> history, long budgetMillis) {
    return SetChecker.check(history);
  }
}
