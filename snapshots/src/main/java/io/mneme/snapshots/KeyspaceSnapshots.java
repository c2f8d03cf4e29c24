package io.mneme.snapshots;

import io.mneme.proto.SnapshotMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A snapshot of one shard's keyspace is a directory holding a RocksDB instance: the records in
 * the column family {@code keys} (key to {@link RecordCodec value and expiry}), and its
 * {@link SnapshotMeta} both in the default column family and in the file {@value #META_FILE}.
 * The directory is written under a temporary name and renamed when complete, so a directory with
 * the final name is always whole; the meta file, written last, marks a complete copy on a
 * follower that received the files one by one.
 */
public final class KeyspaceSnapshots {
  public static final String META_FILE = "snapshot.meta";
  public static final int FORMAT_VERSION = 1;
  /** Records handed over per lock hold: small enough that writes wait microseconds, not ms. */
  public static final int RECORDS_PER_CHUNK = 512;
  private static final long WRITE_BUFFER_BYTES = 64L << 20;
  private static final byte[] META_KEY = "meta".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] KEYS_FAMILY =
      "keys".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  static {
    RocksDB.loadLibrary();
  }

  private KeyspaceSnapshots() {}

  /** One record: a key, its value as {@code ValueCodec} encodes it, and its deadline or -1. */
  @FunctionalInterface
  public interface RecordSink {
    void accept(byte[] key, byte[] encodedValue, long expireAtMs);
  }

  /** Hands out the keyspace a chunk at a time; false once every record was handed out. */
  @FunctionalInterface
  public interface RecordSource {
    boolean next(RecordSink sink);
  }

  /**
   * Writes a snapshot at {@code index} into {@code finalDir} (which must not exist yet) and
   * returns its meta. The source is drained here, on the caller's thread.
   */
  public static SnapshotMeta write(Path finalDir, long term, long index, long clockMs,
      RecordSource source) throws IOException {
    return write(finalDir, term, index, clockMs, new byte[0], source);
  }

  /** As above, with the engine's slot-migration state (saved in the meta as is). */
  public static SnapshotMeta write(Path finalDir, long term, long index, long clockMs,
      byte[] slotMigrationState, RecordSource source) throws IOException {
    return write(finalDir, term, index, clockMs, slotMigrationState, new byte[0], source);
  }

  /**
   * As above, with the engine's script cache and function libraries (a serialized ScriptState,
   * saved in the meta as is; a snapshot without it loads with none).
   */
  public static SnapshotMeta write(Path finalDir, long term, long index, long clockMs,
      byte[] slotMigrationState, byte[] scriptState, RecordSource source) throws IOException {
    if (Files.exists(finalDir)) {
      throw new IOException("snapshot directory already exists: " + finalDir);
    }
    Path tmp = finalDir.resolveSibling(finalDir.getFileName() + ".tmp");
    deleteRecursively(tmp);
    Files.createDirectories(tmp);
    SnapshotMeta meta;
    try (ColumnFamilyOptions cfOptions = bulkLoadFamilyOptions();
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true).setMaxBackgroundJobs(1);
        WriteOptions writeOptions = new WriteOptions().setDisableWAL(true)) {
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.open(dbOptions, tmp.toString(), families(cfOptions), handles)) {
        try {
          meta = writeRecords(db, handles.get(1), writeOptions, source, term, index, clockMs)
              .toBuilder().setSlotMigrationState(
                  com.google.protobuf.ByteString.copyFrom(slotMigrationState))
              .setScriptState(com.google.protobuf.ByteString.copyFrom(scriptState)).build();
          db.put(handles.get(0), writeOptions, META_KEY, meta.toByteArray());
          try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
          }
        } finally {
          handles.forEach(ColumnFamilyHandle::close);
        }
      }
    } catch (RocksDBException e) {
      throw new IOException("writing snapshot " + tmp + ": " + e.getMessage(), e);
    }
    writeFileDurably(tmp.resolve(META_FILE), meta.toByteArray());
    Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(finalDir.getParent());
    return meta;
  }

  private static SnapshotMeta writeRecords(RocksDB db, ColumnFamilyHandle keys,
      WriteOptions writeOptions, RecordSource source, long term, long index, long clockMs)
      throws RocksDBException {
    RecordChecksum checksum = new RecordChecksum();
    List<Object[]> chunk = new ArrayList<>(RECORDS_PER_CHUNK);
    boolean more = true;
    while (more) {
      chunk.clear();
      more = source.next(
          (key, value, expireAtMs) -> chunk.add(new Object[] {key, value, expireAtMs}));
      try (WriteBatch batch = new WriteBatch()) {
        for (Object[] record : chunk) {
          byte[] key = (byte[]) record[0];
          byte[] value = (byte[]) record[1];
          long expireAtMs = (Long) record[2];
          checksum.add(key, value, expireAtMs);
          batch.put(keys, key, RecordCodec.encode(value, expireAtMs));
        }
        db.write(writeOptions, batch);
      }
    }
    return SnapshotMeta.newBuilder().setFormatVersion(FORMAT_VERSION).setTerm(term)
        .setIndex(index).setClockMs(clockMs).setKeyCount(checksum.count())
        .setChecksum(checksum.value()).build();
  }

  /**
   * Reads the snapshot in {@code dir}, handing every record to {@code sink}, and checks the
   * records against the meta's count and checksum.
   */
  public static SnapshotMeta read(Path dir, RecordSink sink) throws IOException {
    SnapshotMeta fileMeta = readMeta(dir);
    if (fileMeta.getFormatVersion() != FORMAT_VERSION) {
      throw new IOException("snapshot " + dir + " has format " + fileMeta.getFormatVersion()
          + ", this build reads format " + FORMAT_VERSION);
    }
    RecordChecksum checksum = new RecordChecksum();
    try (ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        DBOptions dbOptions = new DBOptions()) {
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.openReadOnly(dbOptions, dir.toString(), families(cfOptions),
          handles)) {
        try (ReadOptions readOptions = new ReadOptions().setFillCache(false)
            .setReadaheadSize(2L << 20);
            RocksIterator it = db.newIterator(handles.get(1), readOptions)) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            byte[] key = it.key();
            byte[] stored = it.value();
            byte[] value = RecordCodec.value(stored);
            long expireAtMs = RecordCodec.expireAtMs(stored);
            checksum.add(key, value, expireAtMs);
            sink.accept(key, value, expireAtMs);
          }
          it.status();
        } finally {
          handles.forEach(ColumnFamilyHandle::close);
        }
      }
    } catch (RocksDBException e) {
      throw new IOException("reading snapshot " + dir + ": " + e.getMessage(), e);
    }
    if (checksum.count() != fileMeta.getKeyCount() || checksum.value() != fileMeta.getChecksum()) {
      throw new IOException("snapshot " + dir + " is corrupt: " + checksum.count() + " records"
          + " with checksum " + Long.toHexString(checksum.value()) + ", its meta says "
          + fileMeta.getKeyCount() + " with " + Long.toHexString(fileMeta.getChecksum()));
    }
    return fileMeta;
  }

  /** The meta of a complete snapshot directory; fails if the directory is not complete. */
  public static SnapshotMeta readMeta(Path dir) throws IOException {
    Path file = dir.resolve(META_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("snapshot " + dir + " is incomplete: no " + META_FILE);
    }
    return SnapshotMeta.parseFrom(Files.readAllBytes(file));
  }

  /** The files a copy of the snapshot needs, the meta file last. */
  public static List<Path> files(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing.filter(Files::isRegularFile)
          .filter(p -> !isLocalOnly(p.getFileName().toString()))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals(META_FILE))
              .thenComparing(Path::toString))
          .forEach(files::add);
    }
    return files;
  }

  private static boolean isLocalOnly(String name) {
    return name.equals("LOCK") || name.startsWith("LOG") || name.endsWith(".md5");
  }

  private static List<ColumnFamilyDescriptor> families(ColumnFamilyOptions options) {
    return List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, options),
        new ColumnFamilyDescriptor(KEYS_FAMILY, options));
  }

  /** Write-once, read-once data: no compaction, no compression, large memtables. */
  private static ColumnFamilyOptions bulkLoadFamilyOptions() {
    return new ColumnFamilyOptions().setDisableAutoCompactions(true)
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setWriteBufferSize(WRITE_BUFFER_BYTES).setMaxWriteBufferNumber(2)
        .setLevel0SlowdownWritesTrigger(1 << 20).setLevel0StopWritesTrigger(1 << 20);
  }

  public static void writeFileDurably(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
