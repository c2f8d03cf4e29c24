package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyspaceTest {
  private static byte[] key(int i) {
    return ("key:" + i).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void millionKeysGrowAndShrinkIncrementally() {
    Keyspace ks = new Keyspace();
    int n = 1_000_000;
    boolean sawRehash = false;
    for (int i = 0; i < n; i++) {
      ks.insert(key(i), key(i), i % 10 == 0 ? i : -1);
      sawRehash |= ks.isRehashing();
    }
    assertTrue(sawRehash);
    assertEquals(n, ks.size());
    assertEquals(n / 10, ks.volatileCount());
    KeyspaceValidator.check(ks);
    for (int i = 0; i < n; i++) {
      assertNotNull(ks.find(key(i)));
    }
    for (int i = 0; i < n; i += 2) {
      assertTrue(ks.delete(key(i)));
    }
    assertFalse(ks.delete(key(0)));
    KeyspaceValidator.check(ks);
    for (int i = 1; i < n - 20; i += 2) {
      assertTrue(ks.delete(key(i)));
    }
    assertEquals(10, ks.size());
    KeyspaceValidator.check(ks);
    // with no cron, later writes drive the shrinking rehash step by step
    for (int i = 0; i < 1_000_000 && ks.bucketCount() >= 1024; i++) {
      ks.insert(key(-1), key(-1), -1);
      ks.delete(key(-1));
    }
    assertTrue(ks.bucketCount() < 1024, "shrunk: " + ks.bucketCount());
    assertNull(ks.find(key(1)));
  }

  @Test
  void scanSeesEveryKeyAcrossGrowthAndShrink() {
    Keyspace ks = new Keyspace();
    for (int i = 0; i < 1000; i++) {
      ks.insert(key(i), key(i), -1);
    }
    Set<String> seen = new HashSet<>();
    long cursor = 0;
    int next = 1000;
    SplittableRandom rnd = new SplittableRandom(7);
    do {
      cursor = ks.scan(cursor, e -> seen.add(new String(e.key, StandardCharsets.UTF_8)));
      // grow the table while scanning (about as fast as the scan walks it), and delete some of
      // the keys added during the scan
      ks.insert(key(next++), new byte[0], -1);
      if (rnd.nextInt(4) == 0) {
        ks.delete(key(next - 1 - rnd.nextInt(next - 1000)));
      }
    } while (cursor != 0);
    assertTrue(next > 2000, "the table grew during the scan");
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.contains("key:" + i), "missing key:" + i);
    }
    KeyspaceValidator.check(ks);
    // now shrink while scanning: keys present throughout are still all seen
    seen.clear();
    cursor = 0;
    int del = 1000;
    do {
      cursor = ks.scan(cursor, e -> seen.add(new String(e.key, StandardCharsets.UTF_8)));
      for (int j = 0; j < 200 && del < next; j++) {
        ks.delete(key(del++));
      }
    } while (cursor != 0);
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.contains("key:" + i), "missing after shrink key:" + i);
    }
    KeyspaceValidator.check(ks);
  }

  @Test
  void randomIsDeterministicAndCoversKeys() {
    Keyspace ks = new Keyspace();
    for (int i = 0; i < 50; i++) {
      ks.insert(key(i), key(i), -1);
    }
    Set<String> seen = new HashSet<>();
    SplittableRandom a = new SplittableRandom(1);
    SplittableRandom b = new SplittableRandom(1);
    for (int i = 0; i < 2000; i++) {
      Keyspace.Entry e = ks.random(a);
      assertEquals(e, ks.random(b));
      seen.add(new String(e.key, StandardCharsets.UTF_8));
    }
    assertEquals(50, seen.size());
  }

  @Test
  void hashIsFixed() {
    // replicas and restarts must agree: the hash has no random seed
    assertEquals(Keyspace.hash("foo".getBytes(StandardCharsets.UTF_8)),
        Keyspace.hash("foo".getBytes(StandardCharsets.UTF_8)));
    assertFalse(Keyspace.hash(new byte[0]) == Keyspace.hash(new byte[1]));
  }

  @Test
  void slotsCountAndListTheirKeys() {
    Engine engine = new Engine();
    for (String k : new String[] {"{user1}:a", "{user1}:b", "{user1}:c", "other"}) {
      engine.write(new byte[][] {"set".getBytes(), k.getBytes(), "v".getBytes()}, 1, 1);
    }
    int slot = HashSlot.of("user1".getBytes());
    assertEquals(3, engine.slotKeyCount(slot));
    assertEquals(2, engine.keysInSlot(slot, 2).size());
    Set<String> keys = new HashSet<>();
    engine.keysInSlot(slot, 10).forEach(k -> keys.add(new String(k, StandardCharsets.UTF_8)));
    assertEquals(Set.of("{user1}:a", "{user1}:b", "{user1}:c"), keys);
    engine.write(new byte[][] {"del".getBytes(), "{user1}:b".getBytes()}, 2, 1);
    engine.write(new byte[][] {"rename".getBytes(), "{user1}:a".getBytes(), "x".getBytes()}, 3,
        1);
    assertEquals(1, engine.slotKeyCount(slot));
    assertEquals(1, engine.slotKeyCount(HashSlot.of("x".getBytes())) 
        - (HashSlot.of("x".getBytes()) == HashSlot.of("other".getBytes()) ? 1 : 0));
    KeyspaceValidator.check(engine.keyspace);
    engine.clear();
    assertEquals(0, engine.slotKeyCount(slot));
    KeyspaceValidator.check(engine.keyspace);
  }
}
