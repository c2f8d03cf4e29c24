package io.mneme.jepsen;

import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.history.HistoryFile;
import io.mneme.jepsen.history.Op;
import io.mneme.jepsen.nemesis.Faults;
import java.io.IOException;
import io.mneme.jepsen.workload.Workloads;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the harness (see bin/mneme-jepsen). */
@Command(name = "mneme-jepsen", mixinStandardHelpOptions = true,
    description = "Runs a Mneme cluster in network namespaces under faults and checks the "
        + "history. Exit 0 valid, 1 invalid, 2 broken run. Needs root.")
public final class Main implements Callable<Integer> {
  /** Upper bound of the random pause between two operations of a worker. */
  static final int STAGGER_MS = 20;
  /** Shards of the cluster under migrate or member, unless --node-config sets them. */
  static final int SHARDS_FOR_SHARDED_FAULTS = 2;
  private static final String DEFAULT_JVM_FLAGS = "-Xms256m -Xmx1g -XX:+UseG1GC";

  @Option(names = "--workload", required = true,
      description = "register, set, counter or list-append")
  String workload;

  @Option(names = "--nemesis", split = ",",
      description = "kill,pause,partition,clock,migrate,member (or none)")
  List<String> nemeses = new ArrayList<>();

  @Option(names = "--time-limit", defaultValue = "60", description = "seconds of client load")
  long timeLimit;

  @Option(names = "--concurrency", defaultValue = "5", description = "client workers")
  int concurrency;

  @Option(names = "--seed", defaultValue = "1", description = "seed of operations and faults")
  long seed;

  @Option(names = "--nodes", defaultValue = "3", description = "nodes")
  int nodes;

  @Option(names = "--out", description = "result directory (default: jepsen-results/...)")
  Path out;

  @Option(names = "--node-config", description = "KEY=VALUE passed to every node as --KEY VALUE")
  List<String> nodeConfig = new ArrayList<>();

  @Option(names = "--server-classpath", description = "classpath of io.mneme.deploy.MnemeServer")
  String serverClasspath;

  @Option(names = "--check-history",
      description = "only check an existing history.jsonl with the workload's checker")
  Path checkHistory;

  @Option(names = "--jvm-flags", defaultValue = DEFAULT_JVM_FLAGS, description = "node JVM flags")
  String jvmFlags;

  @Option(names = "--op-timeout-ms", defaultValue = "2000",
      description = "reply timeout; a request unanswered by then is indeterminate")
  int opTimeoutMs;

  @Option(names = "--check-budget", defaultValue = "120", description = "checker seconds")
  long checkBudget;

  @Override
  public Integer call() {
    if (!Workloads.NAMES.contains(workload)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "unknown workload " + workload + "; known: " + Workloads.NAMES);
    }
    List<String> faults = nemeses.stream().filter(n -> !n.equals("none")).toList();
    for (String f : faults) {
      if (!Faults.NAMES.contains(f)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown nemesis " + f);
      }
    }
    if (checkHistory != null) {
      return checkOnly();
    }
    if (serverClasspath == null) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--server-classpath is required for a run");
    }
    Path dir = out != null ? out : Path.of("jepsen-results", workload + "-" + seed + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Map<String, String> config = parseConfig();
    if (faults.stream().anyMatch(Faults.SHARDED::contains)) {
      // Slots need somewhere to go: two shards unless the command line says otherwise.
      config.putIfAbsent("cluster-shards", Integer.toString(SHARDS_FOR_SHARDED_FAULTS));
    }
    RunOptions o = new RunOptions(workload, faults, timeLimit, concurrency, seed, nodes, dir,
        config, serverClasspath, List.of(jvmFlags.trim().split("\\s+")), opTimeoutMs,
        checkBudget);
    return new Runner(o).run();
  }

  /** Re-checks a recorded history: the checker alone, no cluster. */
  private int checkOnly() {
    try {
      List<Op> ops = HistoryFile.read(checkHistory);
      CheckResult r = Workloads.create(workload).check(ops, checkBudget * 1000);
      System.out.println(r.verdict() + ": " + r.summary());
      return Runner.exitCode(r.verdict(), null);
    } catch (IOException e) {
      System.err.println("cannot read " + checkHistory + ": " + e);
      return Runner.EXIT_BROKEN;
    }
  }

  private Map<String, String> parseConfig() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : nodeConfig) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--node-config wants KEY=VALUE, got " + kv);
      }
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  /** Entry point. */
  public static void main(String[] args) {
    // Any exception is a broken run (2), never "invalid" (1), which only the checker says.
    int code = new CommandLine(new Main())
        .setExitCodeExceptionMapper(t -> Runner.EXIT_BROKEN).execute(args);
    System.exit(code);
  }
}
