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

  /**
   * The most replies HRANDFIELD (and SRANDMEMBER) with a negative count may build. Redis has no
   * bound and serves a count of -10^18 until memory runs out; one command must not stall the
   * shard or exhaust the heap, so larger counts get Redis's "value is out of range".
   */
  static final long REPLY_COUNT_MAX = 1L << 20;

  private Sampling() {}

  /**
   * The count of HRANDFIELD and SRANDMEMBER: getRangeLongFromObjectOrReply(-LONG_MAX,
   * LONG_MAX), and within {@link #REPLY_COUNT_MAX} when negative.
   */
  static long randomCount(byte[] arg) {
    long count = Parse.longArg(arg);
    if (count == Long.MIN_VALUE) {
      throw new CommandError(Errors.longRange(-Long.MAX_VALUE, Long.MAX_VALUE));
    }
    if (count < -REPLY_COUNT_MAX) {
      throw new CommandError(Errors.OUT_OF_RANGE);
    }
    return count;
  }

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

  /**
   * The positions a random read with a count returns, as Redis's hrandfieldWithCountCommand
   * and srandmemberWithCountCommand choose them: a negative count draws that many positions
   * with repeats; a count at least the size takes every position in order; a smaller count
   * draws that many distinct positions.
   */
  static int[] randomPositions(SplittableRandom rnd, int size, long count) {
    if (count < 0) {
      int[] out = new int[(int) -count];
      for (int i = 0; i < out.length; i++) {
        out[i] = rnd.nextInt(size);
      }
      return out;
    }
    if (count >= size) {
      int[] out = new int[size];
      for (int i = 0; i < size; i++) {
        out[i] = i;
      }
      return out;
    }
    return distinct(rnd, size, (int) count);
  }
}
