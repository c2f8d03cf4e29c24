package io.mneme.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import io.mneme.engine.Reply;
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
  /** A read command and where its reply goes. */
  record PendingRead(byte[][] argv, CompletableFuture<Reply> reply) {}

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
  void afterBarrier(PendingRead read, Executor starter) {
    synchronized (this) {
      waiting.add(read);
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
    if (refusal == null) {
      // Still the leader, but Ratis could not confirm it in time (a new leader's first lease,
      // a slow heartbeat round): the log is the other linearizable way to read.
      LOG.info("{}: read barrier failed ({}); {} reads go through the log", shard.name(),
          failure.toString(), batch.size());
      for (PendingRead read : batch) {
        shard.readInLogOrder(read.argv()).whenComplete((r, e) -> {
          if (e != null) {
            read.reply().completeExceptionally(e);
          } else {
            read.reply().complete(r);
          }
        });
      }
      return;
    }
    for (PendingRead read : batch) {
      read.reply().completeExceptionally(refusal);
    }
  }
}
