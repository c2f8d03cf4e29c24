package io.mneme.jepsen;

import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.checker.Verdict;
import io.mneme.jepsen.client.ClusterClient;
import io.mneme.jepsen.cluster.Admin;
import io.mneme.jepsen.cluster.Cluster;
import io.mneme.jepsen.cluster.Network;
import io.mneme.jepsen.history.History;
import io.mneme.jepsen.history.HistoryFile;
import io.mneme.jepsen.history.Op;
import io.mneme.jepsen.nemesis.Fault;
import io.mneme.jepsen.nemesis.Faults;
import io.mneme.jepsen.nemesis.Nemesis;
import io.mneme.jepsen.nemesis.Schedule;
import io.mneme.jepsen.report.HtmlReport;
import io.mneme.jepsen.report.Results;
import io.mneme.jepsen.workload.Workload;
import io.mneme.jepsen.workload.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One harness run: cluster up, clients and nemesis for the time limit, heal, recover, final
 * reads, check, report, clean up. Exit codes: 0 valid, 1 invalid, 2 the run itself broke (or
 * the checker could not decide).
 */
public final class Runner {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
  public static final int EXIT_VALID = 0;
  public static final int EXIT_INVALID = 1;
  public static final int EXIT_BROKEN = 2;
  private static final long STARTUP_TIMEOUT_MS = 90_000;
  private static final long RECOVERY_TIMEOUT_MS = 90_000;
  /** Extra time, past the limit, for in-flight requests (several attempts each). */
  private static final long WORKER_JOIN_MARGIN_MS = 30_000;
  private static final long NEMESIS_JOIN_MS = 60_000;
  private static final int FINAL_READ_ATTEMPTS = 20;
  private static final long FINAL_READ_PAUSE_MS = 500;
  /** Processes of the final reads are numbered from here, apart from the workers'. */
  private static final int FINAL_PROCESS_BASE = 1_000_000;

  private final RunOptions o;
  private final Workload workload;
  /** Replaced when the cluster is up, so event times count from the start of the load. */
  private volatile History history = new History();
  private final Map<String, Integer> errorCounts = new ConcurrentHashMap<>();
  /** Node processes that exited without the harness killing them: bugs to report. */
  private final List<String> crashes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final long CRASH_POLL_MS = 1_000;
  private final AtomicBoolean cleaned = new AtomicBoolean();
  private Path dataDir;
  private Cluster cluster;

  /** A run with options {@code o}. */
  public Runner(RunOptions o) {
    this.o = o;
    this.workload = Workloads.create(o.workload());
  }

