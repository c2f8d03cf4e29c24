package io.mneme.jepsen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known values from the Redis Cluster specification and redis-cli CLUSTER KEYSLOT. */
class KeySlotTest {
  @Test
  void crcOfTheSpecificationExample() {
    byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x31C3, KeySlot.crc16(b, 0, b.length));
  }

  @Test
  void knownSlots() {
    assertEquals(12182, KeySlot.of("foo"));
    assertEquals(5061, KeySlot.of("bar"));
    assertEquals(866, KeySlot.of("hello"));
  }

  @Test
  void hashTagsShareASlot() {
    assertEquals(KeySlot.of("user1000"), KeySlot.of("{user1000}.following"));
    assertEquals(KeySlot.of("{user1000}.followers"), KeySlot.of("{user1000}.following"));
    // An empty tag is no tag: the whole key is hashed.
    assertEquals(KeySlot.crc16("{}x".getBytes(StandardCharsets.US_ASCII), 0, 3) % 16384,
        KeySlot.of("{}x"));
  }
}
