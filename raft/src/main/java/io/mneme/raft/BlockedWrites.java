package io.mneme.raft;

import io.mneme.engine.Reply;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Clients blocked in BLPOP, BZPOPMIN, XREADGROUP BLOCK and the like, on this shard's leader. A
 * blocked command holds no thread: it waits here until an applied entry writes one of its keys,
 * then runs again through the log (so the pop that serves it is replicated like any write).
 * Clients woken by the same write are resubmitted in the order they blocked, so the first to
 * block is served first. A command never has two attempts in flight: a wake-up during an
 * attempt is remembered and honoured if that attempt finds nothing again.
 */
public final class BlockedWrites {
  /** The result a waiter gets when its timeout came before any element. */
  static final Reply TIMED_OUT = Reply.NULL_ARRAY;

  private enum State { IN_FLIGHT, WAITING, DONE }

  /** One blocked command. */
  public final class Waiter {
    private final long order;
    private final byte[][] argv;
    private final boolean readOnly;
    private final List<ByteBuffer> keys;
    private final BiConsumer<Reply, Throwable> done;
    private State state = State.IN_FLIGHT;
    private boolean signalled;
    private boolean timedOut;

    private Waiter(long order, byte[][] argv, boolean readOnly, List<ByteBuffer> keys,
        BiConsumer<Reply, Throwable> done) {
      this.order = order;
      this.argv = argv;
      this.readOnly = readOnly;
      this.keys = keys;
      this.done = done;
    }

    /** The timeout expired: answer now if waiting, else when the attempt in flight ends. */
    public void timeout() {
      boolean answer;
      synchronized (BlockedWrites.this) {
        timedOut = true;
        answer = state == State.WAITING;
        if (answer) {
          finish();
        }
      }
      if (answer) {
        done.accept(TIMED_OUT, null);
      }
    }

    /** The connection went away: forget the waiter (an attempt in flight still completes). */
    public void cancel() {
      synchronized (BlockedWrites.this) {
        if (state == State.WAITING) {
          finish();
        }
        timedOut = true;
      }
    }

    private void finish() {
      state = State.DONE;
      for (ByteBuffer k : keys) {
        Set<Waiter> set = byKey.get(k);
        if (set != null && set.remove(this) && set.isEmpty()) {
          byKey.remove(k);
        }
      }
    }
  }

  private final BiFunction<byte[][], Boolean, CompletableFuture<Reply>> submit;
  private final Map<ByteBuffer, Set<Waiter>> byKey = new HashMap<>();
  private long nextOrder;
  private volatile boolean any;

  /** @param submit sends a command through the log (as a read riding the log if true) */
  BlockedWrites(BiFunction<byte[][], Boolean, CompletableFuture<Reply>> submit) {
    this.submit = submit;
  }

  /** Whether any client is blocked: the state machine reports written keys only then. */
  boolean any() {
    return any;
  }

  /** Runs a blocking command now and keeps it waiting for as long as it finds nothing. */
  Waiter run(byte[][] argv, boolean readOnly, List<byte[]> keys,
      BiConsumer<Reply, Throwable> done) {
    List<ByteBuffer> wrapped = new ArrayList<>();
    keys.forEach(k -> wrapped.add(ByteBuffer.wrap(k)));
    Waiter w;
    synchronized (this) {
      // Registered before the first attempt, so a write applied meanwhile is not missed.
      w = new Waiter(nextOrder++, argv, readOnly, wrapped, done);
      for (ByteBuffer k : wrapped) {
        byKey.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(w);
      }
      any = true;
    }
    attempt(w);
    return w;
  }

  private void attempt(Waiter w) {
    submit.apply(w.argv, w.readOnly).whenComplete((reply, error) -> attempted(w, reply, error));
  }

  private void attempted(Waiter w, Reply reply, Throwable error) {
    Reply answer;
    synchronized (this) {
      if (error == null && reply instanceof Reply.Blocked && !w.timedOut) {
        if (w.signalled) {
          w.signalled = false; // a write came while this attempt ran: try again at once
        } else {
          w.state = State.WAITING;
          return;
        }
        answer = null;
      } else {
        w.finish();
        any = !byKey.isEmpty();
        answer = error == null && reply instanceof Reply.Blocked ? TIMED_OUT : reply;
      }
    }
    if (answer == null && error == null) {
      attempt(w);
    } else {
      w.done.accept(answer, error);
    }
  }

  /** Keys written by an applied entry: wake their waiters, first blocked first. */
  void written(List<byte[]> keys) {
    List<Waiter> wake = new ArrayList<>();
    synchronized (this) {
      Set<Waiter> seen = new java.util.HashSet<>();
      for (byte[] k : keys) {
        Set<Waiter> set = byKey.get(ByteBuffer.wrap(k));
        if (set == null) {
          continue;
        }
        for (Waiter w : set) {
          if (!seen.add(w)) {
            continue;
          }
          if (w.state == State.WAITING) {
            w.state = State.IN_FLIGHT;
            wake.add(w);
          } else if (w.state == State.IN_FLIGHT) {
            w.signalled = true;
          }
        }
      }
    }
    wake.sort(Comparator.comparingLong(w -> w.order));
    wake.forEach(this::attempt);
  }

  /** This member stopped leading: every waiting client gets the refusal, to retry elsewhere. */
  void failAll(Throwable refusal) {
    List<Waiter> waiting = new ArrayList<>();
    synchronized (this) {
      for (Set<Waiter> set : byKey.values()) {
        for (Waiter w : set) {
          if (w.state == State.WAITING && !waiting.contains(w)) {
            waiting.add(w);
          }
        }
      }
      waiting.forEach(Waiter::finish);
      any = !byKey.isEmpty();
    }
    waiting.forEach(w -> w.done.accept(null, refusal));
  }
}
