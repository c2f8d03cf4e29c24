package io.mneme.raft;

import io.mneme.proto.ShardEntry;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * A log entry on its way in: the serialised {@link ShardEntry} for the log, the parsed entry so
 * that the leader does not parse its own entries again, and whether Ratis appended it to the
 * log (after that, a failure leaves the outcome unknown).
 */
final class EntryMessage implements Message {
  private final ShardEntry entry;
  private final byte[][][] argvs;
  private final ByteString content;
  private volatile boolean appended;

  /**
   * @param argvs the entry's commands as the leader received them, so that applying them here
   *     copies nothing out of the protobuf; null when the entry has no commands
   */
  EntryMessage(ShardEntry entry, byte[][][] argvs) {
    this.entry = entry;
    this.argvs = argvs;
    this.content = UnsafeByteOperations.unsafeWrap(entry.toByteArray());
  }

  ShardEntry entry() {
    return entry;
  }

  /** Command {@code i}'s arguments, or null if they are only in the protobuf. */
  byte[][] argv(int i) {
    return argvs == null ? null : argvs[i];
  }

  void markAppended() {
    appended = true;
  }

  boolean appended() {
    return appended;
  }

  @Override
  public ByteString getContent() {
    return content;
  }

  @Override
  public String toString() {
    return "EntryMessage(" + content.size() + " bytes)";
  }
}
