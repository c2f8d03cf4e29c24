package io.mneme.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one node listens: its RESP port for clients and its Raft port for peers. Written
 * {@code id=host:port@raftport}, after the {@code ip:port@cport} of Redis's CLUSTER NODES.
 */
public record PeerAddress(String id, String host, int respPort, int raftPort) {
  /**
   * A node's admin gRPC port is its RESP port plus this (as Redis's bus port is plus 10000). It
   * keeps the usual RESP ports (6379, 7000-8999) below Linux's ephemeral range (32768-60999): a
   * port in that range can be taken by any outgoing connection, and a restarted node would then
   * fail to bind it.
   */
  public static final int ADMIN_PORT_OFFSET = 20000;

  public PeerAddress {
    if (id.isEmpty() || !id.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("node id must be letters, digits, '_', '.' or '-': '"
          + id + "'");
    }
    checkPort(respPort);
    checkPort(raftPort);
  }

  private static void checkPort(int port) {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  public String respAddress() {
    return host + ":" + respPort;
  }

  public String raftAddress() {
    return host + ":" + raftPort;
  }

  public int adminPort() {
    return respPort + ADMIN_PORT_OFFSET;
  }

  /** From a Ratis peer's addresses ({@code host:raftport} and the RESP {@code host:port}). */
  static PeerAddress fromRaftPeer(String id, String raftAddress, String respAddress) {
    int r = raftAddress.lastIndexOf(':');
    int c = respAddress.lastIndexOf(':');
    return new PeerAddress(id, respAddress.substring(0, c),
        Integer.parseInt(respAddress.substring(c + 1)),
        Integer.parseInt(raftAddress.substring(r + 1)));
  }

  @Override
  public String toString() {
    return id + "=" + host + ":" + respPort + "@" + raftPort;
  }

  /** Parses {@code id=host:port@raftport}. */
  public static PeerAddress parse(String text) {
    String s = text.trim();
    int eq = s.indexOf('=');
    int at = s.lastIndexOf('@');
    int colon = at < 0 ? -1 : s.lastIndexOf(':', at);
    if (eq <= 0 || colon < eq || at < colon) {
      throw new IllegalArgumentException("a peer is written id=host:port@raftport, not '"
          + text + "'");
    }
    try {
      return new PeerAddress(s.substring(0, eq), s.substring(eq + 1, colon),
          Integer.parseInt(s.substring(colon + 1, at)), Integer.parseInt(s.substring(at + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in peer '" + text + "'", e);
    }
  }

  /** Parses a comma-separated list of peers. */
  public static List<PeerAddress> parseList(String text) {
    List<PeerAddress> peers = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        peers.add(parse(part));
      }
    }
    return peers;
  }
}
