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
        + " idle=" + (nowMs - lastActiveMs) / 1000 + " flags=" + (blocked ? "b" : "") + (readOnly ? "r" : blocked ? "" : "N")
        + " db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
        + " rbs=0 rbp=0 obl=0 oll=" + pendingReplies + " omem=0 tot-mem=0 events=r"
        + " cmd=" + lastCommand.toLowerCase(java.util.Locale.ROOT) + " user=default redir=-1"
        + " resp=" + protocol + " lib-name=" + libName + " lib-ver=" + libVersion;
  }

  private static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
