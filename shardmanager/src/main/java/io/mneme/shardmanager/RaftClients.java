package io.mneme.shardmanager;

import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;

/** Ratis clients for talking to a group from outside it (or from a member, over gRPC). */
final class RaftClients {
  static final TimeDuration REQUEST_TIMEOUT = TimeDuration.valueOf(3, TimeUnit.SECONDS);
  /** Enough to ride through a failover or a node restart (about 30 s in all). */
  static final int ATTEMPTS_MAX = 150;
  static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(200, TimeUnit.MILLISECONDS);

  private RaftClients() {}

  static RaftClient forGroup(RaftGroup group) {
    RaftProperties properties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, REQUEST_TIMEOUT);
    ClientId id = ClientId.randomId();
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setRaftGroup(group)
        .setClientId(id)
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(ATTEMPTS_MAX,
            RETRY_SLEEP))
        .setClientRpc(io.mneme.raft.RaftTransport.clientRpc(id, properties))
        .build();
  }
}
