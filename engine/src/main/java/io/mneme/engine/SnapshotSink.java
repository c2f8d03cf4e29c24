package io.mneme.engine;

/** Receives the records of a snapshot. */
@FunctionalInterface
public interface SnapshotSink {
  /** One key; expireAtMs is -1 when the key has no deadline. */
  void accept(byte[] key, byte[] encodedValue, long expireAtMs);
}
