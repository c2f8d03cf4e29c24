package io.mneme.jepsen.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Mneme node process, run inside its namespace with `ip netns exec` (which execs, so the
 * process id is the JVM's and signals reach it directly). Methods are synchronized because the
 * nemesis and the final heal may act on the same node.
 */
public final class NodeProcess {
  private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);
  /** The RESP and Raft ports; every node has an address of its own, so they can be fixed. */
  public static final int RESP_PORT = 6379;
  public static final int RAFT_PORT = 16379;
  private static final long EXIT_WAIT_MS = 5_000;
  private static final String MAIN_CLASS = "io.mneme.deploy.MnemeServer";

  private final int index;
  private final List<String> serverArgs;
  private final String classpath;
  private final List<String> jvmFlags;
  private final Path log;
  private Process process;
  private boolean paused;
  /** Whether the harness killed the current process (else an exit is a crash of the node). */
  private boolean killedByHarness;
  /** Whether the current process's crash has been reported already. */
  private boolean crashReported;
  /** libfaketime settings applied at the next start, or null for the true clock. */
  private String fakeTime;

  /**
   * @param index 1-based node number
   * @param serverArgs the MnemeServer arguments
   * @param classpath the server's classpath
   * @param jvmFlags JVM flags
   * @param log file receiving the server's output (appended across restarts)
   */
  public NodeProcess(int index, List<String> serverArgs, String classpath, List<String> jvmFlags,
      Path log) {
    this.index = index;
    this.serverArgs = List.copyOf(serverArgs);
    this.classpath = classpath;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.log = log;
  }

  /** The node's name, n1..nN. */
  public String name() {
    return "n" + index;
  }

  /** 1-based node number. */
  public int index() {
    return index;
  }

  /** host:port of the node's RESP listener. */
  public String address() {
    return Network.ip(index) + ":" + RESP_PORT;
  }

  /** Starts the node unless it is running. */
  public synchronized void start() throws IOException {
    if (alive()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", Network.namespace(index)));
    if (fakeTime != null) {
      cmd.addAll(List.of("env", "LD_PRELOAD=" + FakeTime.library(), "FAKETIME=" + fakeTime,
          "FAKETIME_NO_CACHE=1"));
    }
    cmd.add("java");
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", classpath, MAIN_CLASS));
    cmd.addAll(serverArgs);
    File out = log.toFile();
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out)).start();
    paused = false;
    killedByHarness = false;
    crashReported = false;
    LOG.info("started {} (pid {}){}", name(), process.pid(),
        fakeTime == null ? "" : " with FAKETIME=" + fakeTime);
  }

  /** Whether the process is running (paused counts as running). */
  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** kill -9, waiting a bounded time for the process to be gone. */
  public synchronized void kill() {
    if (!alive()) {
      return;
    }
    killedByHarness = true;
    process.destroyForcibly();
    try {
      process.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    paused = false;
  }

  /**
   * If the node exited on its own (not killed by the harness) and this was not reported yet,
   * a description of the crash; else null.
   */
  public synchronized String newCrash() {
    if (process == null || process.isAlive() || killedByHarness || crashReported) {
      return null;
    }
    crashReported = true;
    return name() + " exited on its own with status " + process.exitValue()
        + " (see nodes/" + name() + ".log)";
  }

  /** Whether the process exited without the harness killing it. */
  public synchronized boolean crashed() {
    return process != null && !process.isAlive() && !killedByHarness;
  }

  /** SIGSTOP. */
  public synchronized boolean pause() {
    if (!alive() || paused) {
      return false;
    }
    paused = Shell.run("kill", "-STOP", Long.toString(process.pid())).ok();
    return paused;
  }

  /** SIGCONT, if paused. */
  public synchronized void resume() {
    if (alive() && paused) {
      Shell.run("kill", "-CONT", Long.toString(process.pid()));
    }
    paused = false;
  }

  /** Sets the libfaketime spec used from the next start on (null: the true clock). */
  public synchronized void setFakeTime(String spec) {
    this.fakeTime = spec;
  }

  /** Whether the node runs (or will run) on a skewed clock. */
  public synchronized boolean skewed() {
    return fakeTime != null;
  }
}
