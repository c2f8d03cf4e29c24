package io.mneme.jepsen.nemesis;

import io.mneme.jepsen.cluster.Admin;
import io.mneme.jepsen.cluster.Cluster;
import io.mneme.jepsen.cluster.FakeTime;
import io.mneme.jepsen.cluster.NodeProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The faults: kill, pause, partition, clock, and the operator's migrate and member. */
public final class Faults {
  private Faults() {}

  /** Every fault name the runner accepts. */
  public static final List<String> NAMES =
      List.of("kill", "pause", "partition", "clock", "migrate", "member");
  /** The faults that need a cluster of several shards. */
  public static final List<String> SHARDED = List.of("migrate", "member");

  /**
   * Creates the fault called {@code name}.
   *
   * @param admin runs mneme-admin (migrate, member)
   * @param keys the workload's keys, whose slots migrate moves
   */
  public static Fault create(String name, Cluster cluster, Admin admin, List<String> keys) {
    return switch (name) {
      case "kill" -> new Kill(cluster);
      case "pause" -> new Pause(cluster);
      case "partition" -> new Partition(cluster);
      case "clock" -> new Clock(cluster);
      case "migrate" -> new Migrate(admin, keys);
      case "member" -> new Member(admin);
      default -> throw new IllegalArgumentException("unknown nemesis " + name
          + " (known: " + NAMES + ")");
    };
  }

  /** The primary half the time (when there is one), else a random node. */
  static NodeProcess target(Cluster c, Random choice) {
    boolean wantPrimary = choice.nextBoolean();
    int any = choice.nextInt(c.nodes().size());
    NodeProcess p = wantPrimary ? c.primary() : null;
    return p != null ? p : c.nodes().get(any);
  }

  private static final class Kill implements Fault {
    private final Cluster cluster;
    private final Set<NodeProcess> killed = new LinkedHashSet<>();

    Kill(Cluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public String name() {
      return "kill";
    }

    @Override
    public String inject(Random choice) {
      NodeProcess n = target(cluster, choice);
      n.kill();
      killed.add(n);
      return "kill -9 " + n.name();
    }

    @Override
    public String heal() {
      List<String> names = new ArrayList<>();
      for (NodeProcess n : killed) {
        try {
          n.start();
          names.add(n.name());
        } catch (IOException e) {
          names.add(n.name() + " (restart failed: " + e.getMessage() + ")");
        }
      }
      killed.clear();
      return "restart " + names;
    }
  }

  private static final class Pause implements Fault {
    private final Cluster cluster;
    private final Set<NodeProcess> paused = new LinkedHashSet<>();

    Pause(Cluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public String name() {
      return "pause";
    }

    @Override
    public String inject(Random choice) {
      NodeProcess n = target(cluster, choice);
      boolean done = n.pause();
      paused.add(n);
      return "SIGSTOP " + n.name() + (done ? "" : " (not running)");
    }

    @Override
    public String heal() {
      List<String> names = new ArrayList<>();
      for (NodeProcess n : paused) {
        n.resume();
        names.add(n.name());
      }
      paused.clear();
      return "SIGCONT " + names;
    }
  }

  /** Network partitions: isolate the primary, random majority/minority halves, or a bridge. */
  private static final class Partition implements Fault {
    private final Cluster cluster;

    Partition(Cluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public String name() {
      return "partition";
    }

    @Override
    public String inject(Random choice) {
      int n = cluster.nodes().size();
      List<Integer> order = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        order.add(i);
      }
      Collections.shuffle(order, choice);
      int kind = choice.nextInt(3);
      Map<Integer, Set<Integer>> grudges;
      String what;
      if (kind == 0) {
        NodeProcess p = cluster.primary();
        int alone = p != null ? p.index() : order.get(0);
        order.remove(Integer.valueOf(alone));
        order.add(0, alone);
        grudges = halves(order, 1);
        what = "isolate primary n" + alone;
      } else if (kind == 1 || n < 3) {
        grudges = halves(order, n / 2);
        what = "minority " + names(order.subList(0, n / 2)) + " | majority "
            + names(order.subList(n / 2, n));
      } else {
        grudges = bridge(order);
        what = "bridge n" + order.get(0) + " between " + names(order.subList(1, 1 + (n - 1) / 2))
            + " and " + names(order.subList(1 + (n - 1) / 2, n));
      }
      cluster.network().partition(grudges);
      return what;
    }

    /** The first {@code k} of {@code order} against the rest. */
    private static Map<Integer, Set<Integer>> halves(List<Integer> order, int k) {
      Set<Integer> a = new HashSet<>(order.subList(0, k));
      Set<Integer> b = new HashSet<>(order.subList(k, order.size()));
      Map<Integer, Set<Integer>> g = new HashMap<>();
      a.forEach(i -> g.put(i, b));
      b.forEach(i -> g.put(i, a));
      return g;
    }

    /** order[0] talks to everyone; the two halves of the rest cannot talk to each other. */
    private static Map<Integer, Set<Integer>> bridge(List<Integer> order) {
      List<Integer> rest = order.subList(1, order.size());
      int k = rest.size() / 2;
      Map<Integer, Set<Integer>> g = halves(rest, k);
      g.put(order.get(0), Set.of());
      return g;
    }

    private static String names(List<Integer> idx) {
      return idx.stream().map(i -> "n" + i).toList().toString();
    }

    @Override
    public String heal() {
      cluster.network().heal();
      return "heal network";
    }
  }

  /**
   * Clock skew: restarts a node (kill -9) under libfaketime with an offset and a rate. The JVM
   * reads both CLOCK_REALTIME and CLOCK_MONOTONIC through libc, which libfaketime intercepts,
   * so System.nanoTime() (Raft timeouts and the leader lease) runs fast or slow too.
   */
  private static final class Clock implements Fault {
    private static final double[] RATES = {0.5, 0.8, 1.25, 2.0};
    private static final int OFFSET_MAX_S = 300;
    private final Cluster cluster;
    private final Set<NodeProcess> skewed = new LinkedHashSet<>();

    Clock(Cluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public String name() {
      return "clock";
    }

    @Override
    public String inject(Random choice) {
      NodeProcess n = target(cluster, choice);
      int offset = choice.nextInt(2 * OFFSET_MAX_S + 1) - OFFSET_MAX_S;
      double rate = RATES[choice.nextInt(RATES.length)];
      if (FakeTime.library() == null) {
        return "clock skew skipped: libfaketime not installed";
      }
      String spec = String.format(Locale.ROOT, "%+ds x%.2f", offset, rate);
      restart(n, spec);
      skewed.add(n);
      return "restart " + n.name() + " with FAKETIME='" + spec + "'";
    }

    @Override
    public String heal() {
      List<String> names = new ArrayList<>();
      for (NodeProcess n : skewed) {
        restart(n, null);
        names.add(n.name());
      }
      skewed.clear();
      return "restart with the true clock " + names;
    }

    private static void restart(NodeProcess n, String spec) {
      n.kill();
      n.setFakeTime(spec);
      try {
        n.start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot restart " + n.name(), e);
      }
    }
  }
}
