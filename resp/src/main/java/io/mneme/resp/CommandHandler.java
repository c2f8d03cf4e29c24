package io.mneme.resp;

import io.mneme.engine.CommandKind;
import io.mneme.engine.CommandSpec;
import io.mneme.engine.CommandTable;
import io.mneme.engine.Reply;
import io.mneme.proto.NodeRecord;
import io.mneme.raft.BlockedWrites;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
  /**
   * How long a command on a slot in its handoff waits for the handoff to end before TRYAGAIN.
   * A handoff takes a few Raft rounds (about 100 ms); one whose driver died is finished or
   * rolled back much later, and the client retries meanwhile.
   */
  static final long HANDOFF_WAIT_MS = 1_000;
  /** How often a command waiting for a handoff looks at the slot again. */
  private static final long HANDOFF_POLL_MS = 2;
  private static final Reply PONG_LOWER = Reply.bulk("pong");
  private static final Reply EMPTY_BULK = new Reply.Bulk(new byte[0]);
  private static final byte[] SCRIPT = "SCRIPT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LOAD = "LOAD".getBytes(StandardCharsets.US_ASCII);

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
  /** The blocking command this connection waits on, if any. */
  private BlockedWrites.Waiter waiter;
  private java.util.concurrent.ScheduledFuture<?> timer;
  private final Transaction tx = new Transaction();
  private Shard lastWriteShard;
  /** Commands of this connection started so far. */
  private long commandsStarted;
  /** A command of this connection waits for its slot's handoff; later ones are held. */
  private boolean awaitingHandoff;
  /** Reads of this connection waiting for a read barrier. */
  private int barrierReadsPending;
  /** Commands held back behind those reads, in the order they came. */
  private final ArrayDeque<byte[][]> held = new ArrayDeque<>();
  /**
   * An EXEC whose block (un)subscribes waits for its shard: what comes after it is held, since
   * whether the connection is in subscribed mode then depends on the block.
   */
  private boolean subscribingExec;
  /** This connection's subscriptions; set once the handler is added. */
  private PubSubSession pubsub;
  /** When the connection's output first went over the pub/sub soft limit; 0 when under. */
  private long pubsubSoftSinceMs;

  CommandHandler(NodeContext node, ClientSession session) {
    this.node = node;
    this.session = session;
    this.sessionCommands = new SessionCommands(node, session);
    this.sessionCommands.waitNow = this::replicasHoldingLastWrite;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.pubsub = new PubSubSession(node.pubsub, session, new PubSubSession.Connection() {
      @Override
      public java.util.concurrent.Executor loop() {
        return ctx.executor();
      }

      @Override
      public boolean inLoop() {
        return ctx.executor().inEventLoop();
      }

      @Override
      public void push(Reply.Push message) {
        deliverPush(message);
      }

      @Override
      public void overflow(long bytes) {
        LOG.warn("closing subscriber {}: {} bytes of messages queued, over the pub/sub limit of"
            + " {}", session.id, bytes, PubSubSession.PUBSUB_OUTPUT_HARD_BYTES);
        ctx.close();
      }
    });
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
    pubsub.unsubscribeAll();
    if (waiter != null) {
      waiter.cancel();
      waiter = null;
      node.blockedClients.decrementAndGet();
    }
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
    if (!held.isEmpty() || waiter != null || awaitingHandoff || subscribingExec
        || (barrierReadsPending > 0 && isKeyspaceWrite(argv))) {
      held.add(argv);
      updateAutoRead();
      return;
    }
    dispatchNow(argv);
  }

  /** A write, or EXEC (which may write): neither may overtake an earlier read. */
  private static boolean isKeyspaceWrite(byte[][] argv) {
    CommandSpec spec = COMMANDS.resolve(argv);
    return spec != null && (spec.kind() == CommandKind.KEYSPACE_WRITE
        || spec.name().equals("exec"));
  }

  /** A barrier read of this connection was answered: release what it held back. */
  private void barrierReadDone() {
    barrierReadsPending--;
    releaseHeld();
  }

  private void releaseHeld() {
    while (!held.isEmpty() && waiter == null && !awaitingHandoff && !subscribingExec
        && !(barrierReadsPending > 0 && isKeyspaceWrite(held.peek()))) {
      dispatchNow(held.poll());
    }
    updateAutoRead();
  }

  private void dispatchNow(byte[][] argv) {
    node.commandsProcessed.increment();
    commandsStarted++;
    session.lastActiveMs = System.currentTimeMillis();
    Reply rejection = COMMANDS.reject(argv);
    String name = SessionCommands.lower(argv[0]);
    if (rejection == null && session.protocol == 2 && pubsub.subscribed()
        && !PubSubCommands.allowedWhileSubscribed(name)) {
      Reply redirect = redirectOf(COMMANDS.resolve(argv), argv);
      send(redirect != null ? redirect : Reply.error("ERR Can't execute '" + fullName(argv)
          + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in"
          + " this context"));
      return;
    }
    if (tx.queued != null && !isTransactionControl(name)) {
      if (rejection != null) {
        tx.failed = true;
        send(rejection);
      } else {
        queue(COMMANDS.resolve(argv), argv);
      }
      return;
    }
    if (rejection != null) {
      send(rejection);
      return;
    }
    CommandSpec spec = COMMANDS.resolve(argv);
    session.lastCommand = spec.kind() == CommandKind.SESSION ? fullName(argv) : spec.name();
    if (spec.kind() == CommandKind.SESSION) {
      if (PubSubCommands.isPubSub(name)) {
        pubSubCommand(spec, name, argv);
        return;
      }
      if (name.equals("ping") && session.protocol == 2 && pubsub.subscribed()) {
        send(subscribedPong(argv));
        return;
      }
      if (name.equals("reset")) {
        tx.clear();
        pubsub.unsubscribeAll();
      }
      if (isTransactionControl(name) && !name.equals("quit") && !name.equals("reset")) {
        transactionCommand(name, argv);
      } else if (name.equals("wait")) {
        // Acknowledged writes are already on a quorum: WAIT answers once the last is answered.
        Shard shard = lastWriteShard != null ? lastWriteShard : node.homeShard();
        boolean wrote = lastWriteShard != null;
        await(lastWrite.handle((r, e) -> replicasHolding(shard, wrote)), argv);
      } else {
        sessionCommand(argv);
      }
      return;
    }
    runKeyed(spec, argv, 0);
  }

  /**
   * Routes a command of the keyspace to its shard and runs it there. One on a slot the local
   * primary is handing off waits for the handoff to end (until {@code handoffDeadlineMs}, 0 to
   * start the wait now), as MemoryDB's writes do: then it runs, or is redirected to the new
   * owner, instead of going through the log only to be refused.
   */
  private void runKeyed(CommandSpec spec, byte[][] argv, long handoffDeadlineMs) {
    Routed routed = routeOf(spec.keyPositions(argv), argv);
    if (routed.refusal() != null) {
      send(routed.refusal());
      return;
    }
    Shard shard = routed.shard();
    if (shard.slotInHandoff(routed.slot()) && shard.isLeader()) {
      long now = System.currentTimeMillis();
      long deadline = handoffDeadlineMs == 0 ? now + HANDOFF_WAIT_MS : handoffDeadlineMs;
      if (now < deadline) {
        awaitHandoff(spec, argv, deadline);
        return;
      }
      send(Reply.error(io.mneme.engine.Errors.SLOT_MOVING));
      return;
    }
    if (spec.kind() == CommandKind.KEYSPACE_WRITE && spec.aclCategories().contains("scripting")
        && spec.flags().contains(io.mneme.engine.CommandFlag.NO_MANDATORY_KEYS)) {
      // FCALL / EVALSHA of something declared "no-writes" runs as its _RO form, on the read path
      byte[][] ro = shard.inspect(e -> e.readOnlyForm(argv));
      if (ro != argv) {
        read(shard, COMMANDS.resolve(ro), ro);
        return;
      }
    }
    if (spec.name().equals("eval_ro")) {
      cacheScript(shard, argv[1]);
    }
    switch (spec.kind()) {
      case LOCAL -> send(shard.readLocal(argv));
      case KEYSPACE_WRITE -> write(shard, spec, argv);
      case KEYSPACE_READ -> read(shard, spec, argv);
      default -> send(Reply.error("ERR unsupported command kind " + spec.kind()));
    }
  }

  /**
   * Redis's EVAL_RO caches its script as EVAL does, so EVALSHA of it works next. The cache is
   * replicated state, which a read cannot change: a SCRIPT LOAD goes through the log first, and
   * the EVAL_RO, behind this connection's write, reads after it. Only a primary can: on a
   * replica the script runs uncached.
   */
  private void cacheScript(Shard shard, byte[] body) {
    if (!shard.isLeader() || node.options.debugUnsafeReads()
        || shard.inspect(e -> e.scriptCached(body))) {
      return;
    }
    lastWrite = shard.write(new byte[][] {SCRIPT, LOAD, body});
    lastWriteShard = shard;
  }

  /**
   * Holds the connection's commands (as a blocking command does) while the slot of this one is
   * in its handoff, and looks again every {@link #HANDOFF_POLL_MS}.
   */
  private void awaitHandoff(CommandSpec spec, byte[][] argv, long deadlineMs) {
    awaitingHandoff = true;
    updateAutoRead();
    ctx.executor().schedule(() -> {
      awaitingHandoff = false;
      if (!ctx.channel().isActive()) {
        return;
      }
      runKeyed(spec, argv, deadlineMs);
      releaseHeld();
    }, HANDOFF_POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Where commands with these keys run: a local shard member, or why not here: CROSSSLOT when
   * the keys span slots, MOVED to the slot's primary when this node hosts no member of its
   * shard, CLUSTERDOWN when the slot has no owner or the owner no primary. A command without
   * keys runs on the node's home shard.
   */
  record Routed(Shard shard, Reply refusal, int slot) {}

  private Routed routeOf(int[] keys, byte[][] argv) {
    if (keys.length == 0) {
      Shard home = node.homeShard();
      return home == null ? new Routed(null, Reply.error(CLUSTER_DOWN), -1)
          : new Routed(home, null, -1);
    }
    int slot = HashSlot.of(argv[keys[0]]);
    for (int i = 1; i < keys.length; i++) {
      if (HashSlot.of(argv[keys[i]]) != slot) {
        return new Routed(null, Reply.error(CROSSSLOT), slot);
      }
    }
    ClusterMap map = node.cluster.map();
    int shardId = map.shardOfSlot(slot);
    if (shardId < 0) {
      return new Routed(null, Reply.error(map.bootstrapped() ? SLOT_NOT_SERVED : CLUSTER_DOWN),
          slot);
    }
    Shard local = node.cluster.localShard(shardId);
    if (local != null) {
      return new Routed(local, null, slot);
    }
    NodeRecord primary = map.primaryOf(shardId);
    if (primary == null) {
      return new Routed(null, Reply.error(CLUSTER_DOWN), slot);
    }
    node.redirects.increment();
    return new Routed(null, Reply.error("MOVED " + slot + " " + primary.getHost() + ":"
        + primary.getPort()), slot);
  }

  /** As {@link #routeOf}, and the member must lead: a transaction runs on the primary. */
  private Routed routeToLeader(int[] keys, byte[][] argv) {
    Routed r = routeOf(keys, argv);
    if (r.shard() == null || r.shard().isLeader()) {
      return r;
    }
    if (r.shard().leader() == null) {
      return new Routed(null, Reply.error(CLUSTER_DOWN), r.slot());
    }
    node.redirects.increment();
    return new Routed(null, Reply.error("MOVED " + Math.max(0, r.slot()) + " "
        + r.shard().leader().respAddress()), r.slot());
  }

  // ---- pub/sub ----

  /**
   * Redis's processCommand redirects before it checks subscribed mode: a command with keys
   * served elsewhere gets its MOVED (or CROSSSLOT) first. Null when it would run here.
   */
  private Reply redirectOf(CommandSpec spec, byte[][] argv) {
    int[] keys = spec.kind() == CommandKind.SESSION ? new int[0] : spec.keyPositions(argv);
    if (keys.length == 0) {
      return null;
    }
    Routed r = spec.isWrite() || !session.readOnly ? routeToLeader(keys, argv)
        : routeOf(keys, argv);
    return r.refusal();
  }

  /** Redis's cmd->fullname: "client|list" for a subcommand, as the subscribed-mode error. */
  private static String fullName(byte[][] argv) {
    CommandSpec spec = COMMANDS.resolve(argv);
    String name = spec.name();
    if (argv.length > 1 && !name.contains("|") && PubSubCommands.isSessionContainer(name)) {
      return name + "|" + SessionCommands.lower(argv[1]);
    }
    return name;
  }

  private void pubSubCommand(CommandSpec spec, String name, byte[][] argv) {
    switch (name) {
      case "subscribe" -> pubsub.subscribe(PubSubHub.Kind.CHANNEL, argv, this::send);
      case "psubscribe" -> pubsub.subscribe(PubSubHub.Kind.PATTERN, argv, this::send);
      case "unsubscribe" -> pubsub.unsubscribe(PubSubHub.Kind.CHANNEL, argv, this::send);
      case "punsubscribe" -> pubsub.unsubscribe(PubSubHub.Kind.PATTERN, argv, this::send);
      case "ssubscribe", "sunsubscribe" -> shardSubscription(spec, name, argv);
      case "publish" -> send(Reply.integer(node.publish(argv[1], argv[2])));
      case "spublish" -> spublish(spec, argv);
      default -> send(node.pubsub.introspect(argv)); // PUBSUB
    }
  }

  /**
   * SSUBSCRIBE and SUNSUBSCRIBE route like keys: every channel in one slot (CROSSSLOT), served
   * by a member of its shard on this node, primary or replica (MOVED otherwise).
   */
  private void shardSubscription(CommandSpec spec, String name, byte[][] argv) {
    if (argv.length > 1) {
      Routed r = routeOf(spec.keyPositions(argv), argv);
      if (r.refusal() != null) {
        send(r.refusal());
        return;
      }
    }
    if (name.equals("ssubscribe")) {
      pubsub.subscribe(PubSubHub.Kind.SHARD_CHANNEL, argv, this::send);
    } else {
      pubsub.unsubscribe(PubSubHub.Kind.SHARD_CHANNEL, argv, this::send);
    }
  }

  /**
   * SPUBLISH: routed by the channel's slot; delivered to this node's subscribers and sent to
   * the shard's other members. The reply counts this node's receivers, as Redis Cluster's.
   */
  private void spublish(CommandSpec spec, byte[][] argv) {
    Routed r = routeOf(spec.keyPositions(argv), argv);
    if (r.refusal() != null) {
      send(r.refusal());
      return;
    }
    int receivers = node.pubsub.spublish(argv[1], argv[2]);
    node.forwarder.spublish(r.shard().id(), argv[1], argv[2]);
    send(Reply.integer(receivers));
  }

  /** A message for this subscriber, on its event loop: sent in order with its replies. */
  private void deliverPush(Reply.Push message) {
    if (!ctx.channel().isActive()) {
      return;
    }
    send(message);
    checkPubSubBound();
  }

  /**
   * Redis's client-output-buffer-limit for pub/sub clients: a subscriber whose unsent output
   * passes the hard limit, or stays over the soft limit too long, is disconnected.
   */
  private void checkPubSubBound() {
    var outbound = ctx.channel().unsafe().outboundBuffer();
    long bytes = pubsub.queuedBytes() + (out == null ? 0 : out.readableBytes())
        + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    long now = System.currentTimeMillis();
    boolean overHard = bytes > PubSubSession.PUBSUB_OUTPUT_HARD_BYTES;
    if (bytes <= PubSubSession.PUBSUB_OUTPUT_SOFT_BYTES) {
      pubsubSoftSinceMs = 0;
    } else if (pubsubSoftSinceMs == 0) {
      pubsubSoftSinceMs = now;
    }
    boolean overSoftTooLong = pubsubSoftSinceMs != 0
        && now - pubsubSoftSinceMs > PubSubSession.PUBSUB_OUTPUT_SOFT_MS;
    if (overHard || overSoftTooLong) {
      LOG.warn("closing subscriber {}: {} bytes of output unsent, over the pub/sub limit",
          session.id, bytes);
      ctx.close();
    }
  }

  // ---- MULTI / EXEC / DISCARD / WATCH / UNWATCH ----

  private static boolean isTransactionControl(String name) {
    return switch (name) {
      case "multi", "exec", "discard", "watch", "unwatch", "quit", "reset" -> true;
      default -> false;
    };
  }

  /** Inside MULTI: checks and queues a command (QUEUED), or refuses it and dooms the block. */
  private void queue(CommandSpec spec, byte[][] argv) {
    if (spec.kind() != CommandKind.SESSION) {
      Routed r = routeToLeader(spec.keyPositions(argv), argv);
      if (r.refusal() == null && r.slot() >= 0 && tx.slot >= 0 && r.slot() != tx.slot) {
        r = new Routed(null, Reply.error(CROSSSLOT), r.slot());
      }
      if (r.refusal() != null) {
        tx.failed = true;
        send(r.refusal());
        return;
      }
      if (r.slot() >= 0) {
        tx.slot = r.slot();
      }
      tx.shard = tx.shard == null || r.slot() >= 0 ? r.shard() : tx.shard;
    }
    tx.queued.add(argv);
    send(Reply.QUEUED);
  }

  private void transactionCommand(String name, byte[][] argv) {
    switch (name) {
      case "multi" -> {
        if (tx.queued != null) {
          send(Reply.error("ERR MULTI calls can not be nested"));
        } else {
          tx.begin();
          send(Reply.OK);
        }
      }
      case "discard" -> {
        if (tx.queued == null) {
          send(Reply.error("ERR DISCARD without MULTI"));
        } else {
          tx.clear();
          send(Reply.OK);
        }
      }
      case "unwatch" -> {
        tx.unwatch();
        send(Reply.OK);
      }
      case "watch" -> watch(argv);
      case "exec" -> exec(argv);
      default -> send(Reply.error("ERR unknown command '" + name + "'"));
    }
  }

  private void watch(byte[][] argv) {
    if (tx.queued != null) {
      send(Reply.error("ERR WATCH inside MULTI is not allowed"));
      return;
    }
    int[] keys = new int[argv.length - 1];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i + 1;
    }
    Routed r = routeToLeader(keys, argv);
    if (r.refusal() == null && tx.watchShard != null && tx.watchShard != r.shard()) {
      r = new Routed(null, Reply.error(CROSSSLOT), r.slot());
    }
    if (r.refusal() != null) {
      send(r.refusal());
      return;
    }
    tx.watchShard = r.shard();
    for (int i = 1; i < argv.length; i++) {
      tx.watchedKeys.add(argv[i]);
      tx.watchedVersions.add(r.shard().keyVersion(argv[i]));
    }
    send(Reply.OK);
  }

  private void exec(byte[][] argv) {
    if (tx.queued == null) {
      send(Reply.error("ERR EXEC without MULTI"));
      return;
    }
    if (tx.failed) {
      tx.clear();
      send(Reply.error("EXECABORT Transaction discarded because of previous errors."));
      return;
    }
    List<byte[][]> keyspace = new ArrayList<>();
    List<Integer> sessionPositions = new ArrayList<>();
    for (int i = 0; i < tx.queued.size(); i++) {
      if (COMMANDS.resolve(tx.queued.get(i)).kind() == CommandKind.SESSION) {
        sessionPositions.add(i);
      } else {
        keyspace.add(tx.queued.get(i));
      }
    }
    List<byte[][]> all = tx.queued;
    Shard shard = tx.shard != null ? tx.shard : tx.watchShard;
    if (tx.watchShard != null && shard != tx.watchShard) {
      tx.clear();
      send(Reply.error(CROSSSLOT));
      return;
    }
    List<byte[]> keys = List.copyOf(tx.watchedKeys);
    List<Long> versions = List.copyOf(tx.watchedVersions);
    tx.clear();
    if (keyspace.isEmpty()) {
      send(Reply.array(all.stream().map(this::sessionReply).toArray(Reply[]::new)));
      return;
    }
    if (node.options.debugUnsafeReads() && keys.isEmpty() && sessionPositions.isEmpty()
        && keyspace.stream().noneMatch(c -> COMMANDS.resolve(c).isWrite())) {
      // TEST ONLY, as for single reads: a read-only block from local state, so that jepsen's
      // list-append checker can be shown to catch stale reads.
      send(Reply.array(keyspace.stream().map(shard::readLocal).toArray(Reply[]::new)));
      return;
    }
    // The session commands run on this loop, in the block's order, once the shard has answered:
    // a queued SUBSCRIBE changes this connection's subscriptions, which only its loop touches.
    int[] owned = keyspace.stream().anyMatch(c -> isScript(COMMANDS.resolve(c)))
        ? ownedSlots(shard) : null;
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    subscribingExec = sessionPositions.stream()
        .anyMatch(i -> PubSubCommands.isPubSub(SessionCommands.lower(all.get(i)[0])));
    shard.exec(keyspace, keys, versions, owned).whenComplete((r, error) -> onLoop(() -> {
      if (error != null) {
        reply.completeExceptionally(error);
      } else {
        reply.complete(splice(r, all, sessionPositions));
      }
    }));
    lastWrite = reply;
    lastWriteShard = shard;
    await(reply, argv);
    if (subscribingExec) {
      reply.whenComplete((r, error) -> onLoop(() -> {
        subscribingExec = false;
        releaseHeld();
      }));
    }
  }

  /** EXEC's replies with the queued session commands' replies in their places. */
  private Reply splice(Reply fromShard, List<byte[][]> all, List<Integer> sessionPositions) {
    if (sessionPositions.isEmpty() || !(fromShard instanceof Reply.Arr arr)) {
      return fromShard;
    }
    Reply[] out = new Reply[all.size()];
    int next = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = sessionPositions.contains(i) ? sessionReply(all.get(i)) : arr.items()[next++];
    }
    return Reply.array(out);
  }

  private Reply sessionReply(byte[][] argv) {
    String name = SessionCommands.lower(argv[0]);
    if (name.equals("publish")) {
      return Reply.integer(node.publish(argv[1], argv[2]));
    }
    if (name.equals("pubsub")) {
      return node.pubsub.introspect(argv);
    }
    if (PubSubCommands.isPubSub(name)) {
      return queuedPubSub(name, argv);
    }
    if (name.equals("ping") && session.protocol == 2 && pubsub.subscribed()) {
      return subscribedPong(argv);
    }
    SessionCommands.Outcome o = sessionCommands.run(argv);
    return o.async() != null ? Reply.error("ERR command not allowed in MULTI") : o.reply();
  }

  /**
   * A (P|S)(UN)SUBSCRIBE queued in MULTI, run by EXEC as Redis 7.0 runs it: the connection
   * stays subscribed, and each confirmation takes its place in EXEC's reply. SSUBSCRIBE is
   * refused there (pubsub.c: a MULTI client is CLIENT_DENY_BLOCKING).
   */
  private Reply queuedPubSub(String name, byte[][] argv) {
    List<Reply> confirmations = new ArrayList<>();
    switch (name) {
      case "subscribe" -> pubsub.subscribe(PubSubHub.Kind.CHANNEL, argv, confirmations::add);
      case "psubscribe" -> pubsub.subscribe(PubSubHub.Kind.PATTERN, argv, confirmations::add);
      case "unsubscribe" -> pubsub.unsubscribe(PubSubHub.Kind.CHANNEL, argv,
          confirmations::add);
      case "punsubscribe" -> pubsub.unsubscribe(PubSubHub.Kind.PATTERN, argv,
          confirmations::add);
      case "sunsubscribe" -> pubsub.unsubscribe(PubSubHub.Kind.SHARD_CHANNEL, argv,
          confirmations::add);
      case "ssubscribe" -> {
        return Reply.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
      }
      default -> {
        return Reply.error("ERR command not allowed in MULTI");
      }
    }
    return confirmations.size() == 1 ? confirmations.get(0)
        : new Reply.Sequence(confirmations.toArray(Reply[]::new));
  }

  /** Redis's pingCommand in RESP2 subscribed mode: a push-like ["pong", argument or ""]. */
  private static Reply subscribedPong(byte[][] argv) {
    return Reply.array(PONG_LOWER, argv.length > 1 ? new Reply.Bulk(argv[1]) : EMPTY_BULK);
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
    if (!shard.isLeader() && shard.leader() != null && spec.keyPositions(argv).length == 0) {
      send(Reply.error("READONLY You can't write against a read only replica."));
      return;
    }
    // With no leader known, the write pipeline waits a little for the election to end.
    ShardException refusal = shard.isLeader() || shard.leader() == null ? null
        : redirect(shard);
    if (refusal != null) {
      send(refusalReply(refusal, spec, argv));
      return;
    }
    if (spec.flags().contains(io.mneme.engine.CommandFlag.BLOCKING)) {
      blockingWrite(shard, spec, argv, false);
      return;
    }
    CompletableFuture<Reply> reply = isScript(spec) ? shard.writeScript(argv, ownedSlots(shard))
        : shard.write(argv);
    lastWrite = reply;
    lastWriteShard = shard;
    awaitWrite(reply, spec, argv);
  }

  /**
   * As {@link #await}, for a write. One the engine refused, not run, because its slot went
   * into its handoff while the write was on its way waits for the handoff and runs again, if
   * the connection started nothing after it meanwhile (its retry would overtake that).
   */
  private void awaitWrite(CompletableFuture<Reply> future, CommandSpec spec, byte[][] argv) {
    long startedBefore = commandsStarted;
    Slot slot = reserve();
    future.whenComplete((reply, error) -> onLoop(() -> {
      boolean refusedInHandoff = reply instanceof Reply.Err e
          && e.text().equals(io.mneme.engine.Errors.SLOT_MOVING);
      if (refusedInHandoff && startedBefore == commandsStarted && slots.peekLast() == slot
          && !awaitingHandoff && ctx.channel().isActive()) {
        slots.pollLast();
        session.pendingReplies = slots.size();
        awaitHandoff(spec, argv, System.currentTimeMillis() + HANDOFF_WAIT_MS);
        return;
      }
      fill(slot, toReply(reply, error, argv));
    }));
  }

  /** EVAL, EVALSHA, FCALL: their keys are checked against the slots the shard owns. */
  private static boolean isScript(CommandSpec spec) {
    return switch (spec.name()) {
      case "eval", "evalsha", "fcall", "eval_ro", "evalsha_ro", "fcall_ro" -> true;
      default -> false;
    };
  }

  /**
   * The slots this node's map gives the shard, for a script's entry: every replica checks the
   * script's keys against the same list (Redis's "non local key"). Null before the cluster
   * exists: the script then keeps to one slot.
   */
  private int[] ownedSlots(Shard shard) {
    ClusterMap map = node.cluster.map();
    if (!map.bootstrapped()) {
      return null;
    }
    return map.slotBounds(shard.id());
  }

  /**
   * A command that may block: as in Redis, the connection runs nothing else until it is
   * answered (later commands are held), by an element, by its timeout, or by a refusal.
   */
  private void blockingWrite(Shard shard, CommandSpec spec, byte[][] argv, boolean read) {
    Slot slot = reserve();
    CompletableFuture<Reply> answered = new CompletableFuture<>();
    lastWrite = answered;
    lastWriteShard = shard;
    List<byte[]> keys = new ArrayList<>();
    for (int pos : spec.keyPositions(argv)) {
      keys.add(argv[pos]);
    }
    long timeoutMs = BlockTimeouts.millis(spec.name(), argv);
    java.util.function.BiConsumer<Reply, Throwable> done = (reply, error) -> onLoop(() -> {
      answered.complete(reply);
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      if (waiter != null) {
        node.blockedClients.decrementAndGet();
        session.blocked = false;
      }
      waiter = null;
      fill(slot, toReply(reply, error, argv));
      releaseHeld();
    });
    BlockedWrites.Waiter w = read ? shard.blockingRead(argv, keys, done)
        : shard.blockingWrite(argv, keys, done);
    if (!answered.isDone()) { // a refusal may have answered already, on this thread
      waiter = w;
      node.blockedClients.incrementAndGet();
      session.blocked = true;
      if (timeoutMs > 0) {
        timer = ctx.executor().schedule(w::timeout, timeoutMs,
            java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
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
      } else if (session.readOnly || spec.keyPositions(argv).length == 0) {
        // A keyless read (DBSIZE, SCAN, KEYS...) on a node that leads no shard answers from
        // its replica, as a Redis replica does: there is no slot to redirect for.
        send(shard.readLocal(argv));
      } else {
        send(refusalReply(redirect(shard), spec, argv));
      }
      return;
    }
    if (spec.flags().contains(io.mneme.engine.CommandFlag.BLOCKING)
        && BlockTimeouts.blocks(spec.name(), argv)) {
      blockingWrite(shard, spec, argv, true);
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

  /**
   * WAIT's answer: the replicas of the shard of this connection's last write that hold the log
   * up to what its leader has applied (at least that write), or, with no write yet, the
   * replicas of the home shard holding anything (all of them, as in Redis).
   */
  private Reply replicasHoldingLastWrite() {
    return replicasHolding(lastWriteShard != null ? lastWriteShard : node.homeShard(),
        lastWriteShard != null);
  }

  /** Runs on any thread: Shard's accessors are thread-safe. */
  private static Reply replicasHolding(Shard shard, boolean wrote) {
    if (shard == null) {
      return Reply.ZERO;
    }
    return Reply.integer(shard.replicasHolding(wrote ? shard.lastAppliedIndex() : 0));
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
    if (outbound != null
        && outbound.totalPendingWriteBytes() > node.options.clientOutputBytesMax()) {
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
