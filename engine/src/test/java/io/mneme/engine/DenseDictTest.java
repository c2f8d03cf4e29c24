package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseDictTest {
  private static byte[] b(String s) {
    return Parse.bytes(s);
  }

  private static String s(byte[] b) {
    return HashCommandsTest.str(b);
  }

  /** Random inserts, updates and removals against a HashMap, the index checked throughout. */
  @Test
  void behavesLikeAMap() {
    SplittableRandom rnd = new SplittableRandom(1);
    DenseDict d = new DenseDict(true, 0);
    Map<String, String> model = new HashMap<>();
    for (int i = 0; i < 60_000; i++) {
      // phases of growth and of shrinking, so the index resizes both ways
      int range = (i / 10_000) % 2 == 0 ? 5000 : 200;
      String k = "k" + rnd.nextInt(range);
      int p = d.find(b(k));
      assertEquals(model.containsKey(k), p >= 0, k);
      if (rnd.nextInt(3) == 0 || (range == 200 && rnd.nextBoolean())) {
        assertEquals(model.remove(k) != null, d.remove(b(k)));
        for (int j = 0; range == 200 && j < 3 && d.size() > 0; j++) {
          int at = rnd.nextInt(d.size());
          model.remove(s(d.key(at)));
          d.removeAt(at);
        }
      } else if (p >= 0) {
        d.setValue(p, b("w" + i));
        model.put(k, "w" + i);
      } else {
        d.insert(b(k), b("v" + i));
        model.put(k, "v" + i);
      }
      if (i % 997 == 0) {
        d.checkInvariants();
      }
    }
    d.checkInvariants();
    assertEquals(model.size(), d.size());
    for (int p = 0; p < d.size(); p++) {
      assertEquals(model.get(s(d.key(p))), s(d.value(p)));
      assertEquals(p, d.find(d.key(p)));
    }
  }

  @Test
  void removalMovesTheLastIntoTheHole() {
    DenseDict d = new DenseDict(false, 0);
    for (String k : List.of("a", "b", "c", "d")) {
      d.insert(b(k), null);
    }
    d.remove(b("b"));
    assertEquals(List.of("a", "d", "c"), keys(d));
    d.removeAt(0);
    assertEquals(List.of("c", "d"), keys(d));
    d.remove(b("d"));
    assertEquals(List.of("c"), keys(d));
    d.checkInvariants();
    assertTrue(!d.hasValues());
  }

  private static List<String> keys(DenseDict d) {
    List<String> out = new ArrayList<>();
    for (int p = 0; p < d.size(); p++) {
      out.add(s(d.key(p)));
    }
    return out;
  }

  @Test
  void sizesFollowRedis() {
    DenseDict d = new DenseDict(false, 0);
    assertEquals(DenseDict.BUCKETS_MIN, d.bucketCount());
    for (int i = 0; i < 5; i++) {
      d.insert(b("k" + i), null);
    }
    assertEquals(8, d.bucketCount()); // grown when the 5th came to 4 buckets
    for (int i = 5; i < 100; i++) {
      d.insert(b("k" + i), null);
    }
    assertEquals(128, d.bucketCount());
    for (int i = 0; i < 90; i++) {
      d.remove(b("k" + i));
    }
    assertEquals(16, d.bucketCount()); // shrunk once under 10% full
    d.checkInvariants();
    assertEquals(4, DenseDict.bucketsFor(0));
    assertEquals(1024, DenseDict.bucketsFor(1000));
    assertThrows(IllegalArgumentException.class, () -> new DenseDict(false, 0, 12));
  }

  @Test
  void copyIsIndependent() {
    DenseDict d = new DenseDict(true, 0);
    d.insert(b("a"), b("1"));
    DenseDict c = d.copy();
    c.insert(b("b"), b("2"));
    c.setValue(0, b("x"));
    assertEquals(1, d.size());
    assertEquals("1", s(d.value(0)));
    assertEquals(2, c.size());
    d.checkInvariants();
    c.checkInvariants();
  }

  /**
   * A full scan returns every element present throughout, while the index grows and later
   * shrinks between calls (Redis's dictScan guarantee).
   */
  @Test
  void scanSurvivesResizes() {
    for (int seed = 0; seed < 10; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      DenseDict d = new DenseDict(false, 0);
      for (int i = 0; i < 1000; i++) {
        d.insert(b("stay" + i), null);
      }
      Set<String> seen = new HashSet<>();
      List<String> extra = new ArrayList<>();
      Set<Integer> bucketCounts = new HashSet<>();
      boolean growing = true;
      long cursor = 0;
      do {
        cursor = d.scan(cursor, p -> seen.add(s(d.key(p))));
        growing &= d.size() < 12_000;
        for (int j = rnd.nextInt(600); j > 0; j--) {
          if (growing) {
            extra.add("x" + seed + "_" + extra.size() + "_" + j);
            d.insert(b(extra.get(extra.size() - 1)), null);
          } else if (!extra.isEmpty()) {
            d.remove(b(extra.remove(rnd.nextInt(extra.size()))));
          }
        }
        bucketCounts.add(d.bucketCount());
      } while (cursor != 0);
      for (int i = 0; i < 1000; i++) {
        assertTrue(seen.contains("stay" + i), "seed " + seed + " missed stay" + i);
      }
      int peak = bucketCounts.stream().max(Integer::compare).orElseThrow();
      assertTrue(peak >= 16_384 && d.bucketCount() < peak, "resized " + bucketCounts);
    }
  }

  @Test
  void distinctSamples() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int n : new int[] {1, 2, 10, 1000, Integer.MAX_VALUE}) {
      for (int k : new int[] {0, 1, n / 2, n}) {
        if (k > 100_000) {
          continue;
        }
        int[] picks = Sampling.distinct(rnd, n, k);
        Set<Integer> set = new HashSet<>();
        for (int p : picks) {
          assertTrue(p >= 0 && p < n);
          set.add(p);
        }
        assertEquals(k, set.size());
      }
    }
    assertArrayEquals(Sampling.distinct(new SplittableRandom(9), 50, 20),
        Sampling.distinct(new SplittableRandom(9), 50, 20));
    assertTrue(!java.util.Arrays.equals(Sampling.distinct(new SplittableRandom(9), 50, 20),
        Sampling.distinct(new SplittableRandom(10), 50, 20)));
    assertThrows(IllegalArgumentException.class, () -> Sampling.distinct(rnd, 3, 4));
  }
}
