package io.mneme.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/** A single-node cluster run inside the test's JVM on 127.0.0.1, with quick elections. */
final class InJvmNode {
  private static final long WRITABLE_WAIT_NANOS = 20_000_000_000L;
  private static final long SNAPSHOT_WAIT_NANOS = 30_000_000_000L;

  private InJvmNode() {}

  /** Starts a node on {@code port} with data in {@code dir}; returns once it takes writes. */
  static MnemeServer start(int port, Path dir, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port),
        "--dir", dir.toString(), "--election-timeout-min-ms", "150",
        "--election-timeout-max-ms", "300"));
    args.addAll(List.of(extra));
    MnemeServer server = MnemeServer.start(NodeConfig.parse(args.toArray(new String[0])));
    awaitWritable(port);
    return server;
  }

  /** Waits until the node on {@code port} acknowledges a write. */
  static void awaitWritable(int port) throws InterruptedException {
    long deadline = System.nanoTime() + WRITABLE_WAIT_NANOS;
    while (System.nanoTime() < deadline) {
      try (Jedis j = new Jedis("127.0.0.1", port, 1000)) {
        if ("OK".equals(j.set("__ready__", "1"))) {
          return;
        }
      } catch (RuntimeException e) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("node did not take writes");
  }

  /** Waits until shard 0's snapshot is on disk and its log no longer starts at index 0. */
  static void awaitSnapshotAndPurge(Path dir) throws Exception {
    long deadline = System.nanoTime() + SNAPSHOT_WAIT_NANOS;
    while (System.nanoTime() < deadline) {
      List<String> files = shardFiles(dir);
      if (has(files, "snapshot.meta") && !has(files, "log_0-")
          && !has(files, "log_inprogress_0")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no snapshot or no purge; files: " + shardFiles(dir));
  }

  private static boolean has(List<String> files, String prefix) {
    return files.stream().anyMatch(f -> f.startsWith(prefix));
  }

  /** File names under shard 0's group (the metadata group keeps a log of its own beside it). */
  static List<String> shardFiles(Path dir) throws IOException {
    Path shardDir = dir.resolve("raft").resolve(
        io.mneme.raft.RaftNode.SHARD_0.getUuid().toString());
    try (Stream<Path> walk = Files.walk(shardDir)) {
      return walk.map(p -> p.getFileName().toString()).toList();
    }
  }
}
