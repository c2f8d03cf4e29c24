package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the keyspace's structural invariants (counts, expiry count, every entry findable). */
final class KeyspaceValidator {
  private KeyspaceValidator() {}

  static void check(Keyspace ks) {
    long[] counts = new long[2];
    ks.forEach(e -> {
      counts[0]++;
      if (e.expireAt != -1) {
        counts[1]++;
      }
      assertEquals(Keyspace.hash(e.key), e.hash, "stored hash");
      assertSame(e, ks.find(e.key), "entry findable");
      checkValue(e.value);
      if (e.value instanceof Container c) {
        assertTrue(!c.isEmpty(), "an empty " + c.typeName() + " is deleted");
      }
    });
    assertEquals(counts[0], ks.size(), "key count");
    long listed = 0;
    for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++) {
      int n = 0;
      Keyspace.Entry prev = null;
      for (Keyspace.Entry e = ks.slotHead(slot); e != null; prev = e, e = e.slotNext) {
        assertEquals(slot, HashSlot.of(e.key), "entry on its slot's list");
        assertSame(prev, e.slotPrev, "slot list back link");
        assertSame(e, ks.find(e.key), "slot list entry live");
        n++;
      }
      assertEquals(n, ks.slotKeyCount(slot), "slot " + slot + " key count");
      listed += n;
    }
    assertEquals(ks.size(), listed, "every key on a slot list");
    assertEquals(counts[1], ks.volatileCount(), "expiry count");
  }

  /** Each container type's own structural checks. */
  private static void checkValue(Object value) {
    if (value instanceof ListValue l) {
      l.checkInvariants();
    } else if (value instanceof HashValue h) {
      h.checkInvariants();
    } else if (value instanceof SetValue s) {
      s.checkInvariants();
    } else if (value instanceof ZSetValue z) {
      z.checkInvariants();
    } else if (value instanceof StreamValue st) {
      st.checkInvariants();
    }
  }
}
