package io.mneme.deploy;

import io.mneme.raft.PeerAddress;
import io.mneme.shardmanager.ClusterNode;
import io.mneme.resp.NodeContext;
import io.mneme.resp.RespServer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Mneme node: the Raft server with its shard, and the RESP listener in front of it. */
public final class MnemeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MnemeServer.class);
  static final String LOCK_FILE = "mneme.lock";
  static final String NODE_ID_FILE = "node-id";

  private final FileChannel lockChannel;
  private final ClusterNode cluster;
  private final RespServer resp;

  private MnemeServer(FileChannel lockChannel, ClusterNode cluster, RespServer resp) {
    this.lockChannel = lockChannel;
    this.cluster = cluster;
    this.resp = resp;
  }

  public static MnemeServer start(NodeConfig config) throws IOException, InterruptedException {
    Path dir = config.dir();
    Files.createDirectories(dir);
    if (config.respOptions().debugUnsafeReads()) {
      for (int i = 0; i < 3; i++) {
        LOG.warn("debug-unsafe-reads is ON: reads are served from local state on every node,"
            + " WITHOUT linearizability. For fault-injection tests only; never in production.");
      }
    }
    FileChannel lock = lockDataDir(dir);
    try {
      checkNodeIdentity(dir, config.nodeId());
      ClusterNode cluster = ClusterNode.start(config.raftOptions(), config.clusterSpec());
      try {
        NodeContext node = new NodeContext(cluster, config.respOptions());
        node.setNotifyKeyspaceEvents(config.notifyKeyspaceEvents());
        RespServer resp = RespServer.start(node, config.ioThreads());
        LOG.info("Mneme node {} ready: RESP on {}:{}, Raft on {}, admin on {}:{}, data in {}",
            config.nodeId(), config.bind(), config.port(),
            config.raftOptions().self().raftAddress(), config.bind(),
            config.raftOptions().self().adminPort(), dir);
        return new MnemeServer(lock, cluster, resp);
      } catch (RuntimeException | InterruptedException e) {
        cluster.close();
        throw e;
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      lock.close();
      throw e;
    }
  }

  /** One node per data directory: a second one would corrupt the Raft log. */
  private static FileChannel lockDataDir(Path dir) throws IOException {
    Path lockFile = dir.resolve(LOCK_FILE);
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new DataDirInUseException("data directory " + dir + " is in use by another Mneme"
          + " node (it holds the lock on " + lockFile + "); stop that node or choose another"
          + " --dir");
    }
    channel.truncate(0);
    channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
        .getBytes(StandardCharsets.US_ASCII)));
    return channel;
  }

  private static void checkNodeIdentity(Path dir, String nodeId) throws IOException {
    Path file = dir.resolve(NODE_ID_FILE);
    if (Files.exists(file)) {
      String recorded = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!recorded.equals(nodeId)) {
        throw new IllegalStateException("data directory " + dir + " belongs to node '"
            + recorded + "', not '" + nodeId + "'");
      }
    } else {
      Files.writeString(file, nodeId + "\n", StandardCharsets.UTF_8);
    }
  }

  public ClusterNode cluster() {
    return cluster;
  }

  public int respPort() {
    return resp.port();
  }

  @Override
  public void close() throws IOException {
    LOG.info("Shutting down");
    resp.close();
    cluster.close();
    lockChannel.close();
    LOG.info("Stopped");
  }

  /** Raised when the data directory is locked by another node. */
  public static final class DataDirInUseException extends IOException {
    DataDirInUseException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    NodeConfig config;
    try {
      config = NodeConfig.parse(args);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("mneme-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logging.configure(config.get("loglevel"));
    MnemeServer server;
    try {
      server = start(config);
    } catch (Exception e) {
      LOG.error("Could not start: {}", e.getMessage(), e instanceof DataDirInUseException
          || e instanceof IllegalStateException ? null : e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Error during shutdown", e);
      } finally {
        stopped.countDown();
      }
    }, "shutdown"));
    for (PeerAddress p : config.peers()) {
      LOG.info("peer {}", p);
    }
  }
}
