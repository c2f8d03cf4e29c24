package io.mneme.jepsen.workload;

import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.checker.ListAppendChecker;
import io.mneme.jepsen.client.ClusterClient;
import io.mneme.jepsen.client.Outcome;
import io.mneme.jepsen.client.Reply;
import io.mneme.jepsen.history.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Elle's list-append: transactions of 1 to {@link #MOPS_MAX} micro-operations, each an append
 * of a unique value (RPUSH) or a read of a whole list (LRANGE 0 -1), run as MULTI ... EXEC,
 * checked for strict serializability by {@link ListAppendChecker}.
 *
 * <p>A transaction stays within one group of keys that share a hash tag, so it is one slot and
 * one shard (Redis refuses a MULTI across slots); groups spread over shards. Within a group,
 * transactions pick among {@link #KEYS_ACTIVE} keys of a window that slides on once a key has
 * had {@link #APPENDS_PER_KEY_MAX} appends, so lists stay short and reads cheap, as Elle does.
 */
public final class ListAppendWorkload implements Workload {
  private static final int MOPS_MAX = 4;
  private static final int KEYS_ACTIVE = 4;
  private static final int APPENDS_PER_KEY_MAX = 32;
  /** Key numbers per group; a run uses far fewer (each holds 32 appends). */
  private static final int KEY_NUMBERS_MAX = 1 << 16;
  private final int groups;
  /** The first key number of each group's active window. */
  private final AtomicIntegerArray windowStart;
  /** Appends planned per group and key number. */
  private final ConcurrentHashMap<String, Integer> appendsPlanned = new ConcurrentHashMap<>();
  private final Set<String> used = ConcurrentHashMap.newKeySet();

  /** A list-append workload over {@code groups} hash-tag groups. */
  public ListAppendWorkload(int groups) {
    if (groups < 1) {
      throw new IllegalArgumentException("groups must be positive: " + groups);
    }
    this.groups = groups;
    this.windowStart = new AtomicIntegerArray(groups);
  }

  @Override
  public String name() {
    return "list-append";
  }

  private static String group(int g) {
    return "jepsen:la" + g;
  }

  private static String key(int g, int n) {
    return "{" + group(g) + "}:" + n;
  }

  @Override
  public Planned next(Random rnd, int worker, long seq) {
    int g = rnd.nextInt(groups);
    int n = 1 + rnd.nextInt(MOPS_MAX);
    List<Object> mops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int number = windowStart.get(g) + rnd.nextInt(KEYS_ACTIVE);
      String k = key(g, number);
      used.add(k);
      if (rnd.nextBoolean()) {
        mops.add(Arrays.asList("r", k, null));
        continue;
      }
      mops.add(Arrays.asList("append", k, Workload.unique(worker, seq) * MOPS_MAX + i));
      if (appendsPlanned.merge(k, 1, Integer::sum) >= APPENDS_PER_KEY_MAX) {
        windowStart.accumulateAndGet(g, number + 1,
            (cur, cand) -> Math.min(KEY_NUMBERS_MAX - KEYS_ACTIVE, Math.max(cur, cand)));
      }
    }
    return new Planned("txn", group(g), mops);
  }

  @Override
  public Completion execute(ClusterClient client, Planned op) {
    List<?> mops = (List<?>) op.value();
    String routeKey = (String) ((List<?>) mops.get(0)).get(1);
    boolean writes = mops.stream().anyMatch(m -> "append".equals(((List<?>) m).get(0)));
    Outcome o = client.run(routeKey, s -> transaction(s, mops, writes));
    if (o.type() != Outcome.Type.OK) {
      return Workload.complete(o, op.value(), op);
    }
    List<Reply> replies = o.reply().items();
    List<Object> done = new ArrayList<>(mops.size());
    for (int i = 0; i < mops.size(); i++) {
      List<?> m = (List<?>) mops.get(i);
      Reply r = replies.get(i);
      if ("r".equals(m.get(0))) {
        List<Long> list = r.items().stream().map(x -> Long.parseLong(x.text())).toList();
        done.add(Arrays.asList("r", m.get(1), list));
      } else {
        done.add(m);
      }
    }
    return new Completion(Op.Type.OK, done, null);
  }

  /** MULTI, the micro-operations, EXEC; ok only with a reply of the right shape per command. */
  private static Outcome transaction(ClusterClient.Session s, List<?> mops, boolean writes)
      throws IOException {
    s.mayApply(false);
    Reply multi = s.call("MULTI");
    if (multi.isError()) {
      return Outcome.fail("MULTI: " + multi);
    }
    for (Object o : mops) {
      List<?> m = (List<?>) o;
      String k = m.get(1).toString();
      Reply queued = "r".equals(m.get(0)) ? s.call("LRANGE", k, "0", "-1")
          : s.call("RPUSH", k, m.get(2).toString());
      if (queued.isError()) {
        s.call("DISCARD");
        return Outcome.fail("queueing: " + queued);
      }
    }
    s.mayApply(writes);
    Reply exec = s.call("EXEC");
    if (exec.isError()) {
      return ClusterClient.classify(exec.text()) == ClusterClient.ErrorKind.EXEC_ABORT
          ? Outcome.fail(exec.toString()) : writes ? Outcome.info("EXEC: " + exec)
          : Outcome.fail("read-only EXEC: " + exec);
    }
    if (exec.items() == null || exec.items().size() != mops.size()) {
      return writes ? Outcome.info("unexpected EXEC reply " + exec)
          : Outcome.fail("unexpected EXEC reply " + exec);
    }
    for (int i = 0; i < mops.size(); i++) {
      boolean read = "r".equals(((List<?>) mops.get(i)).get(0));
      Reply r = exec.items().get(i);
      boolean shaped = read ? r.kind() == Reply.Kind.ARRAY && r.items() != null
          : r.kind() == Reply.Kind.INTEGER;
      if (!shaped) {
        return writes ? Outcome.info("unexpected reply in EXEC: " + exec)
            : Outcome.fail("unexpected reply in EXEC: " + exec);
      }
    }
    return Outcome.ok(exec);
  }

  @Override
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      out.add(key(g, 0));
    }
    return out;
  }

  /** One read-only transaction per key used, so every list's final state is in the history. */
  @Override
  public List<Planned> finalReads() {
    List<Planned> out = new ArrayList<>();
    for (String k : new java.util.TreeSet<>(used)) {
      String g = k.substring(1, k.indexOf('}'));
      out.add(new Planned("txn", g, List.of(Arrays.asList("r", k, null))));
    }
    return out;
  }

  @Override
  public CheckResult check(List<Op> history, long budgetMillis) {
    return ListAppendChecker.check(history);
  }
}
