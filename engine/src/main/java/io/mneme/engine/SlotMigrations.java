package io.mneme.engine;

import io.mneme.proto.SlotExportState;
import io.mneme.proto.SlotMigrationState;
import io.mneme.proto.SlotRecords;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's side of moving hash slots between shards. Part of the replicated state: every
 * replica applies the same migration steps, and snapshots carry it.
 *
 * <p>Source side: while a slot is exported, each write to one of its keys records the key with
 * the engine's mutation sequence, so the changes made after any point can be sent again. A
 * frozen slot refuses its commands (TRYAGAIN) until the handoff ends; a finished slot is gone
 * and refused for good, even by a node whose cluster map is stale, until it is imported back.
 */
final class SlotMigrations {
  static final String TRYAGAIN = Errors.SLOT_MOVING;

  private static final class Export {
    boolean frozen;
    /** Keys written since the export began, with the sequence of their last change. */
    final Map<ByteBuffer, Long> dirty = new LinkedHashMap<>();
  }

  private final Map<Integer, Export> exports = new HashMap<>();
  private final BitSet gone = new BitSet(HashSlot.SLOT_COUNT);
  private long mutationSequence;

  boolean idle() {
    return exports.isEmpty() && gone.isEmpty();
  }

  long sequence() {
    return mutationSequence;
  }

  /** The refusal for a command on this slot (-1: no key), or null if it may run. */
  String refusal(int slot, boolean write) {
    if (slot < 0) {
      // A keyless write (FLUSHALL...) would change an exported slot without naming its keys.
      return write && !exports.isEmpty() ? TRYAGAIN : null;
    }
    if (gone.get(slot)) {
      return TRYAGAIN;
    }
    Export e = exports.get(slot);
    return e != null && e.frozen ? TRYAGAIN : null;
  }

  /** The slots whose commands are refused now: frozen exports and slots gone elsewhere. */
  BitSet refusedSlots() {
    BitSet refused = (BitSet) gone.clone();
    exports.forEach((slot, e) -> {
      if (e.frozen) {
        refused.set(slot);
      }
    });
    return refused;
  }

  /** Called after every applied write command. */
  void written(byte[][] argv, CommandSpec spec) {
    mutationSequence++;
    if (exports.isEmpty()) {
      return;
    }
    for (int pos : spec.keyPositions(argv)) {
      touched(argv[pos]);
    }
  }

  /** A key deleted by active expiry. */
  void expired(byte[] key) {
    mutationSequence++;
    touched(key);
  }

  private void touched(byte[] key) {
    if (exports.isEmpty()) {
      return;
    }
    Export e = exports.get(HashSlot.of(key));
    if (e != null) {
      e.dirty.put(ByteBuffer.wrap(key), mutationSequence);
    }
  }

  void begin(int slot) {
    exports.putIfAbsent(slot, new Export());
  }

  /** Freezes the slot; returns the keys changed after {@code since} (all if unknown). */
  List<byte[]> freeze(int slot, long since) {
    Export e = exports.get(slot);
    if (e == null) {
      return null;
    }
    e.frozen = true;
    List<byte[]> keys = new ArrayList<>();
    e.dirty.forEach((k, seq) -> {
      if (seq > since) {
        keys.add(k.array());
      }
    });
    return keys;
  }

  boolean exporting(int slot) {
    return exports.containsKey(slot);
  }

  void finish(int slot) {
    exports.remove(slot);
    gone.set(slot);
  }

  void abort(int slot) {
    exports.remove(slot);
  }

  /** The slot comes (back) to this shard: it is no longer gone here. */
  void imported(int slot) {
    gone.clear(slot);
  }

  SlotMigrationState save() {
    SlotMigrationState.Builder b = SlotMigrationState.newBuilder()
        .setMutationSequence(mutationSequence);
    exports.forEach((slot, e) -> {
      SlotExportState.Builder x = SlotExportState.newBuilder().setSlot(slot).setFrozen(e.frozen);
      e.dirty.forEach((k, seq) -> {
        x.addDirtyKey(com.google.protobuf.ByteString.copyFrom(k.array()));
        x.addDirtySequence(seq);
      });
      b.addExport(x);
    });
    gone.stream().forEach(b::addGoneSlot);
    return b.build();
  }

  void load(SlotMigrationState state) {
    exports.clear();
    gone.clear();
    mutationSequence = state.getMutationSequence();
    for (SlotExportState x : state.getExportList()) {
      Export e = new Export();
      e.frozen = x.getFrozen();
      for (int i = 0; i < x.getDirtyKeyCount(); i++) {
        e.dirty.put(ByteBuffer.wrap(x.getDirtyKey(i).toByteArray()), x.getDirtySequence(i));
      }
      exports.put(x.getSlot(), e);
    }
    state.getGoneSlotList().forEach(gone::set);
  }

  /** An empty records message, for building replies. */
  static SlotRecords.Builder records() {
    return SlotRecords.newBuilder();
  }
}
