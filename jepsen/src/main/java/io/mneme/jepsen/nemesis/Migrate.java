package io.mneme.jepsen.nemesis;

import io.mneme.jepsen.client.KeySlot;
import io.mneme.jepsen.cluster.Admin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Slot migration under load, as an operator runs it: `mneme-admin move-slots --to T --slots
 * ...` of the slot of a workload key (half the time of every workload key on the same shard)
 * and a random run of up to {@link #EXTRA_SLOTS_MAX} of the source shard's other slots, to
 * another shard. Each injection moves
 * slots away from wherever they are now, so keys go back and forth. A move is complete when
 * the command returns, so healing has nothing to undo but to wait for it; a move cut short (a
 * node killed meanwhile) is the cluster's to roll back or finish.
 */
final class Migrate implements Fault {
  /** How long the last heal waits for a move: a status and a move-slots process, and more. */
  private static final long MOVE_WAIT_MS =
      Admin.STATUS_TIMEOUT_MS + Admin.COMMAND_TIMEOUT_MS + 10_000;
  /** How long a scheduled heal waits for a move before it reports it as still running. */
  private static final long HEAL_WAIT_MS = 1_000;
  /** Largest run of extra slots moved along with the keys' slots (each move takes time). */
  private static final int EXTRA_SLOTS_MAX = 4;

  private final Admin admin;
  private final List<String> keys;
  /**
   * The shards as of the last status, kept up to date after each move that succeeded (only
   * this fault moves slots), so that most injections start one mneme-admin process, not two;
   * null after a failed move, which makes the next injection ask again.
   */
  private Map<Integer, Admin.Shard> known;
  /** The move in progress, if any. */
  private CompletableFuture<String> running;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "nemesis-migrate");
    t.setDaemon(true);
    return t;
  });

  Migrate(Admin admin, List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("migrate needs the workload's keys");
    }
    this.admin = admin;
    this.keys = List.copyOf(keys);
  }

  @Override
  public String name() {
    return "migrate";
  }

  /**
   * Starts a move on a thread of its own and returns at once, so that the other faults keep
   * their schedule (a kill may land in the middle of a move, which is the point); the heal
   * waits for it and reports what it did. A move still running at the next injection is
   * left alone.
   */
  @Override
  public String inject(Random choice) {
    if (running != null && !running.isDone()) {
      return "no move: the last one is still running";
    }
    // A move that ended after its heal gave up waiting is reported here.
    String previous = running == null ? "" : "(the last move ended: " + awaitMove(0) + ") ";
    running = CompletableFuture.supplyAsync(() -> move(choice), runner);
    return previous + "move-slots started (see migrate-stop for the slots and the outcome)";
  }

  /** Reports the move if it ended within a moment; the schedule does not wait longer. */
  @Override
  public String heal() {
    return awaitMove(HEAL_WAIT_MS);
  }

  /** Waits for the last move to end, as the run's last heal must. */
  @Override
  public String healAtEnd() {
    return awaitMove(MOVE_WAIT_MS);
  }

  private String awaitMove(long waitMillis) {
    if (running == null) {
      return "no move running";
    }
    try {
      String what = running.get(waitMillis, TimeUnit.MILLISECONDS);
      running = null;
      return what;
    } catch (TimeoutException e) {
      return "move still running after " + waitMillis + " ms more";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      running = null;
      return "move failed: " + e.getCause();
    }
  }

  /** Plans and runs one move; returns its description for the history. */
  private String move(Random choice) {
    if (known == null) {
      Admin.Status status = admin.status();
      if (status.shards().size() < 2) {
        return "no move: " + (status.result().ok() ? "fewer than two shards"
            : "status failed: " + status.result().lastLine());
      }
      known = new LinkedHashMap<>(status.shards());
    }
    Map<Integer, Admin.Shard> shards = known;
    String key = keys.get(choice.nextInt(keys.size()));
    boolean allKeys = choice.nextBoolean();
    Admin.Shard from = ownerOf(shards, KeySlot.of(key));
    if (from == null) {
      return "no move: slot of " + key + " has no owner";
    }
    List<Admin.Shard> others = new ArrayList<>(shards.values());
    others.remove(from);
    Admin.Shard to = others.get(choice.nextInt(others.size()));
    TreeSet<Integer> slots = new TreeSet<>();
    for (String k : allKeys ? keys : List.of(key)) {
      if (from.slots().contains(KeySlot.of(k))) {
        slots.add(KeySlot.of(k));
      }
    }
    List<Integer> own = from.slots();
    if (own.size() > slots.size() + 1) {
      int start = choice.nextInt(own.size());
      int run = 1 + choice.nextInt(EXTRA_SLOTS_MAX);
      for (int i = start; i < Math.min(own.size(), start + run); i++) {
        slots.add(own.get(i));
      }
    }
    String list = String.join(",", slots.stream().map(String::valueOf).toList());
    Admin.Result r = admin.run(Admin.COMMAND_TIMEOUT_MS, "move-slots", "--to",
        Integer.toString(to.id()), "--slots", list);
    if (r.ok()) {
      known.put(from.id(), withSlots(from, from.slots().stream()
          .filter(x -> !slots.contains(x)).toList()));
      List<Integer> gained = new ArrayList<>(to.slots());
      gained.addAll(slots);
      known.put(to.id(), withSlots(to, gained));
    } else {
      known = null;
    }
    return "move-slots " + slots.size() + " slots [" + list + "] shard " + from.id() + " -> "
        + to.id() + " (keys' slots: " + (allKeys ? "all on the shard" : key) + ") via "
        + r.node() + ": " + (r.ok() ? "" : "FAILED exit " + r.exit() + ": ") + r.lastLine();
  }

  private static Admin.Shard withSlots(Admin.Shard s, List<Integer> slots) {
    return new Admin.Shard(s.id(), s.primary(), slots, s.members());
  }

  private static Admin.Shard ownerOf(Map<Integer, Admin.Shard> shards, int slot) {
    return shards.values().stream().filter(s -> s.slots().contains(slot)).findFirst()
        .orElse(null);
  }

}
