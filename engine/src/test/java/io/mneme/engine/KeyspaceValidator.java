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
      if (e.value instanceof ListValue l) {
        l.checkInvariants();
        assertTrue(!l.isEmpty(), "an empty list is deleted");
      }
    });
    assertEquals(counts[0], ks.size(), "key count");
    assertEquals(counts[1], ks.volatileCount(), "expiry count");
  }
}
