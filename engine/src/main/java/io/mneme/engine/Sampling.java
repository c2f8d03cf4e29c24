package io.mneme.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Randomness for SPOP, SRANDMEMBER and HRANDFIELD. A write draws from its log entry's seed, so
 * every replica picks the same members; a read has seed 0 and draws from its time instead (like
 * RANDOMKEY), which is deterministic and varied enough for a random read.
 */
final class Sampling {
  /** Golden-ratio increment, to spread nearby seeds apart. */
  private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

  private Sampling() {}

  /** The generator for one command on one key. */
  static SplittableRandom random(Ctx ctx, byte[] key) {
    return new SplittableRandom(ctx.seed * SEED_MIX + ctx.now * 31 + Keyspace.hash(key));
  }

  /**
   * k distinct positions out of n (k at most n), in random order: a partial Fisher-Yates
   * shuffle that keeps only the swapped slots, so it costs O(k) whatever n is.
   */
  static int[] distinct(SplittableRandom rnd, int n, int k) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException(k + " of " + n);
    }
    int[] out = new int[k];
    Map<Integer, Integer> swapped = new HashMap<>();
    for (int i = 0; i < k; i++) {
      int j = i + rnd.nextInt(n - i);
      int atJ = swapped.getOrDefault(j, j);
      swapped.put(j, swapped.getOrDefault(i, i));
      out[i] = atJ;
    }
    return out;
  }
}
