package io.mneme.resp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** What the server knows of one connection: CLIENT LIST shows it, HELLO and CLIENT set it. */
final class ClientSession {
  final long id;
  final SocketAddress remote;
  final SocketAddress local;
  final long createdAtMs;
  volatile int protocol = 2;
  volatile String name = "";
  volatile String libName = "";
  volatile String libVersion = "";
  volatile boolean readOnly;
  volatile boolean blocked;
  volatile String lastCommand = "NULL";
  volatile long lastActiveMs;
  volatile int pendingReplies;
  /** Channels, patterns and shard channels subscribed to (CLIENT LIST's sub, psub, ssub). */
  volatile int subscriptions;
  volatile int patternSubscriptions;
  volatile int shardSubscriptions;

  ClientSession(long id, SocketAddress remote, SocketAddress local, long nowMs) {
    this.id = id;
    this.remote = remote;
    this.local = local;
    this.createdAtMs = nowMs;
    this.lastActiveMs = nowMs;
  }

  /** One line of CLIENT LIST / CLIENT INFO, in Redis 7.0's field order. */
  String describe(long nowMs) {
    return "id=" + id + " addr=" + address(remote) + " laddr=" + address(local) + " fd=-1"
        + " name=" + name + " age=" + (nowMs - createdAtMs) / 1000
        + " idle=" + (nowMs - lastActiveMs) / 1000 + " flags=" + flags()
        + " db=0 sub=" + subscriptions + " psub=" + patternSubscriptions
        + " ssub=" + shardSubscriptions + " multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
        + " rbs=0 rbp=0 obl=0 oll=" + pendingReplies + " omem=0 tot-mem=0 events=r"
        + " cmd=" + lastCommand.toLowerCase(java.util.Locale.ROOT) + " user=default redir=-1"
        + " resp=" + protocol + " lib-name=" + libName + " lib-ver=" + libVersion;
  }

  /** Redis's client flags, in its order; N for none. */
  private String flags() {
    StringBuilder sb = new StringBuilder();
    if (subscriptions + patternSubscriptions + shardSubscriptions > 0) {
      sb.append('P');
    }
    if (blocked) {
      sb.append('b');
    }
    if (readOnly) {
      sb.append('r');
    }
    return sb.length() == 0 ? "N" : sb.toString();
  }

  private static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
