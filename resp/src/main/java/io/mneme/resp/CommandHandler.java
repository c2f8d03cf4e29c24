package io.mneme.resp;

import io.mneme.engine.CommandKind;
import io.mneme.engine.CommandSpec;
import io.mneme.engine.CommandTable;
import io.mneme.engine.Reply;
import io.mneme.proto.NodeRecord;
import io.mneme.raft.Shard;
import io.mneme.raft.ShardException;
import io.mneme.shardmanager.ClusterMap;
import io.mneme.resp.codec.ProtocolError;
import io.mneme.resp.codec.RespEncoder;
import io.mneme.engine.HashSlot;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's commands: routes each to the shard (writes through the log, reads through a
 * read barrier) or answers it from the session, and sends the replies in the order the commands
 * came, however their answers complete.
 *
 * <p>Everything here runs on the connection's event loop; completions from other threads hop
 * onto it. A read that follows writes of the same connection starts only once they completed,
 * so the connection reads its own writes.
 */
final class CommandHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);
  private static final CommandTable COMMANDS = CommandTable.standard();
  private static final CompletableFuture<Reply> DONE = CompletableFuture.completedFuture(null);
  static final String CLUSTER_DOWN = "CLUSTERDOWN The cluster is down";
  static final String SLOT_NOT_SERVED = "CLUSTERDOWN Hash slot not served";
  static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

  /** A reply position in the connection's output order. */
  private static final class Slot {
    Reply reply;
  }

  private final NodeContext node;
  private final ClientSession session;
  private final SessionCommands sessionCommands;
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private ByteBuf out;
  private boolean reading;
  private boolean closing;
  private CompletableFuture<Reply> lastWrite = DONE;
  private Shard lastWriteShard;
  /** Reads of this connection waiting for a read barrier. */
  private int barrierReadsPending;
  /** Commands held back behind those reads, in the order they came. */
  private final ArrayDeque<byte[][]> held = new ArrayDeque<>();

  CommandHandler(NodeContext node, ClientSession session) {
    this.node = node;
    this.session = session;
    this.sessionCommands = new SessionCommands(node, session);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    if (closing) {
      return;
    }
    if (msg instanceof byte[][] argv) {
      if (argv.length > 0) {
        dispatch(argv);
      }
    } else if (msg instanceof ProtocolError error) {
      send(error.reply());
      closing = true;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    node.clients.remove(session.id);
    if (out != null) {
      out.release();
      out = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {} failed: {}", session.id, cause.toString());
    ctx.close();
  }

  /**
   * Holds a command back while a read of this connection waits for its barrier: a write sent
   * after a read must not be applied before the read runs, and everything after a held
   * command waits too, so the connection's order is kept.
   */
  private void dispatch(byte[][] argv) {
    if (!held.isEmpty() || (barrierReadsPending > 0 && isKeyspaceWrite(argv))) {
      held.add(argv);
      updateAutoRead();
      return;
    }
    dispatchNow(argv);
  }

  private static boolean isKeyspaceWrite(byte[][] argv) {
    CommandSpec spec = COMMANDS.resolve(argv);
    return spec != null && spec.kind() == CommandKind.KEYSPACE_WRITE;
  }

  /** A barrier read of this connection was answered: release what it held back. */
  private void barrierReadDone() {
    barrierReadsPending--;
    while (!held.isEmpty() && !(barrierReadsPending > 0 && isKeyspaceWrite(held.peek()))) {
      dispatchNow(held.poll());
    }
    updateAutoRead();
  }

  private void dispatchNow(byte[][] argv) {
    node.commandsProcessed.increment();
    session.lastActiveMs = System.currentTimeMillis();
    Reply rejection = COMMANDS.reject(argv);
    if (rejection != null) {
      send(rejection);
      return;
    }
    CommandSpec spec = COMMANDS.resolve(argv);
    session.lastCommand = spec.name();
    if (spec.kind() == CommandKind.SESSION) {
      sessionCommand(argv);
      return;
    }
    Shard shard = route(spec, argv);
    if (shard == null) {
      return; // answered with a redirect or an error
    }
    switch (spec.kind()) {
      case LOCAL -> send(shard.readLocal(argv));
      case KEYSPACE_WRITE -> write(shard, spec, argv);
      case KEYSPACE_READ -> read(shard, spec, argv);
      default -> send(Reply.error("ERR unsupported command kind " + spec.kind()));
    }
  }

  /**
   * The local shard member that serves the command, or null once it has answered instead:
   * CROSSSLOT when the keys span slots, MOVED to the slot's primary when this node hosts no
   * member of its shard, CLUSTERDOWN when the slot has no owner or the owner no primary. A
   * command without keys runs on the node's home shard.
   */
  private Shard route(CommandSpec spec, byte[][] argv) {
    int[] keys = spec.keyPositions(argv);
    if (keys.length == 0) {
      Shard home = node.homeShard();
      if (home == null) {
        send(Reply.error(CLUSTER_DOWN));
      }
      return home;
    }
    int slot = HashSlot.of(argv[keys[0]]);
    for (int i = 1; i < keys.length; i++) {
      if (HashSlot.of(argv[keys[i]]) != slot) {
        send(Reply.error(CROSSSLOT));
        return null;
      }
    }
    ClusterMap map = node.cluster.map();
    int shardId = map.shardOfSlot(slot);
    if (shardId < 0) {
      send(Reply.error(map.bootstrapped() ? SLOT_NOT_SERVED : CLUSTER_DOWN));
      return null;
    }
    Shard local = node.cluster.localShard(shardId);
    if (local != null) {
      return local;
    }
    NodeRecord primary = map.primaryOf(shardId);
    if (primary == null) {
      send(Reply.error(CLUSTER_DOWN));
    } else {
      node.redirects.increment();
      send(Reply.error("MOVED " + slot + " " + primary.getHost() + ":" + primary.getPort()));
    }
    return null;
  }

  private void sessionCommand(byte[][] argv) {
    SessionCommands.Outcome outcome = sessionCommands.run(argv);
    if (outcome.async() != null) {
      await(outcome.async(), argv);
      return;
    }
    send(outcome.reply());
    if (outcome.closeAfterReply()) {
      closing = true;
      flush();
    }
  }

  private void write(Shard shard, CommandSpec spec, byte[][] argv) {
    // With no leader known, the write pipeline waits a little for the election to end.
    ShardException refusal = shard.isLeader() || shard.leader() == null ? null
        : redirect(shard);
    if (refusal != null) {
      send(refusalReply(refusal, spec, argv));
      return;
    }
    CompletableFuture<Reply> reply = shard.write(argv);
    lastWrite = reply;
    lastWriteShard = shard;
    await(reply, argv);
  }

  private void read(Shard shard, CommandSpec spec, byte[][] argv) {
    if (node.options.debugUnsafeReads()) {
      send(shard.readLocal(argv));
      return;
    }
    if (!shard.isLeader()) {
      var leader = shard.leader();
      if (leader == null) {
        // An election is under way: wait for it as writes do, through the write pipeline.
        CompletableFuture<Reply> reply = shard.readInLogOrder(argv);
        lastWrite = reply;
        lastWriteShard = shard;
        await(reply, argv);
      } else if (session.readOnly) {
        send(shard.readLocal(argv));
      } else {
        send(refusalReply(redirect(shard), spec, argv));
      }
      return;
    }
    // Only this connection's unanswered writes to the same shard can touch the read's keys.
    boolean writesPending = lastWriteShard == shard && !lastWrite.isDone();
    if (!writesPending && shard.isLeaderReady()) {
      barrierReadsPending++;
      Slot slot = reserve();
      shard.read(argv, ctx.executor()).whenComplete((reply, error) -> onLoop(() -> {
        fill(slot, toReply(reply, error, argv));
        barrierReadDone();
      }));
      return;
    }
    // Behind this connection's unanswered writes: read in log order, between them and the next.
    // So too on a leader still committing its first entry: the write pipeline waits for that.
    CompletableFuture<Reply> reply = shard.readInLogOrder(argv);
    lastWrite = reply;
    lastWriteShard = shard;
    await(reply, argv);
  }

  /** Why this node does not serve the command: another leads it, or no one does. */
  private static ShardException redirect(Shard shard) {
    var leader = shard.leader();
    if (leader == null) {
      return new ShardException(ShardException.Reason.NO_LEADER, null, "no leader");
    }
    return new ShardException(ShardException.Reason.NOT_LEADER, leader, "not leader");
  }

  private Reply refusalReply(ShardException e, CommandSpec spec, byte[][] argv) {
    switch (e.reason()) {
      case NOT_LEADER:
        node.redirects.increment();
        return Reply.error("MOVED " + slotOf(spec, argv) + " " + e.leader().respAddress());
      case NO_LEADER:
        return Reply.error(CLUSTER_DOWN);
      case OUTCOME_UNKNOWN:
        return Reply.error("ERR the primary lost its leadership before the write was known to"
            + " commit; it may or may not have been applied");
      case OVERLOADED:
        return Reply.error("ERR too many writes queued on this node, try again later");
      case SHUTTING_DOWN:
      default:
        return Reply.error("ERR the server is shutting down");
    }
  }

  private static int slotOf(CommandSpec spec, byte[][] argv) {
    int[] keys = spec.keyPositions(argv);
    return keys.length == 0 ? 0 : HashSlot.of(argv[keys[0]]);
  }

  private void await(CompletableFuture<Reply> future, byte[][] argv) {
    if (future.isDone() && slots.isEmpty()) {
      send(toReply(future.getNow(null), exceptionOf(future), argv));
      return;
    }
    Slot slot = reserve();
    future.whenComplete((reply, error) -> onLoop(() -> fill(slot, toReply(reply, error, argv))));
  }

  private static Throwable exceptionOf(CompletableFuture<?> future) {
    try {
      future.join();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private Reply toReply(Reply reply, Throwable error, byte[][] argv) {
    if (error == null) {
      return reply;
    }
    Throwable cause = error instanceof java.util.concurrent.CompletionException
        && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ShardException e) {
      CommandSpec spec = COMMANDS.resolve(argv);
      return refusalReply(e, spec, argv);
    }
    LOG.warn("command {} failed", commandName(argv), cause);
    return Reply.error("ERR internal error: " + cause);
  }

  private static String commandName(byte[][] argv) {
    return new String(argv[0], java.nio.charset.StandardCharsets.UTF_8);
  }

  private void onLoop(Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  private Slot reserve() {
    Slot slot = new Slot();
    slots.add(slot);
    session.pendingReplies = slots.size();
    updateAutoRead();
    return slot;
  }

  private void fill(Slot slot, Reply reply) {
    slot.reply = reply;
    Slot head;
    while ((head = slots.peek()) != null && head.reply != null) {
      slots.poll();
      encode(head.reply);
    }
    session.pendingReplies = slots.size();
    updateAutoRead();
    if (!reading) {
      flush();
    }
  }

  private void send(Reply reply) {
    if (slots.isEmpty()) {
      encode(reply);
      if (!reading) {
        flush();
      }
    } else {
      Slot slot = new Slot();
      slot.reply = reply;
      slots.add(slot);
    }
  }

  private void encode(Reply reply) {
    if (!ctx.channel().isActive()) {
      return;
    }
    if (reply.isError()) {
      node.errorReplies.increment();
    }
    if (out == null) {
      out = ctx.alloc().ioBuffer();
    }
    RespEncoder.encode(reply, session.protocol, out);
  }

  private void flush() {
    if (out != null && out.isReadable()) {
      ByteBuf buf = out;
      out = null;
      ctx.writeAndFlush(buf, ctx.voidPromise());
      checkOutputBound();
    }
    if (closing && slots.isEmpty()) {
      ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Redis's client-output-buffer-limit: a client that does not read its replies is dropped. */
  private void checkOutputBound() {
    var outbound = ctx.channel().unsafe().outboundBuffer();
    if (outbound != null && outbound.totalPendingWriteBytes() > node.options.clientOutputBytesMax()) {
      LOG.warn("closing client {}: {} bytes of replies unread, over the limit of {}", session.id,
          outbound.totalPendingWriteBytes(), node.options.clientOutputBytesMax());
      ctx.close();
    }
  }

  /** Stop reading a connection with too many replies pending or a full socket. */
  private void updateAutoRead() {
    boolean readable = slots.size() + held.size() < node.options.pipelineRepliesMax()
        && ctx.channel().isWritable();
    if (ctx.channel().config().isAutoRead() != readable) {
      ctx.channel().config().setAutoRead(readable);
    }
  }
}
