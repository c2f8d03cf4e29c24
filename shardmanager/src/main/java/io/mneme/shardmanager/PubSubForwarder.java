package io.mneme.shardmanager;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.mneme.proto.AdminGrpc;
import io.mneme.proto.NodeRecord;
import io.mneme.proto.PublishAck;
import io.mneme.proto.PublishMessage;
import io.mneme.proto.ShardRecord;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries pub/sub messages published on this node to the other nodes, as Redis Cluster's bus
 * does: PUBLISH goes to every node of the cluster, SPUBLISH to the other members of the
 * channel's shard. Each peer has one long-lived client-streaming Publish call (admin API) fed by
 * one thread from a bounded queue, so the messages of one publisher arrive in the order they
 * were published. A full queue drops messages (logged, at most once per interval); a broken
 * stream is opened again after a pause. Messages are not state and are never logged.
 */
public final class PubSubForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PubSubForwarder.class);
  /** Messages waiting for one peer; more are dropped, as a slow bus link would lose them. */
  static final int PEER_QUEUE_MESSAGES_MAX = 65_536;
  static final long RECONNECT_DELAY_MS = 500;
  static final long DROP_LOG_INTERVAL_MS = 10_000;
  /** How long the sender waits on gRPC flow control between checks. */
  static final long READY_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ClusterNode node;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public PubSubForwarder(ClusterNode node) {
    this.node = node;
  }

  /** PUBLISH: to every other node of the cluster. */
  public void publish(byte[] channel, byte[] message) {
    PublishMessage m = message(channel, message, false);
    for (NodeRecord n : node.map().nodes()) {
      send(n, m);
    }
  }

  /** SPUBLISH: to the other members of the shard that owns the channel's slot. */
  public void spublish(int shardId, byte[] channel, byte[] message) {
    ShardRecord shard = node.map().shard(shardId);
    if (shard == null) {
      return;
    }
    PublishMessage m = message(channel, message, true);
    for (String id : shard.getMembersList()) {
      NodeRecord n = node.map().node(id);
      if (n != null) {
        send(n, m);
      }
    }
  }

  private static PublishMessage message(byte[] channel, byte[] message, boolean sharded) {
    return PublishMessage.newBuilder()
        .setChannel(com.google.protobuf.ByteString.copyFrom(channel))
        .setMessage(com.google.protobuf.ByteString.copyFrom(message))
        .setSharded(sharded).build();
  }

  private void send(NodeRecord n, PublishMessage m) {
    if (closed || n.getId().equals(node.selfId())) {
      return;
    }
    Peer peer = peers.compute(n.getId(), (id, old) -> {
      if (old != null && old.host.equals(n.getHost()) && old.port == n.getAdminPort()) {
        return old;
      }
      if (old != null) {
        old.stop();
      }
      return new Peer(id, n.getHost(), n.getAdminPort());
    });
    peer.offer(m);
  }

  @Override
  public void close() {
    closed = true;
    peers.values().forEach(Peer::stop);
    peers.clear();
  }

  /** One peer's queue, stream and sender thread. */
  private final class Peer implements Runnable {
    final String id;
    final String host;
    final int port;
    final ArrayBlockingQueue<PublishMessage> queue =
        new ArrayBlockingQueue<>(PEER_QUEUE_MESSAGES_MAX);
    final Thread thread;
    final AtomicLong dropped = new AtomicLong();
    volatile long lastDropLogMs;
    volatile boolean stopped;
    volatile boolean broken;
    ManagedChannel channel;
    ClientCallStreamObserver<PublishMessage> stream;

    Peer(String id, String host, int port) {
      this.id = id;
      this.host = host;
      this.port = port;
      this.thread = new Thread(this, "pubsub-forward-" + id);
      thread.setDaemon(true);
      thread.start();
    }

    void offer(PublishMessage m) {
      if (!queue.offer(m)) {
        drop(1);
      }
    }

    void drop(long n) {
      long total = dropped.addAndGet(n);
      long now = System.currentTimeMillis();
      if (now - lastDropLogMs >= DROP_LOG_INTERVAL_MS) {
        lastDropLogMs = now;
        LOG.warn("pub/sub messages for node {} dropped (queue full or link down): {} so far",
            id, total);
      }
    }

    @Override
    public void run() {
      while (!stopped) {
        PublishMessage m;
        try {
          m = queue.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          break;
        }
        if (m != null) {
          sendOne(m);
        }
      }
      closeStream();
    }

    private void sendOne(PublishMessage m) {
      try {
        if (stream == null || broken) {
          openStream();
        }
        while (!stream.isReady() && !broken && !stopped) {
          LockSupport.parkNanos(READY_WAIT_NANOS);
        }
        if (broken) {
          throw new IllegalStateException("stream broken");
        }
        stream.onNext(m);
      } catch (RuntimeException e) {
        drop(1);
        LOG.debug("publish stream to {} failed: {}", id, e.toString());
        closeStream();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RECONNECT_DELAY_MS));
      }
    }

    private void openStream() {
      closeStream();
      broken = false;
      channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
      stream = (ClientCallStreamObserver<PublishMessage>) AdminGrpc.newStub(channel)
          .publish(new ClientResponseObserver<PublishMessage, PublishAck>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<PublishMessage> call) {
              call.setOnReadyHandler(() -> LockSupport.unpark(thread));
            }

            @Override
            public void onNext(PublishAck ack) {}

            @Override
            public void onError(Throwable t) {
              broken = true;
              LockSupport.unpark(thread);
            }

            @Override
            public void onCompleted() {
              broken = true;
            }
          });
    }

    private void closeStream() {
      if (stream != null) {
        try {
          stream.onCompleted();
        } catch (RuntimeException ignored) {
          // the stream is already gone
        }
        stream = null;
      }
      if (channel != null) {
        channel.shutdownNow();
        channel = null;
      }
    }

    void stop() {
      stopped = true;
      thread.interrupt();
    }
  }
}
