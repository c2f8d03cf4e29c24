package io.mneme.jepsen.nemesis;

import io.mneme.jepsen.history.History;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the schedule on one thread (so faults never race each other), recording each action
 * in the history as an info event of the nemesis process: f is "NAME-start" or "NAME-stop".
 */
public final class Nemesis implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

  private final List<Schedule.Event> events;
  private final Map<String, Fault> faults;
  private final History history;
  private final long startNanos;
  private volatile boolean stopped;

  /**
   * @param events the schedule
   * @param faults fault by name
   * @param history where actions are recorded
   * @param startNanos System.nanoTime() of the start of the run
   */
  public Nemesis(List<Schedule.Event> events, Map<String, Fault> faults, History history,
      long startNanos) {
    this.events = events;
    this.faults = faults;
    this.history = history;
    this.startNanos = startNanos;
  }

  @Override
  public void run() {
    for (Schedule.Event e : events) {
      if (!waitUntil(e.atMillis())) {
        return;
      }
      Fault f = faults.get(e.fault());
      try {
        String what = e.inject() ? f.inject(new Random(e.choiceSeed())) : f.heal();
        history.nemesis(f.name() + (e.inject() ? "-start" : "-stop"), what);
        LOG.info("nemesis {} {}: {}", f.name(), e.inject() ? "start" : "stop", what);
      } catch (RuntimeException ex) {
        history.nemesis(f.name() + "-error", ex.toString());
        LOG.warn("nemesis {} failed: {}", f.name(), ex.toString());
      }
    }
  }

  /** Stops before the next action; in-flight faults are healed by the caller. */
  public void stop() {
    stopped = true;
  }

  /** Heals every fault, recording it. */
  public void healAll() {
    for (Fault f : faults.values()) {
      try {
        history.nemesis(f.name() + "-stop", f.healAtEnd());
      } catch (RuntimeException ex) {
        LOG.warn("healing {} failed: {}", f.name(), ex.toString());
      }
    }
  }

  private boolean waitUntil(long atMillis) {
    while (!stopped) {
      long left = atMillis - (System.nanoTime() - startNanos) / 1_000_000L;
      if (left <= 0) {
        return true;
      }
      try {
        Thread.sleep(Math.min(left, 100));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
