package io.mneme.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Linearizable reads in batches. A read may run on the leader's state only after a read index
 * taken after the read arrived has been applied, with the leadership confirmed by Ratis (by its
 * leader lease, or a heartbeat round). One such barrier serves every read that was waiting
 * when it started; reads that arrive meanwhile wait for the next barrier, never the running one,
 * since its confirmation may predate them.
 */
final class ReadBarrier {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadBarrier.class);
  /** A read and what to do if the shard cannot serve it here. */
  record PendingRead(Runnable read, Consumer<ShardException> refused) {}

  private final Shard shard;
  private List<PendingRead> waiting = new ArrayList<>();
  private boolean running;
  private boolean startScheduled;

  ReadBarrier(Shard shard) {
    this.shard = shard;
  }

  /**
   * Runs {@code read} once a barrier that started after this call has passed. The barrier is
   * started by a task on {@code starter} (the caller's event loop), so that every read that
   * arrives in the same round of I/O, on any connection, shares it.
   */
  void afterBarrier(Runnable read, Consumer<ShardException> refused, Executor starter) {
    synchronized (this) {
      waiting.add(new PendingRead(read, refused));
      if (running || startScheduled) {
        return;
      }
      startScheduled = true;
    }
    starter.execute(this::startNow);
  }

  private void startNow() {
    List<PendingRead> batch;
    synchronized (this) {
      startScheduled = false;
      if (running || waiting.isEmpty()) {
        return;
      }
      running = true;
      batch = takeWaiting();
    }
    drive(batch);
  }

  /** Runs barriers until no read waits; a barrier that completes later continues the loop. */
  private void drive(List<PendingRead> batch) {
    while (batch != null) {
      CompletableFuture<RaftClientReply> barrier;
      try {
        barrier = shard.submitReadBarrier();
      } catch (java.io.IOException e) {
        barrier = CompletableFuture.failedFuture(e);
      }
      if (!barrier.isDone()) {
        List<PendingRead> current = batch;
        barrier.whenComplete((reply, error) -> {
          finish(current, reply, error);
          drive(nextOrStop());
        });
        return;
      }
      RaftClientReply reply = null;
      Throwable error = null;
      try {
        reply = barrier.join();
      } catch (RuntimeException e) {
        error = e;
      }
      finish(batch, reply, error);
      batch = nextOrStop();
    }
  }

  private synchronized List<PendingRead> nextOrStop() {
    if (waiting.isEmpty()) {
      running = false;
      return null;
    }
    return takeWaiting();
  }

  private List<PendingRead> takeWaiting() {
    List<PendingRead> batch = waiting;
    waiting = new ArrayList<>();
    return batch;
  }

  private void finish(List<PendingRead> batch, RaftClientReply reply, Throwable error) {
    Throwable failure = error != null ? error : reply.getException();
    if (failure == null) {
      shard.runReads(batch);
      return;
    }
    ShardException refusal = shard.checkLeader();
    ShardException cause = refusal != null ? refusal : shard.noLeader();
    LOG.warn("{}: read barrier failed, {} reads refused: {}", shard.name(), batch.size(),
        failure.toString());
    for (PendingRead r : batch) {
      r.refused().accept(cause);
    }
  }
}
