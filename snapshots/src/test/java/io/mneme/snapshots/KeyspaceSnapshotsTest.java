package io.mneme.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.proto.SnapshotMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyspaceSnapshotsTest {
  @TempDir
  Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Hands out {@code records} two at a time, as the engine hands out chunks. */
  private static KeyspaceSnapshots.RecordSource source(Map<String, Long> records) {
    Iterator<Map.Entry<String, Long>> it = records.entrySet().iterator();
    return sink -> {
      for (int i = 0; i < 2 && it.hasNext(); i++) {
        Map.Entry<String, Long> e = it.next();
        sink.accept(bytes(e.getKey()), bytes("value-" + e.getKey()), e.getValue());
      }
      return it.hasNext();
    };
  }

  @Test
  void writesAndReadsBackEveryRecordWithItsMeta() throws IOException {
    Map<String, Long> records = new HashMap<>();
    for (int i = 0; i < 1001; i++) {
      records.put("key" + i, i % 3 == 0 ? 1_700_000_000_000L + i : -1L);
    }
    Path snapshot = dir.resolve("snapshot.3_77");
    SnapshotMeta written = KeyspaceSnapshots.write(snapshot, 3, 77, 123_456L, source(records));
    assertEquals(1001, written.getKeyCount());
    assertEquals(77, written.getIndex());
    assertFalse(Files.exists(dir.resolve("snapshot.3_77.tmp")), "the temporary name is gone");

    Map<String, Long> read = new HashMap<>();
    SnapshotMeta meta = KeyspaceSnapshots.read(snapshot, (key, value, expireAtMs) -> {
      String k = new String(key, StandardCharsets.UTF_8);
      assertArrayEquals(bytes("value-" + k), value);
      read.put(k, expireAtMs);
    });
    assertEquals(records, read);
    assertEquals(written, meta);
    assertEquals(123_456L, meta.getClockMs());
    List<Path> files = KeyspaceSnapshots.files(snapshot);
    assertEquals(KeyspaceSnapshots.META_FILE, files.get(files.size() - 1).getFileName()
        .toString(), "the meta file is sent last, so a partial copy is never complete");
    assertTrue(files.stream().noneMatch(p -> p.getFileName().toString().equals("LOCK")));
  }

  @Test
  void anEmptyKeyspaceIsASnapshotToo() throws IOException {
    Path snapshot = dir.resolve("snapshot.1_1");
    KeyspaceSnapshots.write(snapshot, 1, 1, 0, source(Map.of()));
    int[] count = {0};
    assertEquals(0, KeyspaceSnapshots.read(snapshot, (k, v, e) -> count[0]++).getKeyCount());
    assertEquals(0, count[0]);
  }

  @Test
  void aSnapshotWhoseRecordsDoNotMatchItsMetaIsRefused() throws IOException {
    Path snapshot = dir.resolve("snapshot.2_9");
    KeyspaceSnapshots.write(snapshot, 2, 9, 0, source(Map.of("a", -1L, "b", -1L)));
    SnapshotMeta forged = KeyspaceSnapshots.readMeta(snapshot).toBuilder()
        .setChecksum(42).build();
    KeyspaceSnapshots.writeFileDurably(snapshot.resolve(KeyspaceSnapshots.META_FILE),
        forged.toByteArray());
    IOException e = assertThrows(IOException.class,
        () -> KeyspaceSnapshots.read(snapshot, (k, v, x) -> { }));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void aDirectoryWithoutItsMetaFileIsIncomplete() throws IOException {
    Path snapshot = dir.resolve("snapshot.2_10");
    KeyspaceSnapshots.write(snapshot, 2, 10, 0, source(Map.of("a", -1L)));
    Files.delete(snapshot.resolve(KeyspaceSnapshots.META_FILE));
    IOException e = assertThrows(IOException.class, () -> KeyspaceSnapshots.readMeta(snapshot));
    assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
  }

  @Test
  void writingOverAnExistingSnapshotIsRefused() throws IOException {
    Path snapshot = dir.resolve("snapshot.1_5");
    KeyspaceSnapshots.write(snapshot, 1, 5, 0, source(Map.of("a", -1L)));
    assertThrows(IOException.class,
        () -> KeyspaceSnapshots.write(snapshot, 1, 5, 0, source(Map.of("b", -1L))));
  }
}
