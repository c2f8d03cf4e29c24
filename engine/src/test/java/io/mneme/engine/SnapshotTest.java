package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private static byte[][] argv(String... a) {
    return EngineTestBase.argv(a);
  }

  /** key -> "value@expireAt" of every key in the engine. */
  private static Map<String, String> copy(Engine engine) {
    Map<String, String> m = new HashMap<>();
    engine.keyspace.forEach(e -> m.put(new String(e.key, StandardCharsets.UTF_8),
        new String((byte[]) e.value, StandardCharsets.UTF_8) + "@" + e.expireAt));
    return m;
  }

  private static Map<String, String> drain(SnapshotCursor c, int chunk, Runnable between) {
    Map<String, String> out = new HashMap<>();
    boolean more = true;
    while (more) {
      more = c.next(chunk, (k, v, exp) -> {
        String key = new String(k, StandardCharsets.UTF_8);
        String val = new String((byte[]) ValueCodec.decode(v), StandardCharsets.UTF_8);
        assertEquals(null, out.put(key, val + "@" + exp), "emitted twice: " + key);
      });
      between.run();
    }
    return out;
  }

  @Test
  void copyOnWriteUnderRandomWrites() {
    for (int seed = 0; seed < 5; seed++) {
      Engine engine = new Engine();
      SplittableRandom rnd = new SplittableRandom(seed);
      long[] t = {1000};
      for (int i = 0; i < 3000; i++) {
        engine.write(argv("set", "k" + rnd.nextInt(5000), "v" + i), t[0], i);
      }
      // leave a rehash in progress, which the snapshot must finish first
      engine.write(argv("set", "extra", "x", "px", "100000"), t[0], 0);
      Map<String, String> expected = copy(engine);
      SnapshotCursor c = engine.openSnapshot();
      assertEquals(1000, c.clockMs());
      Map<String, String> got = drain(c, 1 + rnd.nextInt(50), () -> {
        for (int j = 0; j < 20; j++) {
          randomWrite(engine, rnd, t);
        }
      });
      c.close();
      assertEquals(expected, got);
      KeyspaceValidator.check(engine.keyspace);
      // after close the table may grow again
      for (int i = 0; i < 20000; i++) {
        engine.write(argv("set", "n" + i, "v"), t[0], i);
      }
      KeyspaceValidator.check(engine.keyspace);
    }
  }

  private static void randomWrite(Engine engine, SplittableRandom rnd, long[] t) {
    String k = "k" + rnd.nextInt(6000);
    t[0] += rnd.nextInt(3);
    switch (rnd.nextInt(6)) {
      case 0 -> engine.write(argv("del", k), t[0], 0);
      case 1 -> engine.write(argv("pexpire", k, Integer.toString(rnd.nextInt(50) - 10)), t[0], 0);
      case 2 -> engine.write(argv("append", k, "+"), t[0], 0);
      case 3 -> engine.write(argv("rename", k, "k" + rnd.nextInt(6000)), t[0], 0);
      default -> engine.write(argv("set", k, "w" + rnd.nextInt(100)), t[0], 0);
    }
  }

  @Test
  void flushDuringSnapshotKeepsTheView() {
    Engine engine = new Engine();
    for (int i = 0; i < 500; i++) {
      engine.write(argv("set", "k" + i, "v"), 5, i);
    }
    Map<String, String> expected = copy(engine);
    SnapshotCursor c = engine.openSnapshot();
    boolean[] flushed = {false};
    Map<String, String> got = drain(c, 7, () -> {
      if (!flushed[0]) {
        engine.write(argv("set", "k1", "changed"), 6, 0);
        engine.write(argv("flushall"), 6, 0);
        engine.write(argv("set", "k2", "after"), 6, 0);
        flushed[0] = true;
      }
    });
    c.close();
    assertEquals(expected, got);
    assertEquals(1, engine.keyCount());
  }

  @Test
  void oneAtATimeAndRestore() {
    Engine a = new Engine();
    a.write(argv("set", "x", "1", "px", "500"), 100, 0);
    a.write(argv("set", "y", "2"), 100, 0);
    SnapshotCursor c = a.openSnapshot();
    assertThrows(IllegalStateException.class, a::openSnapshot);
    Engine b = new Engine();
    b.write(argv("set", "old", "1"), 1, 0);
    b.clear();
    while (c.next(1, b::restore)) {
      // one record per call
    }
    c.close();
    b.setClockMs(c.clockMs());
    assertEquals(copy(a), copy(b));
    assertEquals(1, b.keysWithExpiryCount());
    assertEquals(100, b.clockMs());
    a.openSnapshot().close();
    assertArrayEquals(new byte[] {0, 'a'}, ValueCodec.encode("a".getBytes()));
    assertFalse(new Engine().openSnapshot().next(10, (k, v, e) -> { }));
    assertTrue(b.keyCount() == 2);
  }
}
