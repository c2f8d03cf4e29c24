package io.mneme.raft;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.netty.NettyFactory;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.rpc.SupportedRpcType;

/**
 * The Ratis transport between nodes: gRPC (the decided default), or Netty with
 * -Dmneme.raftTransport=netty, to measure. Netty measured better on a warm 3-node local cluster,
 * SET -c 50 -P 1, same build, interleaved A/B: 17.9-21.5k writes/s at 54-63 us of CPU per write
 * across the three JVMs, against gRPC's 12.7-16.5k at 71-88 us. It is not the default: Ratis
 * 3.3's Netty transport replicates through its default log appender, one append request per
 * follower at a time with heartbeats behind it, where gRPC streams appends and sends heartbeats
 * on a channel of their own; and under load (a busy core beside the tests) it failed: a slot
 * migration's Ratis client lost its connection ("Closing connection to n1"), a leader stepped
 * down during another migration, and a replica behind the purged log once did not catch up
 * through a snapshot. (Serving gRPC calls on its event loops instead of gRPC's
 * executor, measured as a way to cut gRPC's cost, gained nothing.)
 */
public final class RaftTransport {
  static final boolean NETTY = "netty".equals(System.getProperty("mneme.raftTransport"));

  private RaftTransport() {}

  static void configureServer(RaftProperties p, String host, int port) {
    if (NETTY) {
      RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
      NettyConfigKeys.Server.setHost(p, host);
      NettyConfigKeys.Server.setPort(p, port);
    } else {
      RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
      GrpcConfigKeys.Server.setHost(p, host);
      GrpcConfigKeys.Server.setPort(p, port);
    }
  }

  /** The client side of the same transport, for Ratis clients of a group. */
  public static RaftClientRpc clientRpc(ClientId id, RaftProperties properties) {
    return NETTY ? new NettyFactory(new Parameters()).newRaftClientRpc(id, properties)
        : new GrpcFactory(new Parameters()).newRaftClientRpc(id, properties);
  }
}
