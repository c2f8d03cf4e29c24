package io.mneme.shardmanager;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mneme.proto.AdminGrpc;
import io.mneme.proto.ClusterState;
import io.mneme.proto.GetClusterStateRequest;
import io.mneme.raft.PeerAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short-lived client of one node's admin API. */
public final class AdminClient implements AutoCloseable {
  static final long PROBE_DEADLINE_MS = 1000;

  private final ManagedChannel channel;
  private final AdminGrpc.AdminBlockingStub stub;

  public AdminClient(String host, int port) {
    this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    this.stub = AdminGrpc.newBlockingStub(channel);
  }

  /** The stub with a deadline of {@code ms} from now. */
  public AdminGrpc.AdminBlockingStub stub(long ms) {
    return stub.withDeadlineAfter(ms, TimeUnit.MILLISECONDS);
  }

  /** For the streaming calls (slot moves), which may run long. */
  public AdminGrpc.AdminBlockingStub streamingStub(long ms) {
    return stub(ms);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }

  /** The node's cluster state, or null if it did not answer in time. */
  static ClusterState tryGetState(String host, int port) {
    try (AdminClient c = new AdminClient(host, port)) {
      return c.stub(PROBE_DEADLINE_MS).getClusterState(GetClusterStateRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      return null;
    }
  }

  /** A created cluster's state as one of the other peers knows it, or null if none does. */
  static ClusterState fetchLiveState(List<PeerAddress> peers, String selfId) {
    for (PeerAddress p : peers) {
      if (p.id().equals(selfId)) {
        continue;
      }
      ClusterState s = tryGetState(p.host(), p.adminPort());
      if (s != null && s.getVersion() > 0) {
        return s;
      }
    }
    return null;
  }
}
