package io.mneme.snapshots;

import java.util.zip.CRC32C;

/**
 * An order-independent checksum of records: the sum of a 64-bit hash per record. The writer
 * hands records out in hash-table order and RocksDB gives them back sorted, so the checksum must
 * not depend on order.
 */
final class RecordChecksum {
  private final CRC32C crc = new CRC32C();
  private long sum;
  private long count;

  void add(byte[] key, byte[] value, long expireAtMs) {
    crc.reset();
    crc.update(key);
    long keyHash = crc.getValue();
    crc.update(value);
    crc.update(new byte[] {(byte) (expireAtMs >>> 56), (byte) (expireAtMs >>> 48),
        (byte) (expireAtMs >>> 40), (byte) (expireAtMs >>> 32), (byte) (expireAtMs >>> 24),
        (byte) (expireAtMs >>> 16), (byte) (expireAtMs >>> 8), (byte) expireAtMs});
    long recordHash = (keyHash << 32) ^ crc.getValue() ^ (key.length * 0x9E3779B97F4A7C15L);
    sum += mix(recordHash);
    count++;
  }

  long value() {
    return sum;
  }

  long count() {
    return count;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
