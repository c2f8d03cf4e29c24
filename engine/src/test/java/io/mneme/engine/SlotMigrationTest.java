package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mneme.proto.SlotRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The engine's side of moving a slot: tracking, freeze, finish, import, and the saved state. */
class SlotMigrationTest extends EngineTestBase {
  private static final int SLOT = HashSlot.of("{t}".getBytes(StandardCharsets.UTF_8));

  private static Set<String> keys(SlotRecords r) {
    return r.getKeyList().stream().map(b -> b.toStringUtf8()).collect(Collectors.toSet());
  }

  private static Set<String> deleted(SlotRecords r) {
    return r.getDeletedKeyList().stream().map(b -> b.toStringUtf8()).collect(Collectors.toSet());
  }

  @Test
  void freezeYieldsWhatChangedSinceTheListWasTakenAndRefusesTheSlot() {
    is("OK", "set", "{t}a", "1");
    is("OK", "set", "{t}b", "2");
    engine.exportBegin(SLOT);
    long listedAt = engine.migrationSequence();
    assertEquals(2, engine.slotKeys(SLOT).size());
    is("OK", "set", "{t}c", "3");          // created after the list: must travel at freeze
    is(":1", "del", "{t}a");                // deleted after the list: must be deleted there
    is("OK", "set", "other", "x");          // another slot: not tracked
    SlotRecords delta = engine.exportFreeze(SLOT, listedAt, now);
    assertEquals(Set.of("{t}c"), keys(delta));
    assertEquals(Set.of("{t}a"), deleted(delta));
    err(SlotMigrations.TRYAGAIN, "get", "{t}b");
    err(SlotMigrations.TRYAGAIN, "set", "{t}b", "9");
    err(SlotMigrations.TRYAGAIN, "flushall");
    is("\"x\"", "get", "other");
  }

  @Test
  void aTransactionOnAFrozenSlotIsRefusedWholeNotInPart() {
    is("OK", "set", "other", "1");
    engine.exportBegin(SLOT);
    engine.exportFreeze(SLOT, 0, now);
    Reply r = engine.exec(List.<byte[][]>of(argv("set", "{t}a", "1")), List.of(), new long[0],
        now, 1);
    assertEquals(SlotMigrations.TRYAGAIN, ((Reply.Err) r).text());
  }

  @Test
  void abortServesTheSlotAgainAndFinishDropsItForGood() {
    is("OK", "set", "{t}a", "1");
    engine.exportBegin(SLOT);
    engine.exportFreeze(SLOT, 0, now);
    engine.exportAbort(SLOT);
    is("\"1\"", "get", "{t}a");
    engine.exportBegin(SLOT);
    engine.exportFreeze(SLOT, 0, now);
    engine.exportFinish(SLOT);
    assertEquals(0, engine.slotKeyCount(SLOT));
    err(SlotMigrations.TRYAGAIN, "set", "{t}a", "2"); // even with a stale cluster map
    engine.importRecords(SLOT, SlotRecords.newBuilder().setReset(true).build());
    is("OK", "set", "{t}a", "2");                      // the slot came back
  }

  @Test
  void importRestoresRecordsAndResetClearsLeftovers() {
    Engine source = new Engine();
    source.write(argv("set", "{t}a", "1"), now, 1);
    source.write(argv("set", "{t}b", "2"), now, 1);
    source.write(argv("pexpire", "{t}b", "100000"), now, 1);
    SlotRecords records = source.readRecords(source.slotKeys(SLOT), now);
    is("OK", "set", "{t}stale", "old");
    engine.importRecords(SLOT, records.toBuilder().setReset(true).build());
    is("\"1\"", "get", "{t}a");
    is(":" + (now + 100000), "pexpiretime", "{t}b");
    is("(nil)", "get", "{t}stale");
    engine.importDrop(SLOT);
    assertEquals(0, engine.slotKeyCount(SLOT));
  }

  @Test
  void theMigrationStateSurvivesASaveAndLoad() {
    is("OK", "set", "{t}a", "1");
    engine.exportBegin(SLOT);
    is("OK", "set", "{t}b", "2");
    engine.exportFinish(HashSlot.of("gone".getBytes(StandardCharsets.UTF_8)));
    Engine copy = new Engine();
    copy.loadMigrationState(engine.migrationState());
    assertEquals(engine.migrationSequence(), copy.migrationSequence());
    SlotRecords delta = copy.exportFreeze(SLOT, 0, now);
    assertEquals(List.of("{t}b"), delta.getDeletedKeyList().stream()
        .map(b -> b.toStringUtf8()).toList()); // tracked, not present in the empty copy
    assertEquals(SlotMigrations.TRYAGAIN,
        ((Reply.Err) copy.write(argv("set", "gone", "1"), now, 1)).text());
    assertNull(copy.exportFreeze(12345, 0, now));
  }
}
