package io.mneme.raft;

import io.mneme.engine.Reply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The replies to the commands of one applied entry. Writes are submitted in-process on the
 * leader, and Ratis hands the state machine's message object back to the submitter unchanged,
 * so the replies never need to be serialised: the content is empty.
 */
final class ReplyMessage implements Message {
  static final ReplyMessage NONE = new ReplyMessage(new Reply[0]);

  private final Reply[] replies;

  ReplyMessage(Reply[] replies) {
    this.replies = replies;
  }

  Reply[] replies() {
    return replies;
  }

  @Override
  public ByteString getContent() {
    return ByteString.EMPTY;
  }

  @Override
  public String toString() {
    return "ReplyMessage(" + replies.length + " replies)";
  }
}