  /** Runs and returns the exit code; cleans up everything it made, even on failure. */
  public int run() {
    Thread hook = new Thread(this::cleanup, "jepsen-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runInner();
    } catch (Exception | LinkageError e) {
      LOG.error("run broken", e);
      writeBroken(e.toString());
      return EXIT_BROKEN;
    } finally {
      cleanup();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running or has run.
      }
    }
  }

  private int runInner() throws Exception {
    Network.destroyAll();
    Files.createDirectories(o.out());
    dataDir = Files.createTempDirectory("mneme-jepsen-data");
    List<Fault> faults = new ArrayList<>();
    cluster = new Cluster(o.nodes(), o.serverClasspath(), o.jvmFlags(), o.nodeConfig(), dataDir,
        Files.createDirectories(o.out().resolve("nodes")));
    Admin admin = new Admin(cluster, o.serverClasspath());
    o.nemeses().forEach(n -> faults.add(Faults.create(n, cluster, admin, workload.keys())));
    List<Schedule.Event> schedule = Schedule.build(o.seed(), o.nemeses(),
        o.timeLimitSeconds() * 1000);
    cluster.start();
    if (!cluster.awaitWritable(STARTUP_TIMEOUT_MS, workload.keys())) {
      return broken("no writable primary within " + STARTUP_TIMEOUT_MS + " ms of start");
    }
    noteCrashes();
    history = new History();
    LOG.info("cluster up; running {} for {} s with {} ({} scheduled fault actions)",
        o.workload(), o.timeLimitSeconds(), o.nemeses(), schedule.size());
    long start = System.nanoTime();
    runClientsAndNemesis(faults, schedule, start);
    boolean recovered = cluster.awaitWritable(RECOVERY_TIMEOUT_MS, workload.keys());
    history.nemesis("recovered", recovered);
    boolean finalOk = recovered && finalReads();
    return finish(schedule, recovered, finalOk);
  }

  private void runClientsAndNemesis(List<Fault> faults, List<Schedule.Event> schedule,
      long start) throws InterruptedException {
    Map<String, Fault> byName = new LinkedHashMap<>();
    faults.forEach(f -> byName.put(f.name(), f));
    Nemesis nemesis = new Nemesis(schedule, byName, history, start);
    Thread nt = new Thread(nemesis, "nemesis");
    nt.start();
    AtomicBoolean loadDone = new AtomicBoolean();
    Thread watcher = new Thread(() -> watchCrashes(loadDone), "crash-watcher");
    watcher.setDaemon(true);
    watcher.start();
    long deadline = start + o.timeLimitSeconds() * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < o.concurrency(); w++) {
      int worker = w;
      Thread t = new Thread(() -> new Worker(worker, deadline).run(), "worker-" + w);
      t.start();
      workers.add(t);
    }
    long joinBy = System.currentTimeMillis() + o.timeLimitSeconds() * 1000
        + WORKER_JOIN_MARGIN_MS;
    for (Thread t : workers) {
      t.join(Math.max(1, joinBy - System.currentTimeMillis()));
    }
    nemesis.stop();
    nt.join(NEMESIS_JOIN_MS);
    loadDone.set(true);
    watcher.join(NEMESIS_JOIN_MS);
    noteCrashes();
    nemesis.healAll();
    cluster.healAll();
  }

  /** Polls the nodes for crashes until the load is over (bounded by the run's end). */
  private void watchCrashes(AtomicBoolean done) {
    while (!done.get()) {
      noteCrashes();
      sleepQuietly(CRASH_POLL_MS);
    }
  }

  /**
   * Records crashes in the history (process nemesis, f "crash") and in results.json, and
   * restarts the crashed nodes, as a supervisor would, so the run goes on with every node.
   */
  private void noteCrashes() {
    for (String c : cluster.newCrashes()) {
      LOG.error("node crash: {}", c);
      history.nemesis("crash", c);
      crashes.add(c);
    }
    cluster.restartCrashed();
  }

  /** One client worker: its own seeded operation source, its own connection. */
  private final class Worker {
    private final int worker;
    private final long deadlineNanos;
    private final java.util.Random rnd;
    private int process;

    Worker(int worker, long deadlineNanos) {
      this.worker = worker;
      this.deadlineNanos = deadlineNanos;
      this.rnd = new java.util.Random(o.seed() * 1_000_003L + worker);
      this.process = worker;
    }

    void run() {
      ClusterClient client = newClient();
      long seq = 0;
      while (System.nanoTime() < deadlineNanos) {
        Workload.Planned p = workload.next(rnd, worker, seq++);
        Workload.Completion c = perform(client, process, p);
        if (c.type() == Op.Type.INFO) {
          // The request may still be in flight: the process is done, as in Jepsen.
          client.close();
          client = newClient();
          process += o.concurrency();
        }
        sleepQuietly(rnd.nextInt(Main.STAGGER_MS));
      }
      client.close();
    }

    private ClusterClient newClient() {
      return new ClusterClient(cluster.addresses(), worker % o.nodes(), o.opTimeoutMillis());
    }
  }

  private Workload.Completion perform(ClusterClient client, int process, Workload.Planned p) {
    Op inv = history.invoke(process, p.f(), p.key(), p.value());
    Workload.Completion c;
    try {
      c = workload.execute(client, p);
    } catch (RuntimeException e) {
      c = new Workload.Completion(Op.Type.INFO, p.value(), e.toString());
    }
    history.complete(inv, c.type(), c.value());
    if (c.error() != null) {
      errorCounts.merge(c.type().json() + ": " + normalise(c.error()), 1, Integer::sum);
    }
    return c;
  }

  /** Error texts without addresses and numbers, so like errors count together. */
  private static String normalise(String error) {
    String s = error.replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+", "ADDR")
        .replaceAll("\\d+", "N");
    return s.length() > 120 ? s.substring(0, 120) : s;
  }

  private boolean finalReads() {
    int process = FINAL_PROCESS_BASE;
    boolean allOk = true;
    try (ClusterClient client = new ClusterClient(cluster.addresses(), 0, o.opTimeoutMillis())) {
      for (Workload.Planned p : workload.finalReads()) {
        boolean ok = false;
        for (int a = 0; a < FINAL_READ_ATTEMPTS && !ok; a++) {
          ok = perform(client, process++, p).type() == Op.Type.OK;
          if (!ok) {
            sleepQuietly(FINAL_READ_PAUSE_MS);
          }
        }
        allOk &= ok;
      }
    }
    return allOk;
  }

  private int finish(List<Schedule.Event> schedule, boolean recovered, boolean finalOk)
      throws IOException {
    List<Op> ops = history.snapshot();
    HistoryFile.write(o.out().resolve("history.jsonl"), ops);
    long t0 = System.nanoTime();
    CheckResult result = workload.check(ops, o.checkBudgetSeconds() * 1000);
    long checkMs = (System.nanoTime() - t0) / 1_000_000L;
    String broken = !recovered ? "cluster did not recover after healing"
        : !finalOk ? "final reads did not succeed" : null;
    int code = exitCode(result.verdict(), broken);
    noteCrashes();
    Results.write(o.out().resolve("results.json"), o, result, ops, schedule, errorCounts,
        crashes, broken, checkMs, code);
    HtmlReport.write(o.out().resolve("report.html"), o, result, ops, code);
    LOG.info("verdict {} ({}); {}", result.verdict(), result.summary(),
        broken == null ? "run complete" : "run broken: " + broken);
    LOG.info("results in {}", o.out().toAbsolutePath());
    return code;
  }

  /** Invalid wins over broken: an anomaly seen is an anomaly, whatever came after. */
  static int exitCode(Verdict v, String broken) {
    if (v == Verdict.INVALID) {
      return EXIT_INVALID;
    }
    return broken == null && v == Verdict.VALID ? EXIT_VALID : EXIT_BROKEN;
  }

  private int broken(String why) {
    LOG.error("run broken: {}", why);
    writeBroken(why);
    return EXIT_BROKEN;
  }

  private void writeBroken(String why) {
    try {
      Files.createDirectories(o.out());
      HistoryFile.write(o.out().resolve("history.jsonl"), history.snapshot());
      Results.writeBroken(o.out().resolve("results.json"), o, why);
    } catch (IOException e) {
      LOG.warn("cannot write results: {}", e.toString());
    }
  }

  /** Kills the nodes, removes the network and the data directory; runs at most once. */
  private void cleanup() {
    if (!cleaned.compareAndSet(false, true)) {
      return;
    }
    if (cluster != null) {
      cluster.stop();
    }
    Network.destroyAll();
    if (dataDir != null) {
      deleteTree(dataDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
