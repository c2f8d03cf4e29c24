package io.mneme.raft;

import io.mneme.snapshots.KeyspaceSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots of one shard replica: directories {@code snapshot.<term>_<index>} in the group's
 * state machine directory, each a {@link KeyspaceSnapshots} RocksDB instance.
 *
 * <p>Snapshots are written in the background, so there are two "latest" snapshots: the newest
 * complete one on disk, and the one Ratis has been told about through {@code takeSnapshot()}
 * (it purges the log up to that one, and sends it to lagging followers). The second trails the
 * first until the state machine publishes it.
 */
final class ShardSnapshotStorage implements StateMachineStorage {
  private static final Logger LOG = LoggerFactory.getLogger(ShardSnapshotStorage.class);
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
  /** Snapshots kept on disk: the newest, and the one before it in case a follower is reading. */
  static final int RETAINED_SNAPSHOTS = 2;

  private volatile Path dir;
  private volatile FileListSnapshotInfo published;
  private volatile FileListSnapshotInfo written;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    dir = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(dir);
    removeIncomplete();
    published = newestComplete().map(ShardSnapshotStorage::info).orElse(null);
    written = published;
  }

  /** Re-reads the directory, after Ratis installed a snapshot from the leader into it. */
  void reload() throws IOException {
    Files.createDirectories(dir);
    published = newestComplete().map(ShardSnapshotStorage::info).orElse(null);
    written = published;
  }

  Path directoryFor(long term, long index) {
    return dir.resolve("snapshot." + term + "_" + index);
  }

  Optional<Path> newestComplete() throws IOException {
    return complete().stream().max(Comparator.comparing(ShardSnapshotStorage::termIndex));
  }

  /** Records a snapshot finished in the background; Ratis learns of it in publishWritten. */
  void markWritten(Path snapshotDir) {
    written = info(snapshotDir);
  }

  /** Makes the newest finished snapshot the one Ratis sees, and returns what Ratis sees. */
  Optional<FileListSnapshotInfo> publishWritten() {
    FileListSnapshotInfo finished = written;
    FileListSnapshotInfo current = published;
    if (finished != null && (current == null || finished.getIndex() > current.getIndex())) {
      published = finished;
    }
    return Optional.ofNullable(published);
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return published;
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    List<Path> snapshots = complete();
    snapshots.sort(Comparator.comparing(ShardSnapshotStorage::termIndex).reversed());
    FileListSnapshotInfo current = published;
    for (int i = RETAINED_SNAPSHOTS; i < snapshots.size(); i++) {
      Path old = snapshots.get(i);
      if (current == null || termIndex(old).getIndex() < current.getIndex()) {
        LOG.info("Deleting old snapshot {}", old);
        KeyspaceSnapshots.deleteRecursively(old);
      }
    }
  }

  @Override
  public java.io.File getSnapshotDir() {
    return dir == null ? null : dir.toFile();
  }

  private List<Path> complete() throws IOException {
    List<Path> result = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return result;
    }
    try (Stream<Path> listing = Files.list(dir)) {
      listing.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve(KeyspaceSnapshots.META_FILE)))
          .forEach(result::add);
    }
    return result;
  }

  private void removeIncomplete() throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      for (Path p : (Iterable<Path>) listing::iterator) {
        String name = p.getFileName().toString();
        boolean snapshot = NAME.matcher(name).matches();
        if (name.endsWith(".tmp")
            || (snapshot && !Files.isRegularFile(p.resolve(KeyspaceSnapshots.META_FILE)))) {
          LOG.warn("Removing incomplete snapshot {}", p);
          KeyspaceSnapshots.deleteRecursively(p);
        }
      }
    }
  }

  static TermIndex termIndex(Path snapshotDir) {
    Matcher m = NAME.matcher(snapshotDir.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a snapshot directory: " + snapshotDir);
    }
    return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  private static FileListSnapshotInfo info(Path snapshotDir) {
    try {
      List<FileInfo> files = new ArrayList<>();
      for (Path file : KeyspaceSnapshots.files(snapshotDir)) {
        files.add(new FileInfo(file.toAbsolutePath(), null));
      }
      return new FileListSnapshotInfo(files, termIndex(snapshotDir));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
