package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The Redis keyspace of one shard and the semantics of every command on it.
 *
 * <p>Deterministic and single-threaded: the caller serialises all calls (the shard state machine
 * holds one lock around them). Writes take their time and randomness from the log entry that
 * carries them, so every replica that applies the same entries reaches the same state.
 *
 * <p>Time: {@link #clockMs()} is the largest entry time applied so far; a write runs at
 * {@code max(entryTimeMs, clockMs())}, so time never goes backwards even when a new leader's
 * clock is behind the old one's. A read runs at {@code max(nowMs, clockMs())} and never deletes.
 * A key is expired once the time is past its deadline (Redis's rule: it lives through the
 * deadline millisecond).
 *
 * <p>The engine keeps references to the argv arrays it stores (keys and string values); callers
 * must not modify them after the call.
 */
public final class Engine {
  /** Buckets the expiry walk may visit per call, so active expiry stays cheap on the leader. */
  static final int EXPIRE_SCAN_BUCKETS_MAX = 1000;

  private final CommandTable table;
  final Keyspace keyspace = new Keyspace();
  private long clockMs;
  /** Persistent cursor of the active-expiry walk (leader only; not part of the state). */
  private long expireCursor;
  private SnapshotCursor openSnapshot;
  final SlotMigrations migrations = new SlotMigrations();
  /**
   * Scripts keep to one hash slot, as Redis 7.0 in cluster mode requires (Mneme is always a
   * cluster). Only the comparison with a standalone redis-server turns this off.
   */
  boolean scriptSlotCheck = true;
  /**
   * The slots this shard owns, as the entry being applied says for a script (first, last
   * pairs); null when not said, and a script then keeps to one slot, which its declared keys
   * route to this shard.
   */
  private int[] scriptSlotRanges;
  /** The script cache and function libraries: replicated state, saved with snapshots. */
  final io.mneme.engine.script.Scripts scripts = new io.mneme.engine.script.Scripts();
  /** Told of each keyspace event a write causes; null when no one listens. */
  private KeyspaceEvents events;

  public Engine() {
    this.table = CommandTable.standard();
    MemoryCommands.noteStartup();
  }

  /**
   * Sets where writes report their keyspace events (Redis's notifyKeyspaceEvent), or null for
   * none. Events are reported for every write applied, whatever notify-keyspace-events says:
   * the listener filters, since that setting is a node's, not the replicated state's.
   */
  public void setEventSink(KeyspaceEvents sink) {
    this.events = sink;
  }

  /** Reports one event to the sink, if any. */
  void notify(int typeClass, String event, byte[] key) {
    if (events != null) {
      events.event(typeClass, event, key);
    }
  }

  /**
   * Before the server applies a script's entry (EVAL, EVALSHA, FCALL, or a block): the slots
   * the entry says this shard owns, as first, last pairs; null after it, and for all else.
   */
  public void setScriptSlots(int[] ranges) {
    if (ranges != null && ranges.length % 2 != 0) {
      throw new IllegalArgumentException("slot ranges come in first, last pairs");
    }
    scriptSlotRanges = ranges;
  }

  boolean scriptSlotsKnown() {
    return scriptSlotRanges != null;
  }

  /** Whether a script may touch keys of this slot: owned, or nothing said. */
  boolean scriptSlotOwned(int slot) {
    if (scriptSlotRanges == null) {
      return true;
    }
    for (int i = 0; i < scriptSlotRanges.length; i += 2) {
      if (slot >= scriptSlotRanges[i] && slot <= scriptSlotRanges[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** The command table: arity, flags, key positions, validation. */
  public CommandTable commands() {
    return table;
  }

  /**
   * Applies one write command (a command whose spec says {@link CommandSpec#isWrite()}) as part
   * of a log entry. State-dependent errors (WRONGTYPE, not an integer...) are ordinary replies.
   */
  public Reply write(byte[][] argv, long entryTimeMs, long seed) {
    clockMs = Math.max(clockMs, entryTimeMs);
    CommandSpec spec = table.resolve(argv);
    if (spec != null && spec.kind() != CommandKind.KEYSPACE_WRITE) {
      return Reply.error(Errors.NOT_ENGINE_COMMAND);
    }
    if (spec != null && !migrations.idle()) {
      String refusal = migrations.refusal(slotOf(spec, argv), true);
      if (refusal != null) {
        return Reply.error(refusal);
      }
    }
    keyspace.stamp = migrations.sequence() + 1;
    Reply reply = run(spec, argv, new Ctx(this, clockMs, true, seed,
        spec == null ? "" : spec.name()));
    if (spec != null) {
      migrations.written(argv, spec);
    }
    return reply;
  }

  /**
   * The version WATCH records: the sequence of the write that last changed the key, or 0 when
   * it does not exist (or has expired) at {@code nowMs}.
   */
  public long keyVersion(byte[] key, long nowMs) {
    long now = Math.max(nowMs, clockMs);
    Keyspace.Entry e = keyspace.find(key);
    return e == null || (e.expireAt != -1 && now > e.expireAt) ? 0 : e.version;
  }

  /**
   * EXEC: if every watched key still has the version WATCH saw, runs the commands one after
   * another as one unit (nothing else runs between them) and returns their replies; otherwise
   * runs nothing and returns the null array, as Redis does.
   */
  public Reply exec(List<byte[][]> commands, List<byte[]> watchedKeys, long[] watchedVersions,
      long entryTimeMs, long seed) {
    clockMs = Math.max(clockMs, entryTimeMs);
    if (!migrations.idle()) {
      // A block touching a slot in its handoff runs not at all (TRYAGAIN), never in part.
      for (byte[][] argv : commands) {
        CommandSpec spec = table.resolve(argv);
        String refusal = spec == null ? null
            : migrations.refusal(slotOf(spec, argv), spec.isWrite());
        if (refusal != null) {
          return Reply.error(refusal);
        }
      }
    }
    for (int i = 0; i < watchedKeys.size(); i++) {
      if (keyVersion(watchedKeys.get(i), clockMs) != watchedVersions[i]) {
        return Reply.NULL_ARRAY;
      }
    }
    Reply[] replies = new Reply[commands.size()];
    for (int i = 0; i < replies.length; i++) {
      byte[][] argv = commands.get(i);
      CommandSpec spec = table.resolve(argv);
      boolean write = spec != null && spec.kind() == CommandKind.KEYSPACE_WRITE;
      if (spec != null && spec.name().equals("eval_ro")) {
        // A block is applied on every replica: EVAL_RO may cache its script here, as in Redis.
        scripts.scriptLoad(argv[1]);
      }
      replies[i] = write ? write(argv, entryTimeMs, seed + 0x9E3779B97F4A7C15L * (i + 1))
          : read(argv, entryTimeMs);
    }
    return Reply.array(replies);
  }

  /** The hash slot of the command's first key, or -1 if it names none. */
  private static int slotOf(CommandSpec spec, byte[][] argv) {
    int[] keys = spec.keyPositions(argv);
    return keys.length == 0 ? -1 : HashSlot.of(argv[keys[0]]);
  }

  /** Runs a read-only command against the current state; never changes the keyspace. */
  public Reply read(byte[][] argv, long nowMs) {
    CommandSpec spec = table.resolve(argv);
    if (spec != null && spec.kind() != CommandKind.KEYSPACE_READ
        && spec.kind() != CommandKind.LOCAL) {
      return Reply.error(Errors.NOT_ENGINE_COMMAND);
    }
    if (spec != null && !migrations.idle()) {
      String refusal = migrations.refusal(slotOf(spec, argv), false);
      if (refusal != null) {
        return Reply.error(refusal);
      }
    }
    long now = Math.max(nowMs, clockMs);
    return run(spec, argv, new Ctx(this, now, false, 0, spec == null ? "" : spec.name()));
  }

  /** Handlers call the same parse functions as the validators, so no separate validate here. */
  private Reply run(CommandSpec spec, byte[][] argv, Ctx ctx) {
    Reply rejected = table.rejectShape(argv);
    if (rejected != null) {
      return rejected;
    }
    try {
      return spec.handler.run(ctx, argv);
    } catch (CommandError e) {
      return e.reply();
    }
  }

  /**
   * For the server layer, before it parks a blocked XREAD: a blocked XREAD waits for entries
   * after each stream's last ID as it is now, so this returns argv with every "$" ID replaced by
   * that stream's current last ID ("0-0" for a missing key), to be run again instead of argv
   * when a key is written. Returns argv itself for other commands or when no "$" is given. Call
   * it with the same time as the {@link #read} that answered {@link Reply#BLOCKED}, before any
   * other command runs.
   */
  public byte[][] resolveStreamIds(byte[][] argv, long nowMs) {
    Ctx ctx = new Ctx(this, Math.max(nowMs, clockMs), false, 0, "xread");
    return StreamCommands.resolveDollarIds(ctx, argv);
  }

  /**
   * For the server layer, when a key written by a command is one a parked XREAD or XREADGROUP
   * waits on: Redis serves such a client from that one stream only (the first mention of the
   * key, with its ID), so this returns the parked argv cut down to that key, to be run (XREAD
   * as a read, XREADGROUP through the log) instead of the whole command. If that answers
   * {@link Reply#BLOCKED} the client stays parked with its whole argv. Returns null when argv
   * is not an XREAD or XREADGROUP reading the key.
   */
  public static byte[][] streamReadForKey(byte[][] argv, byte[] key) {
    return StreamCommands.narrowToKey(argv, key);
  }

  /**
   * Keys whose deadline has passed at {@code nowMs} (Redis's rule, see the class comment), at
   * most {@code max}. Walks a persistent cursor over a bounded number of buckets per call.
   */
  public List<byte[]> expiredKeys(long nowMs, int max) {
    List<byte[]> out = new ArrayList<>();
    if (keyspace.volatileCount() == 0 || max <= 0) {
      return out;
    }
    long now = Math.max(nowMs, clockMs);
    for (int i = 0; i < EXPIRE_SCAN_BUCKETS_MAX && out.size() < max; i++) {
      expireCursor = keyspace.scan(expireCursor, e -> {
        if (out.size() < max && e.expireAt != -1 && now > e.expireAt) {
          out.add(e.key);
        }
      });
    }
    return out;
  }

  /** Applies an active-expiry entry: deletes each key that still exists and is still expired. */
  public void expire(List<byte[]> keys, long entryTimeMs) {
    clockMs = Math.max(clockMs, entryTimeMs);
    for (byte[] key : keys) {
      Keyspace.Entry e = keyspace.find(key);
      if (e != null && e.expireAt != -1 && clockMs > e.expireAt) {
        keyspace.delete(e);
        migrations.expired(key);
        notify(NotifyFlags.EXPIRED, "expired", key);
      }
    }
  }

  public long clockMs() {
    return clockMs;
  }

  /** Sets the clock, e.g. to a snapshot's {@link SnapshotCursor#clockMs()} when loading it. */
  public void setClockMs(long clockMs) {
    this.clockMs = clockMs;
  }

  /** Keys stored in a hash slot (CLUSTER COUNTKEYSINSLOT). */
  public int slotKeyCount(int slot) {
    return keyspace.slotKeyCount(slot);
  }

  /** Up to {@code max} keys of a hash slot (CLUSTER GETKEYSINSLOT). */
  public List<byte[]> keysInSlot(int slot, int max) {
    List<byte[]> keys = new ArrayList<>();
    for (Keyspace.Entry e = keyspace.slotHead(slot); e != null && keys.size() < max;
        e = e.slotNext) {
      keys.add(e.key);
    }
    return keys;
  }

  public long keyCount() {
    return keyspace.size();
  }

  public long keysWithExpiryCount() {
    return keyspace.volatileCount();
  }

  /** Empties the keyspace (before loading a snapshot). An open snapshot is not affected. */
  public void clear() {
    keyspace.clear();
    migrations.load(io.mneme.proto.SlotMigrationState.getDefaultInstance());
    scripts.load(io.mneme.proto.ScriptState.getDefaultInstance());
  }

  /** The script cache and function libraries as they are now, for a snapshot. */
  public io.mneme.proto.ScriptState scriptState() {
    return scripts.save();
  }

  /** Replaces the script cache and function libraries with a snapshot's. */
  public void loadScriptState(io.mneme.proto.ScriptState state) {
    scripts.load(state);
  }

  /**
   * For the server layer, before it runs EVAL_RO on the read path: whether the script is
   * cached. Redis's EVAL_RO caches its script as EVAL does; a read cannot change replicated
   * state, so the server has it cached by a SCRIPT LOAD through the log first when it is not.
   */
  public boolean scriptCached(byte[] body) {
    return scripts.cached(body);
  }

  /**
   * For the server layer, before it routes FCALL or EVALSHA: the _RO form of the command when
   * the function or the cached script declares "no-writes" (it may then run on the read path,
   * as Redis runs it on replicas), else argv itself. EVAL is not rewritten: it caches its
   * script, which only the log may do.
   */
  public byte[][] readOnlyForm(byte[][] argv) {
    CommandSpec spec = table.resolve(argv);
    if (spec == null || !(spec.name().equals("fcall") || spec.name().equals("evalsha"))
        || !scripts.declaresNoWrites(argv, spec.name().equals("fcall"))) {
      return argv;
    }
    byte[][] ro = argv.clone();
    ro[0] = Parse.bytes(spec.name().toUpperCase(java.util.Locale.ROOT) + "_RO");
    return ro;
  }

  /**
   * For the server layer, from any thread: SCRIPT KILL / FUNCTION KILL of the read-only script
   * running now. Answers Redis's reply text (OK, NOTBUSY, UNKILLABLE, BUSY).
   */
  public String killScript(boolean function) {
    return scripts.killSwitch().kill(function);
  }

  /** Adds or replaces one key while loading a snapshot; expireAtMs -1 means none. */
  public void restore(byte[] key, byte[] encodedValue, long expireAtMs) {
    Object value = ValueCodec.decode(encodedValue);
    Keyspace.Entry e = keyspace.find(key);
    if (e == null) {
      keyspace.insert(key, value, expireAtMs);
    } else {
      keyspace.setValue(e, value);
      keyspace.setExpire(e, expireAtMs);
    }
  }

  /**
   * Opens a consistent view of the keyspace as it is now; writes may continue between calls to
   * {@link SnapshotCursor#next}. Only one snapshot may be open at a time; close it when done.
   */
  public SnapshotCursor openSnapshot() {
    if (openSnapshot != null) {
      throw new IllegalStateException("a snapshot is already open");
    }
    openSnapshot = new SnapshotCursor(this, keyspace, clockMs);
    return openSnapshot;
  }

  void snapshotClosed(SnapshotCursor cursor) {
    if (openSnapshot == cursor) {
      openSnapshot = null;
    }
  }

  // ---- moving slots between shards (see SlotMigrations) ----

  /** The source starts exporting the slot: from now on writes to it are tracked. */
  public void exportBegin(int slot) {
    migrations.begin(slot);
  }

  /** Every key of the slot now: the export's work list (keys added later are tracked). */
  public List<byte[]> slotKeys(int slot) {
    return keysInSlot(slot, Integer.MAX_VALUE);
  }

  /** The current records of the keys: live ones as records, absent ones as deleted. */
  public io.mneme.proto.SlotRecords readRecords(List<byte[]> keys, long nowMs) {
    long now = Math.max(nowMs, clockMs);
    io.mneme.proto.SlotRecords.Builder out = SlotMigrations.records()
        .setSequence(migrations.sequence());
    for (byte[] key : keys) {
      Keyspace.Entry e = keyspace.find(key);
      if (e == null || (e.expireAt != -1 && now > e.expireAt)) {
        out.addDeletedKey(com.google.protobuf.ByteString.copyFrom(key));
      } else {
        out.addKey(com.google.protobuf.ByteString.copyFrom(key))
            .addValue(com.google.protobuf.ByteString.copyFrom(ValueCodec.encode(e.value)))
            .addExpireAtMs(e.expireAt);
      }
    }
    return out.build();
  }

  /**
   * Freezes an exported slot (its commands get TRYAGAIN from now on) and returns the records of
   * the keys changed after {@code since}; null if the slot is not being exported.
   */
  public io.mneme.proto.SlotRecords exportFreeze(int slot, long since, long entryTimeMs) {
    clockMs = Math.max(clockMs, entryTimeMs);
    List<byte[]> changed = migrations.freeze(slot, since);
    return changed == null ? null : readRecords(changed, clockMs);
  }

  /** The slot now belongs to another shard: its keys go, and it is refused from now on. */
  public void exportFinish(int slot) {
    deleteSlot(slot);
    migrations.finish(slot);
  }

  /** The export is called off: the slot serves again, as if it had never started. */
  public void exportAbort(int slot) {
    migrations.abort(slot);
  }

  /** The count of write commands applied so far (replicated state, the same everywhere). */
  public long migrationSequence() {
    return migrations.sequence();
  }

  public boolean exporting(int slot) {
    return migrations.exporting(slot);
  }

  /** Stores a batch of records of a slot moving here; the first batch clears the slot. */
  public void importRecords(int slot, io.mneme.proto.SlotRecords records) {
    if (records.getReset()) {
      deleteSlot(slot);
    }
    migrations.imported(slot);
    for (int i = 0; i < records.getKeyCount(); i++) {
      restore(records.getKey(i).toByteArray(), records.getValue(i).toByteArray(),
          records.getExpireAtMs(i));
    }
    for (com.google.protobuf.ByteString key : records.getDeletedKeyList()) {
      keyspace.delete(key.toByteArray());
    }
  }

  /** Deletes what an import that was called off left in the slot. */
  public void importDrop(int slot) {
    deleteSlot(slot);
  }

  private void deleteSlot(int slot) {
    for (byte[] key : slotKeys(slot)) {
      keyspace.delete(key);
    }
  }

  /**
   * The slots in their handoff or gone from this shard: every command on them is refused
   * (TRYAGAIN) until the slot is served again or the cluster map sends it elsewhere. A copy.
   */
  public java.util.BitSet slotsInHandoff() {
    return migrations.refusedSlots();
  }

  public io.mneme.proto.SlotMigrationState migrationState() {
    return migrations.save();
  }

  public void loadMigrationState(io.mneme.proto.SlotMigrationState state) {
    migrations.load(state);
  }

  /** Test hook: stores a value of a type the commands do not know, to provoke WRONGTYPE. */
  void putRaw(byte[] key, Object value) {
    keyspace.delete(key);
    keyspace.insert(key, value, -1);
  }
}
