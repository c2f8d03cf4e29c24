package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashSlotTest {
  private static int slot(String key) {
    return HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void crc16MatchesTheXmodemCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x31C3, HashSlot.crc16(check, 0, check.length));
  }

  @Test
  void slotsMatchRedis() {
    // Values from redis-cli CLUSTER KEYSLOT on Redis 7.0.
    assertEquals(12182, slot("foo"));
    assertEquals(5061, slot("bar"));
    assertEquals(0, slot(""));
  }

  @Test
  void hashTagsFollowRedisRules() {
    assertEquals(slot("user1"), slot("{user1}:a"));
    assertEquals(slot("{user1}:a"), slot("{user1}:b"));
    assertEquals(slot("bar"), slot("foo{bar}{zap}"));
    assertEquals(HashSlot.crc16("foo{}{bar}".getBytes(StandardCharsets.UTF_8), 0, 10) & 16383,
        slot("foo{}{bar}"));
    assertEquals(slot("{bar"), slot("foo{{bar}}zap"));
  }
}
