package io.mneme.jepsen.client;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key to slot mapping, as a client computes it (the harness imports no server
 * code): CRC16/XMODEM of the key, or of its hash tag (between the first '{' and the next '}',
 * if not empty), modulo {@link #SLOT_COUNT}.
 */
public final class KeySlot {
  /** Slots of a Redis cluster. */
  public static final int SLOT_COUNT = 16384;
  private static final int CRC_POLYNOMIAL = 0x1021;

  private KeySlot() {}

  /** The slot of {@code key}. */
  public static int of(String key) {
    byte[] b = hashed(key).getBytes(StandardCharsets.UTF_8);
    return crc16(b, 0, b.length) % SLOT_COUNT;
  }

  /** The part of {@code key} that is hashed: its hash tag if it has one, else all of it. */
  public static String hashed(String key) {
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        return key.substring(open + 1, close);
      }
    }
    return key;
  }

  /** A key of the same slot as {@code key}, for probes that must not touch {@code key}. */
  public static String sibling(String key, String name) {
    return name + "{" + hashed(key) + "}";
  }

  /** CRC16/XMODEM of {@code bytes[from, to)}. */
  static int crc16(byte[] bytes, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (bytes[i] & 0xff) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ CRC_POLYNOMIAL : crc << 1;
      }
      crc &= 0xffff;
    }
    return crc;
  }
}
