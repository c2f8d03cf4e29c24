package io.mneme.jepsen.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the operator's tool, mneme-admin, as a separate process, as an operator would: the
 * same main class deploy/bin/mneme-admin runs, on the nodes' own (copied) classpath, from the
 * root namespace (the nodes' admin ports, RESP port + 20000, are reachable over the bridge).
 * A command goes to the first node that answers; a node that cannot be reached (gRPC
 * UNAVAILABLE) passes it on to the next.
 */
public final class Admin {
  private static final String MAIN_CLASS = "io.mneme.shardmanager.cli.AdminCli";
  private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");
  /** How long one mneme-admin process may run before it is killed. */
  public static final long COMMAND_TIMEOUT_MS = 40_000;
  public static final long STATUS_TIMEOUT_MS = 30_000;
  private static final int OUTPUT_CHARS_MAX = 4_000;
  private static final Pattern SHARD_LINE =
      Pattern.compile("^  shard (\\d+)\\s+primary (\\S+)\\s+slots (\\S+).*$");
  private static final Pattern MEMBER_LINE =
      Pattern.compile("^    (\\S+)\\s+(LEADER|FOLLOWER)\\b.*$");

  private final Cluster cluster;
  private final String classpath;

  /** What one mneme-admin command printed and its exit status (-1: killed on timeout). */
  public record Result(int exit, String output, String node) {
    /** Whether it succeeded. */
    public boolean ok() {
      return exit == 0;
    }

    /** The last line printed, for the history. */
    public String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  /**
   * One shard as status shows it.
   *
   * @param id the shard id
   * @param primary the primary's node id ("(none)" without one)
   * @param slots the slots it owns
   * @param members its members' node ids, the primary included
   */
  public record Shard(int id, String primary, List<Integer> slots, List<String> members) {}

  /** mneme-admin against {@code cluster}'s nodes, run on {@code classpath}. */
  public Admin(Cluster cluster, String classpath) {
    this.cluster = cluster;
    this.classpath = classpath;
  }

  /** Runs {@code args} (a mneme-admin command and its options) within the timeout. */
  public Result run(long timeoutMillis, String... args) {
    Result last = new Result(-1, "no node", "none");
    for (NodeProcess n : cluster.nodes()) {
      last = runOn(n, timeoutMillis, args);
      if (last.ok() || !last.output().contains("UNAVAILABLE")) {
        return last;
      }
    }
    return last;
  }

  private Result runOn(NodeProcess n, long timeoutMillis, String... args) {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(List.of("-cp", classpath, MAIN_CLASS, "-h", Network.ip(n.index()), "-p",
        Integer.toString(NodeProcess.RESP_PORT)));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      // The output is small; reading it on this thread until exit or timeout is enough.
      AtomicReference<String> out = new AtomicReference<>("");
      Thread reader = new Thread(() -> {
        try {
          out.set(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          // The process was killed: what was read so far is lost, the exit status says why.
        }
      }, "mneme-admin-output");
      reader.start();
      if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        reader.join(1_000);
        return new Result(-1, "timed out after " + timeoutMillis + " ms", n.name());
      }
      reader.join(5_000);
      String text = out.get();
      text = text.length() > OUTPUT_CHARS_MAX ? text.substring(text.length() - OUTPUT_CHARS_MAX)
          : text;
      return new Result(p.exitValue(), text, n.name());
    } catch (IOException e) {
      return new Result(-1, "cannot run mneme-admin: " + e, n.name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted", n.name());
    }
  }

  /**
   * What `mneme-admin status` said.
   *
   * @param shards the shards by id, empty if the command failed
   * @param result the command's result
   */
  public record Status(Map<Integer, Shard> shards, Result result) {}

  /** Runs `mneme-admin status`. */
  public Status status() {
    Result r = run(STATUS_TIMEOUT_MS, "status");
    return new Status(r.ok() ? parseStatus(r.output()) : Map.of(), r);
  }

  /** Parses the shard section of `mneme-admin status`. */
  static Map<Integer, Shard> parseStatus(String status) {
    Map<Integer, Shard> out = new LinkedHashMap<>();
    Shard current = null;
    for (String line : status.split("\r?\n")) {
      Matcher s = SHARD_LINE.matcher(line);
      Matcher m = MEMBER_LINE.matcher(line);
      if (s.matches()) {
        current = new Shard(Integer.parseInt(s.group(1)), s.group(2), slots(s.group(3)),
            new ArrayList<>());
        out.put(current.id(), current);
      } else if (m.matches() && current != null) {
        current.members().add(m.group(1));
      }
    }
    return out;
  }

  /** "0-5,9" to [0..5, 9]; "(none)" to []. */
  static List<Integer> slots(String ranges) {
    List<Integer> out = new ArrayList<>();
    if (ranges.startsWith("(")) {
      return out;
    }
    for (String r : ranges.split(",")) {
      int dash = r.indexOf('-');
      int lo = Integer.parseInt(dash < 0 ? r : r.substring(0, dash));
      int hi = dash < 0 ? lo : Integer.parseInt(r.substring(dash + 1));
      for (int s = lo; s <= hi; s++) {
        out.add(s);
      }
    }
    return out;
  }
}
