package io.mneme.raft;

import io.mneme.engine.Reply;
import io.mneme.proto.Command;
import io.mneme.proto.CommandBatch;
import io.mneme.proto.ShardEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one shard: writes from every connection queue here, and one thread packs
 * whatever has queued into a single log entry while earlier entries replicate and fsync.
 *
 * <p>Order: a connection enqueues its writes in the order it read them, this thread submits
 * entries one after another, and Ratis appends an in-process submission synchronously in the
 * submitting thread, so the log holds each connection's writes in the order it sent them.
 *
 * <p>At most {@link #ENTRIES_IN_FLIGHT_MAX} entries are in flight: under load the queue fills
 * while they commit, and the next entry takes all of it. One is the default because the cost of
 * an entry is mostly per entry (thread hand-offs in Ratis on three nodes), not per command:
 * measured on a 3-node local cluster, redis-benchmark SET -c 50 -P 1, one entry in flight gave
 * about 19k writes/s with ~20 commands per entry, two gave 15k, four 12.5k with ~9 per entry.
 * (The regroup wait below assumes one: it reads the last answered entry's figures.)
 */
final class WritePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(WritePipeline.class);
  static final int QUEUE_COMMANDS_MAX = 1 << 16;
  static final int ENTRY_COMMANDS_MAX = 1024;
  static final long ENTRY_BYTES_MAX = 4L << 20;
  static final int ENTRIES_IN_FLIGHT_MAX = Integer.getInteger("mneme.entriesInFlight", 1);
  /** How long writes wait for an election or a new leader's first commit before refusal. */
  static final long LEADER_READY_WAIT_MS = 3000;
  /**
   * Longest an entry waits for the writers the last entry answered to send their next write
   * (see {@link #regroup}); 0 turns the wait off.
   */
  static final long REGROUP_WAIT_MAX_NANOS =
      TimeUnit.MICROSECONDS.toNanos(Long.getLong("mneme.regroupMicros", 2000));

  /** A write waiting for its entry. */
  record PendingWrite(byte[][] argv, boolean readOnly, CompletableFuture<Reply> reply,
      Command prebuilt, int[] ownedSlotRanges) {
    PendingWrite(byte[][] argv, boolean readOnly, CompletableFuture<Reply> reply,
        int[] ownedSlotRanges) {
      this(argv, readOnly, reply, null, ownedSlotRanges);
    }
  }

  /** EXEC's marker argv: the commands travel in the prebuilt Command. */
  static final byte[][] EXEC_ARGV = {"exec".getBytes(java.nio.charset.StandardCharsets.UTF_8)};

  private final Shard shard;
  private final BlockingQueue<PendingWrite> queue = new ArrayBlockingQueue<>(QUEUE_COMMANDS_MAX);
  private final Semaphore inFlight = new Semaphore(ENTRIES_IN_FLIGHT_MAX);
  private final SplittableRandom seeds = new SplittableRandom();
  private final Thread thread;
  private volatile boolean running = true;
  private long lastTimeMs;
  /** Writes queued so far; the count {@link #regroup} waits for, or MAX_VALUE. */
  private final java.util.concurrent.atomic.AtomicLong arrivals =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile long regroupUntilArrivals = Long.MAX_VALUE;
  /** Of the entry answered last (written before its permit is released): its size, arrivals. */
  private int answeredCommands;
  private long arrivalsWhenAnswered;
  private long answeredLatencyNanos;

  WritePipeline(Shard shard) {
    this.shard = shard;
    this.thread = new Thread(this::run, "write-pipeline-" + shard.name());
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Reply> submit(byte[][] argv, boolean readOnly) {
    return submit(argv, readOnly, null);
  }

  /** As {@link #submit(byte[][], boolean)}, for a script: with the slots its shard owns. */
  CompletableFuture<Reply> submit(byte[][] argv, boolean readOnly, int[] ownedSlotRanges) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    if (!running) {
      reply.completeExceptionally(shard.shuttingDown());
    } else if (!queue.offer(new PendingWrite(argv, readOnly, reply, ownedSlotRanges))) {
      reply.completeExceptionally(new ShardException(ShardException.Reason.OVERLOADED, null,
          "too many writes queued on this node"));
    } else {
      arrived();
    }
    return reply;
  }

  private void arrived() {
    if (arrivals.incrementAndGet() >= regroupUntilArrivals) {
      java.util.concurrent.locks.LockSupport.unpark(thread);
    }
  }

  /** An EXEC: the whole block is one command of an entry. */
  CompletableFuture<Reply> submitTransaction(Command transaction) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    if (!running) {
      reply.completeExceptionally(shard.shuttingDown());
    } else if (!queue.offer(new PendingWrite(EXEC_ARGV, false, reply, transaction, null))) {
      reply.completeExceptionally(new ShardException(ShardException.Reason.OVERLOADED, null,
          "too many writes queued on this node"));
    } else {
      arrived();
    }
    return reply;
  }

  void stop() {
    running = false;
    thread.interrupt();
    List<PendingWrite> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(w -> w.reply().completeExceptionally(shard.shuttingDown()));
  }

  private void run() {
    List<PendingWrite> batch = new ArrayList<>();
    while (running) {
      try {
        batch.add(queue.take());
        inFlight.acquire();
        regroup();
        drain(batch);
        submit(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        LOG.error("{}: write pipeline failed a batch", shard.name(), e);
        batch.forEach(w -> w.reply().completeExceptionally(e));
        inFlight.release();
      }
      batch = new ArrayList<>();
    }
    batch.forEach(w -> w.reply().completeExceptionally(shard.shuttingDown()));
  }

  /**
   * Waits, briefly, for the writers the last entry answered to send their next writes, so that
   * they go into this entry with those already queued. Without it, clients that each wait for
   * their reply split into two groups that take turns, one per entry, each entry half as full:
   * and an entry costs about the same on three nodes however many writes it holds. The wait
   * ends as soon as as many writes arrived as the last entry answered, and lasts at most that
   * entry's latency (up to {@link #REGROUP_WAIT_MAX_NANOS}); a writer that arrived after the
   * answer counts, so one lone client never waits for itself. Measured on a 3-node local
   * cluster, SET -c 50 -P 1 after warm-up: 45 writes per entry instead of 19, 82 us of CPU per
   * write instead of 128, 14.4-15.0k writes/s instead of 10.3-11.0k.
   */
  private void regroup() {
    int returning = answeredCommands;
    answeredCommands = 0;
    long wait = Math.min(REGROUP_WAIT_MAX_NANOS, answeredLatencyNanos);
    if (returning <= 1 || wait <= 0) {
      return;
    }
    long until = arrivalsWhenAnswered + returning;
    long deadline = System.nanoTime() + wait;
    regroupUntilArrivals = until;
    try {
      long left;
      while (arrivals.get() < until && (left = deadline - System.nanoTime()) > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(this, left);
      }
    } finally {
      regroupUntilArrivals = Long.MAX_VALUE;
    }
  }

  private void drain(List<PendingWrite> batch) {
    long bytes = size(batch.get(0));
    PendingWrite next;
    while (batch.size() < ENTRY_COMMANDS_MAX && bytes < ENTRY_BYTES_MAX
        && (next = queue.peek()) != null) {
      bytes += size(next);
      batch.add(queue.poll());
    }
  }

  private static long size(PendingWrite write) {
    if (write.prebuilt() != null) {
      return write.prebuilt().getSerializedSize();
    }
    long n = 0;
    for (byte[] arg : write.argv()) {
      n += arg.length + 4;
    }
    return n;
  }

  private void submit(List<PendingWrite> batch) throws InterruptedException {
    ShardException refusal = awaitLeadership();
    if (refusal != null) {
      inFlight.release();
      batch.forEach(w -> w.reply().completeExceptionally(refusal));
      return;
    }
    byte[][][] argvs = new byte[batch.size()][][];
    for (int i = 0; i < argvs.length; i++) {
      argvs[i] = batch.get(i).prebuilt() == null ? batch.get(i).argv() : null;
    }
    EntryMessage message = new EntryMessage(entry(batch), argvs);
    CompletableFuture<RaftClientReply> future;
    try {
      future = shard.submitWrite(message);
    } catch (java.io.IOException e) {
      future = CompletableFuture.failedFuture(e);
    }
    long submitted = System.nanoTime();
    future.whenComplete((reply, error) -> {
      answeredCommands = batch.size();
      arrivalsWhenAnswered = arrivals.get();
      answeredLatencyNanos = System.nanoTime() - submitted;
      inFlight.release();
      complete(batch, message, reply, error);
    });
  }

  private ShardEntry entry(List<PendingWrite> batch) {
    CommandBatch.Builder commands = CommandBatch.newBuilder();
    for (PendingWrite write : batch) {
      if (write.prebuilt() != null) {
        commands.addCommand(write.prebuilt());
        continue;
      }
      Command.Builder command = Command.newBuilder().setReadOnly(write.readOnly());
      for (byte[] arg : write.argv()) {
        command.addArg(com.google.protobuf.UnsafeByteOperations.unsafeWrap(arg));
      }
      if (write.ownedSlotRanges() != null) {
        for (int bound : write.ownedSlotRanges()) {
          command.addOwnedSlotRange(bound);
        }
      }
      commands.addCommand(command);
    }
    lastTimeMs = Math.max(lastTimeMs, System.currentTimeMillis());
    return ShardEntry.newBuilder().setTimeMs(lastTimeMs).setSeed(seeds.nextLong())
        .setCommands(commands).build();
  }

  /**
   * Waits, boundedly, while no leader is known (an election is under way) or this node leads
   * but has not yet committed an entry of its term. Null when this node may submit now.
   */
  private ShardException awaitLeadership() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_READY_WAIT_MS);
    while (true) {
      ShardException notLeader = shard.checkLeader();
      if (notLeader == null && shard.isLeaderReady()) {
        return null;
      }
      if (notLeader != null && notLeader.reason() != ShardException.Reason.NO_LEADER) {
        return notLeader;
      }
      if (System.nanoTime() > deadline) {
        return shard.noLeader();
      }
      Thread.sleep(1);
    }
  }

  private void complete(List<PendingWrite> batch, EntryMessage message, RaftClientReply reply,
      Throwable error) {
    Throwable failure = error != null ? error : reply.getException();
    if (failure == null && reply.getMessage() instanceof ReplyMessage replies
        && replies.replies().length == batch.size()) {
      Reply[] r = replies.replies();
      for (int i = 0; i < r.length; i++) {
        batch.get(i).reply().complete(r[i]);
      }
      return;
    }
    ShardException cause = classify(failure, message.appended());
    batch.forEach(w -> w.reply().completeExceptionally(cause));
  }

  private ShardException classify(Throwable failure, boolean appended) {
    if (appended) {
      LOG.warn("{}: an appended entry failed ({}); its outcome is unknown", shard.name(),
          failure == null ? "no reply" : failure.toString());
      return new ShardException(ShardException.Reason.OUTCOME_UNKNOWN, null,
          "the primary lost leadership before the write was known to commit");
    }
    if (failure instanceof NotLeaderException || failure instanceof LeaderNotReadyException) {
      ShardException now = shard.checkLeader();
      return now != null ? now : shard.noLeader();
    }
    if (failure instanceof RaftException) {
      return shard.noLeader();
    }
    LOG.warn("{}: write failed before it reached the log", shard.name(), failure);
    return shard.noLeader();
  }
}
