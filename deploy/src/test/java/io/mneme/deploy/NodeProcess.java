package io.mneme.deploy;

import io.mneme.raft.PeerAddress;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Mneme node in a process of its own, started from the test's class path, for kill -9. */
final class NodeProcess implements AutoCloseable {
  final String id;
  final String host;
  final int port;
  final int raftPort;
  final Path dir;
  private final List<String> args;
  private Process process;

  NodeProcess(String id, String host, int port, int raftPort, Path dir, String peers,
      String... extra) {
    this.id = id;
    this.host = host;
    this.port = port;
    this.raftPort = raftPort;
    this.dir = dir;
    this.args = new ArrayList<>(List.of("--node-id", id, "--bind", host, "--port",
        Integer.toString(port), "--raft-port", Integer.toString(raftPort), "--dir", dir.toString(),
        "--peers", peers));
    this.args.addAll(List.of(extra));
  }

  /** Peers string for nodes 1..n on 127.0.0.(10+i), RESP ports base+i-1. */
  static String peers(int n, int basePort) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      int port = basePort + i - 1;
      sb.append(sb.length() == 0 ? "" : ",").append("n").append(i).append("=127.0.0.")
          .append(10 + i).append(':').append(port).append('@').append(port + 10000);
    }
    return sb.toString();
  }

  static List<NodeProcess> cluster(int n, int basePort, Path root, String... extra) {
    String peers = peers(n, basePort);
    List<NodeProcess> nodes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      int port = basePort + i - 1;
      nodes.add(new NodeProcess("n" + i, "127.0.0." + (10 + i), port, port + 10000,
          root.resolve("n" + i), peers, extra));
    }
    return nodes;
  }

  void start() throws IOException {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xms128m", "-Xmx768m", "-XX:+UseG1GC"));
    if (Runtime.version().feature() >= 24) {
      command.addAll(List.of("--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow"));
    }
    // Lets the whole suite run over the other Raft transport: mvn test -Dmneme.raftTransport=netty
    String transport = System.getProperty("mneme.raftTransport");
    if (transport != null) {
      command.add("-Dmneme.raftTransport=" + transport);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        MnemeServer.class.getName()));
    command.addAll(args);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
        .start();
  }

  /** The admin gRPC port, which every node derives from its RESP port. */
  int adminPort() {
    return port + PeerAddress.ADMIN_PORT_OFFSET;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  void kill9() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM and wait for a clean exit. */
  int stop() throws InterruptedException {
    if (process == null) {
      return 0;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      return -1;
    }
    return process.exitValue();
  }

  void awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 200);
        return;
      } catch (IOException e) {
        if (!isAlive()) {
          throw new IllegalStateException("node " + id + " exited; see " + log());
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("node " + id + " not listening after " + timeout);
  }

  File log() {
    return dir.resolve("server.log").toFile();
  }

  @Override
  public void close() throws InterruptedException {
    kill9();
  }

  @Override
  public String toString() {
    return id + "@" + host + ":" + port;
  }
}
