package io.mneme.raft;

import io.mneme.engine.Engine;
import io.mneme.engine.Reply;
import io.mneme.engine.SnapshotCursor;
import io.mneme.proto.Command;
import io.mneme.proto.ShardEntry;
import io.mneme.proto.SnapshotMeta;
import io.mneme.snapshots.KeyspaceSnapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one shard group: applies {@link ShardEntry} records to the shard's
 * {@link Engine} in log order.
 *
 * <p>One lock guards the engine and the last-applied position together, so that whoever holds
 * it sees a keyspace that is exactly the result of the log up to {@link #getLastAppliedTermIndex}:
 * the apply thread, linearizable reads, and the snapshot writer taking its next chunk.
 *
 * <p>Snapshots never stop the apply thread for long: opening one only marks the keyspace
 * (copy-on-write from then on), and a background thread copies it out chunk by chunk. When it is
 * on disk, the state machine asks Ratis to take a snapshot, and {@link #takeSnapshot} answers at
 * once with the finished one, which lets Ratis purge the log.
 */
public final class ShardStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(ShardStateMachine.class);

  private final Engine engine = new Engine();
  /**
   * The engine's slots in handoff, republished after every migration step: the RESP layer
   * checks it on every command, without the lock, to hold a command back instead of sending
   * it through the log only to be refused.
   */
  private volatile java.util.BitSet slotsInHandoff = new java.util.BitSet();
  private final ReentrantLock lock = new ReentrantLock();
  private final ShardSnapshotStorage storage = new ShardSnapshotStorage();
  private final long snapshotEveryEntries;
  private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "snapshot-writer");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean snapshotRunning = new AtomicBoolean();
  private volatile Runnable snapshotWrittenListener = () -> {};
  private volatile Runnable leaderChangeListener = () -> {};
  private volatile java.util.function.BooleanSupplier keysWanted = () -> false;
  private volatile java.util.function.Consumer<List<byte[]>> keysWritten = keys -> {};
  /** Where this member's keyspace events go after each apply; null while no one listens. */
  private volatile java.util.function.Consumer<List<KeyspaceEvent>> eventListener;
  /** Whether anyone wants events now; when not, writes record none (no cost). */
  private volatile java.util.function.BooleanSupplier eventsWanted = () -> false;
  /**
   * Whether what the engine runs now was asked of this member: a read, or an entry its write
   * pipeline built. Only then are "keymiss" events announced: Redis sends them from the node
   * that served the read, and a replica applying the same entry served no one. Under the lock.
   */
  private boolean servingHere = true;
  /** The events of the entry being applied; touched under the lock only. */
  private final List<KeyspaceEvent> pendingEvents = new java.util.ArrayList<>();
  private long appliedSinceSnapshot;
  /** The longest the snapshot writer held the engine for one chunk, for the log. */
  private long longestChunkNanos;

  public ShardStateMachine(long snapshotEveryEntries) {
    this.snapshotEveryEntries = snapshotEveryEntries;
    engine.setEventSink((typeClass, event, key) -> {
      if (typeClass == io.mneme.engine.NotifyFlags.KEY_MISS && !servingHere) {
        return;
      }
      if (eventListener != null && eventsWanted.getAsBoolean()) {
        pendingEvents.add(new KeyspaceEvent(typeClass, event, key));
      }
    });
  }

  /**
   * After each applied entry that caused keyspace events, on the apply thread: the events, in
   * the order the engine reported them. Kept out of the lock so a slow listener cannot hold
   * the engine.
   */
  void onKeyspaceEvents(java.util.function.BooleanSupplier wanted,
      java.util.function.Consumer<List<KeyspaceEvent>> listener) {
    eventsWanted = wanted;
    eventListener = listener;
  }

  /**
   * Runs {@code action} on the engine with the lock held; for reads and tests. The keyspace
   * events a read caused (keymiss) are delivered once the lock is released.
   */
  public <T> T withEngine(java.util.function.Function<Engine, T> action) {
    List<KeyspaceEvent> events = List.of();
    T result;
    lock.lock();
    try {
      result = action.apply(engine);
      // Nested inside an apply, the events are the entry's, delivered after it.
      if (!pendingEvents.isEmpty() && lock.getHoldCount() == 1) {
        events = List.copyOf(pendingEvents);
        pendingEvents.clear();
      }
    } finally {
      lock.unlock();
    }
    deliverEvents(events);
    return result;
  }

  void onSnapshotWritten(Runnable listener) {
    snapshotWrittenListener = listener;
  }

  /** After each applied entry, while {@code wanted} says so: the keys its writes named. */
  void onKeysWritten(java.util.function.BooleanSupplier wanted,
      java.util.function.Consumer<List<byte[]>> listener) {
    keysWanted = wanted;
    keysWritten = listener;
  }

  void onLeaderChange(Runnable listener) {
    leaderChangeListener = listener;
  }

  @Override
  public void notifyLeaderChanged(org.apache.ratis.protocol.RaftGroupMemberId groupMemberId,
      org.apache.ratis.protocol.RaftPeerId newLeaderId) {
    leaderChangeListener.run();
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    getLifeCycle().startAndTransition(() -> {
      storage.init(raftStorage);
      loadNewestSnapshot();
    });
  }

  /** Ratis pauses the state machine before it installs a snapshot from the leader. */
  @Override
  public void pause() {
    if (getLifeCycleState() == org.apache.ratis.util.LifeCycle.State.RUNNING) {
      getLifeCycle().transition(org.apache.ratis.util.LifeCycle.State.PAUSING);
      getLifeCycle().transition(org.apache.ratis.util.LifeCycle.State.PAUSED);
    }
  }

  /** After a snapshot install: load it and run again. */
  @Override
  public void reinitialize() throws IOException {
    storage.reload();
    loadNewestSnapshot();
    if (getLifeCycleState() == org.apache.ratis.util.LifeCycle.State.PAUSED) {
      getLifeCycle().transition(org.apache.ratis.util.LifeCycle.State.STARTING);
      getLifeCycle().transition(org.apache.ratis.util.LifeCycle.State.RUNNING);
    }
  }

  private void loadNewestSnapshot() throws IOException {
    Optional<Path> newest = storage.newestComplete();
    lock.lock();
    try {
      engine.clear();
      slotsInHandoff = engine.slotsInHandoff();
      if (newest.isEmpty()) {
        return;
      }
      long started = System.nanoTime();
      SnapshotMeta meta = KeyspaceSnapshots.read(newest.get(), engine::restore);
      engine.setClockMs(meta.getClockMs());
      engine.loadMigrationState(io.mneme.proto.SlotMigrationState.parseFrom(
          meta.getSlotMigrationState()));
      engine.loadScriptState(io.mneme.proto.ScriptState.parseFrom(meta.getScriptState()));
      slotsInHandoff = engine.slotsInHandoff();
      updateLastAppliedTermIndex(meta.getTerm(), meta.getIndex());
      appliedSinceSnapshot = 0;
      LOG.info("{}: loaded snapshot {} ({} keys at index {}) in {} ms", getId(), newest.get(),
          meta.getKeyCount(), meta.getIndex(), (System.nanoTime() - started) / 1_000_000);
    } finally {
      lock.unlock();
    }
  }

  /** Whether commands on the slot are refused now, as it is in its handoff or gone. */
  boolean slotInHandoff(int slot) {
    return slotsInHandoff.get(slot);
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    Message message = request.getMessage();
    return TransactionContext.newBuilder()
        .setStateMachine(this)
        .setClientRequest(request)
        .setLogData(message.getContent())
        .setStateMachineContext(message instanceof EntryMessage m ? m : null)
        .build();
  }

  @Override
  public TransactionContext preAppendTransaction(TransactionContext trx) throws IOException {
    if (trx.getStateMachineContext() instanceof EntryMessage m) {
      m.markAppended();
    }
    return trx;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto logEntry = trx.getLogEntry();
    EntryMessage local = trx.getStateMachineContext() instanceof EntryMessage m ? m : null;
    ShardEntry entry;
    try {
      entry = local != null ? local.entry()
          : parse(logEntry.getStateMachineLogEntry().getLogData());
    } catch (IOException e) {
      // A log entry this build cannot read: applying around it would fork the replicas.
      return CompletableFuture.failedFuture(e);
    }
    Reply[] replies;
    Message migrationReply = null;
    List<KeyspaceEvent> events = List.of();
    lock.lock();
    try {
      if (entry.getBodyCase() == ShardEntry.BodyCase.MIGRATION) {
        migrationReply = applyMigration(entry.getMigration(), entry.getTimeMs());
        slotsInHandoff = engine.slotsInHandoff();
        replies = new Reply[0];
      } else {
        servingHere = local != null;
        try {
          replies = apply(entry, local);
        } finally {
          servingHere = true;
        }
      }
      updateLastAppliedTermIndex(logEntry.getTerm(), logEntry.getIndex());
      if (++appliedSinceSnapshot >= snapshotEveryEntries) {
        startSnapshotLocked();
      }
      if (!pendingEvents.isEmpty()) {
        events = List.copyOf(pendingEvents);
        pendingEvents.clear();
      }
    } finally {
      lock.unlock();
    }
    deliverEvents(events);
    if (migrationReply != null) {
      return CompletableFuture.completedFuture(migrationReply);
    }
    if (local != null && keysWanted.getAsBoolean() && entry.hasCommands()) {
      keysWritten.accept(writtenKeys(entry, local, replies));
    }
    return CompletableFuture.completedFuture(
        replies.length == 0 ? ReplyMessage.NONE : new ReplyMessage(replies));
  }

  private void deliverEvents(List<KeyspaceEvent> events) {
    java.util.function.Consumer<List<KeyspaceEvent>> listener = eventListener;
    if (events.isEmpty() || listener == null) {
      return;
    }
    try {
      listener.accept(events);
    } catch (RuntimeException e) {
      // Events are not state: a failing listener must not stop the apply thread.
      LOG.warn("{}: keyspace event listener failed", getId(), e);
    }
  }

  /** The keys the entry's write commands (and EXEC blocks) named. */
  private List<byte[]> writtenKeys(ShardEntry entry, EntryMessage local, Reply[] replies) {
    List<byte[]> keys = new java.util.ArrayList<>();
    List<Command> commands = entry.getCommands().getCommandList();
    for (int i = 0; i < commands.size(); i++) {
      Command c = commands.get(i);
      // A blocked attempt changed nothing: counting it would wake the other waiters of its
      // keys, whose attempts would wake it again, for ever.
      if (c.getReadOnly() || (i < replies.length && replies[i] instanceof Reply.Blocked)) {
        continue;
      }
      if (c.getTransactionCount() > 0) {
        c.getTransactionList().forEach(t -> addKeys(argv(t), keys));
      } else {
        byte[][] argv = local.argv(i);
        addKeys(argv != null ? argv : argv(c), keys);
      }
    }
    return keys;
  }

  private void addKeys(byte[][] argv, List<byte[]> keys) {
    io.mneme.engine.CommandSpec spec = engine.commands().resolve(argv);
    // EVAL and FCALL carry no "write" flag but run through the log: their declared keys count
    if (spec != null && (spec.isWrite()
        || spec.kind() == io.mneme.engine.CommandKind.KEYSPACE_WRITE)) {
      for (int pos : spec.keyPositions(argv)) {
        keys.add(argv[pos]);
      }
    }
  }

  /** One step of moving a slot in or out of this shard; the reply is a SlotRecords. */
  private Message applyMigration(io.mneme.proto.SlotMigrationStep step, long timeMs) {
    int slot = step.getSlot();
    io.mneme.proto.SlotRecords reply = io.mneme.proto.SlotRecords.getDefaultInstance();
    switch (step.getStepCase()) {
      case EXPORT_BEGIN -> engine.exportBegin(slot);
      case EXPORT_FREEZE_SINCE -> {
        reply = engine.exportFreeze(slot, step.getExportFreezeSince(), timeMs);
        if (reply == null) {
          reply = io.mneme.proto.SlotRecords.newBuilder()
              .setError("slot " + slot + " is not being exported").build();
        }
      }
      case EXPORT_FINISH -> engine.exportFinish(slot);
      case EXPORT_ABORT -> engine.exportAbort(slot);
      case IMPORT -> engine.importRecords(slot, step.getImport());
      case IMPORT_DROP -> engine.importDrop(slot);
      default -> reply = io.mneme.proto.SlotRecords.newBuilder()
          .setError("unknown migration step " + step.getStepCase()).build();
    }
    return Message.valueOf(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
        reply.toByteArray()));
  }

  /** Applies an entry; {@code local} is set when this member's write pipeline built it. */
  private Reply[] apply(ShardEntry entry, EntryMessage local) {
    switch (entry.getBodyCase()) {
      case COMMANDS: {
        List<Command> commands = entry.getCommands().getCommandList();
        Reply[] replies = new Reply[commands.size()];
        for (int i = 0; i < replies.length; i++) {
          replies[i] = applyCommand(commands.get(i), local == null ? null : local.argv(i),
              local != null, entry.getTimeMs(), commandSeed(entry.getSeed(), i));
        }
        return replies;
      }
      case EXPIRED: {
        List<byte[]> keys = entry.getExpired().getKeyList().stream()
            .map(com.google.protobuf.ByteString::toByteArray).toList();
        engine.expire(keys, entry.getTimeMs());
        return new Reply[0];
      }
      default:
        return new Reply[0];
    }
  }

  /**
   * One command. A bug that throws in a command's code throws the same way on every replica (same
   * state, same input), so it is answered as an error rather than allowed to stop the apply
   * thread, which would take every replica of the shard down with it.
   */
  private Reply applyCommand(Command command, byte[][] localArgv, boolean submittedHere,
      long timeMs, long seed) {
    if (command.getReadOnly() && !submittedHere) {
      return null;
    }
    if (command.getTransactionCount() > 0) {
      return applyTransactionCommand(command, timeMs, seed);
    }
    byte[][] argv = localArgv != null ? localArgv : argv(command);
    try {
      if (command.getReadOnly()) {
        return engine.read(argv, timeMs);
      }
      engine.setScriptSlots(ownedSlotRanges(command));
      return engine.write(argv, timeMs, seed);
    } catch (RuntimeException e) {
      LOG.error("{}: command {} failed inside the engine", getId(),
          new String(argv[0], java.nio.charset.StandardCharsets.UTF_8), e);
      return Reply.error("ERR internal error while executing the command: " + e);
    } finally {
      engine.setScriptSlots(null);
    }
  }

  private Reply applyTransactionCommand(Command exec, long timeMs, long seed) {
    List<byte[][]> commands = new java.util.ArrayList<>(exec.getTransactionCount());
    for (Command c : exec.getTransactionList()) {
      commands.add(argv(c));
    }
    List<byte[]> keys = exec.getWatchedKeyList().stream()
        .map(com.google.protobuf.ByteString::toByteArray).toList();
    long[] versions = exec.getWatchedVersionList().stream().mapToLong(Long::longValue).toArray();
    try {
      engine.setScriptSlots(ownedSlotRanges(exec));
      return engine.exec(commands, keys, versions, timeMs, seed);
    } catch (RuntimeException e) {
      LOG.error("{}: EXEC failed inside the engine", getId(), e);
      return Reply.error("ERR internal error while executing the transaction: " + e);
    } finally {
      engine.setScriptSlots(null);
    }
  }

  /** The slots a script's entry says this shard owns, as first, last pairs; null if none. */
  private static int[] ownedSlotRanges(Command command) {
    if (command.getOwnedSlotRangeCount() == 0) {
      return null;
    }
    return command.getOwnedSlotRangeList().stream().mapToInt(Integer::intValue).toArray();
  }

  /** Each command of an entry draws from its own stream, so batching cannot change outcomes. */
  private static long commandSeed(long entrySeed, int position) {
    long z = entrySeed + (position + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 27);
  }

  private static byte[][] argv(Command command) {
    int n = command.getArgCount();
    byte[][] argv = new byte[n][];
    for (int i = 0; i < n; i++) {
      argv[i] = command.getArg(i).toByteArray();
    }
    return argv;
  }

  private static ShardEntry parse(ByteString data) throws IOException {
    return ShardEntry.parseFrom(data.asReadOnlyByteBuffer());
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    // Configuration and no-op entries: keep the engine and the applied position in step.
    lock.lock();
    try {
      super.notifyTermIndexUpdated(term, index);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    // The read barrier: Ratis calls this once the read index is applied; the reads run after.
    if (request.getContent().isEmpty()) {
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    // A migration driver reading the slot it moves.
    try {
      io.mneme.proto.SlotQuery q = io.mneme.proto.SlotQuery.parseFrom(
          request.getContent().toByteArray());
      com.google.protobuf.MessageLite reply = withEngine(e -> q.hasRecords()
          ? e.readRecords(q.getRecords().getKeyList().stream()
              .map(com.google.protobuf.ByteString::toByteArray).toList(),
              System.currentTimeMillis())
          : io.mneme.proto.KeyList.newBuilder().setSequence(e.migrationSequence())
              .addAllKey(e.slotKeys(q.getSlot()).stream()
              .map(com.google.protobuf.ByteString::copyFrom).toList()).build());
      return CompletableFuture.completedFuture(Message.valueOf(
          org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
              reply.toByteArray())));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Starts writing a snapshot of the current state in the background, unless one is running.
   * Returns a future of the snapshot's index, or of -1 if one was already running.
   */
  public CompletableFuture<Long> snapshotNow() {
    lock.lock();
    try {
      return startSnapshotLocked();
    } finally {
      lock.unlock();
    }
  }

  private CompletableFuture<Long> startSnapshotLocked() {
    if (!snapshotRunning.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(-1L);
    }
    appliedSinceSnapshot = 0;
    TermIndex at = getLastAppliedTermIndex();
    if (at == null || at.getIndex() <= 0 || isPublishedAt(at.getIndex())) {
      snapshotRunning.set(false);
      return CompletableFuture.completedFuture(at == null ? -1L : at.getIndex());
    }
    long openStarted = System.nanoTime();
    SnapshotCursor cursor = engine.openSnapshot();
    byte[] migrationState = engine.migrationState().toByteArray();
    byte[] scriptState = engine.scriptState().toByteArray();
    long openMicros = (System.nanoTime() - openStarted) / 1000;
    if (openMicros > 1000) {
      LOG.info("{}: opening the snapshot held the engine for {} us", getId(), openMicros);
    }
    return CompletableFuture.supplyAsync(
        () -> writeSnapshot(at, cursor, migrationState, scriptState), snapshotWriter);
  }

  private boolean isPublishedAt(long index) {
    return storage.getLatestSnapshot() != null && storage.getLatestSnapshot().getIndex() >= index;
  }

  private long writeSnapshot(TermIndex at, SnapshotCursor cursor, byte[] migrationState,
      byte[] scriptState) {
    long started = System.nanoTime();
    try {
      Path dir = storage.directoryFor(at.getTerm(), at.getIndex());
      SnapshotMeta meta = KeyspaceSnapshots.write(dir, at.getTerm(), at.getIndex(),
          cursor.clockMs(), migrationState, scriptState, sink -> nextChunk(cursor, sink));
      storage.markWritten(dir);
      LOG.info("{}: wrote snapshot {} ({} keys) in {} ms; the engine was held at most {} us"
          + " per chunk", getId(), dir, meta.getKeyCount(),
          (System.nanoTime() - started) / 1_000_000, longestChunkNanos / 1000);
      longestChunkNanos = 0;
      snapshotWrittenListener.run();
      return at.getIndex();
    } catch (IOException | RuntimeException e) {
      LOG.error("{}: snapshot at {} failed", getId(), at, e);
      throw new java.util.concurrent.CompletionException(e);
    } finally {
      lock.lock();
      try {
        cursor.close();
      } finally {
        lock.unlock();
      }
      snapshotRunning.set(false);
    }
  }

  private boolean nextChunk(SnapshotCursor cursor, KeyspaceSnapshots.RecordSink sink) {
    lock.lock();
    long started = System.nanoTime();
    try {
      return cursor.next(KeyspaceSnapshots.RECORDS_PER_CHUNK, sink::accept);
    } finally {
      longestChunkNanos = Math.max(longestChunkNanos, System.nanoTime() - started);
      lock.unlock();
    }
  }

  /** Ratis asks for a snapshot: answer with the newest finished one, which it may purge up to. */
  @Override
  public long takeSnapshot() {
    return storage.publishWritten().map(info -> info.getIndex()).orElse(RaftLog.INVALID_LOG_INDEX);
  }

  @Override
  public void close() throws IOException {
    snapshotWriter.shutdownNow();
    super.close();
  }

  /**
   * SCRIPT KILL / FUNCTION KILL, without the engine's lock (a running script holds it): only a
   * read-only script is ever stopped; see {@link Engine#killScript}.
   */
  public String killScript(boolean function) {
    return engine.killScript(function);
  }

  /** The engine, for a caller that already holds the lock (inside {@link #withEngine}). */
  Engine lockedEngine() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("the engine is used without its lock");
    }
    return engine;
  }
}
