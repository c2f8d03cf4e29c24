package io.mneme.jepsen.nemesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The fault schedule, drawn entirely from the seed before the run: each fault alternates
 * between healthy and faulty periods of random length, independently of the others.
 */
public final class Schedule {
  private static final long FIRST_FAULT_MIN_MS = 2_000;
  private static final long FIRST_FAULT_SPREAD_MS = 3_000;
  private static final long FAULT_MIN_MS = 3_000;
  private static final long FAULT_SPREAD_MS = 7_000;
  private static final long HEALTHY_MIN_MS = 3_000;
  private static final long HEALTHY_SPREAD_MS = 6_000;
  /** No fault starts this close to the end of the run. */
  private static final long END_MARGIN_MS = 2_000;

  /**
   * One scheduled action.
   *
   * @param atMillis when, from the start of the run
   * @param fault which fault
   * @param inject inject (true) or heal (false)
   * @param choiceSeed seed of the target choice for an injection
   */
  public record Event(long atMillis, String fault, boolean inject, long choiceSeed) {}

  private Schedule() {}

  /** The events of {@code faults} over {@code timeLimitMillis}, in time order. */
  public static List<Event> build(long seed, List<String> faults, long timeLimitMillis) {
    List<Event> out = new ArrayList<>();
    for (String f : faults) {
      Random r = new Random(seed * 31 + f.hashCode());
      long t = FIRST_FAULT_MIN_MS + (long) (r.nextDouble() * FIRST_FAULT_SPREAD_MS);
      while (t < timeLimitMillis - END_MARGIN_MS) {
        long faulty = FAULT_MIN_MS + (long) (r.nextDouble() * FAULT_SPREAD_MS);
        out.add(new Event(t, f, true, r.nextLong()));
        long healAt = Math.min(t + faulty, timeLimitMillis - END_MARGIN_MS / 2);
        out.add(new Event(healAt, f, false, 0));
        t = healAt + HEALTHY_MIN_MS + (long) (r.nextDouble() * HEALTHY_SPREAD_MS);
      }
    }
    out.sort(Comparator.comparingLong(Event::atMillis).thenComparing(Event::fault));
    return out;
  }
}
