package io.mneme.shardmanager.cli;

import io.grpc.StatusRuntimeException;
import io.mneme.proto.ClusterState;
import io.mneme.proto.CreateClusterRequest;
import io.mneme.proto.FailoverReply;
import io.mneme.proto.FailoverRequest;
import io.mneme.proto.MemberStatus;
import io.mneme.proto.NodeRecord;
import io.mneme.proto.ShardRecord;
import io.mneme.proto.ShardStatus;
import io.mneme.proto.StatusReply;
import io.mneme.proto.StatusRequest;
import io.mneme.raft.PeerAddress;
import io.mneme.shardmanager.AdminClient;
import io.mneme.shardmanager.ClusterMap;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** deploy/bin/mneme-admin: operates a Mneme cluster through any node's admin API. */
@Command(name = "mneme-admin", mixinStandardHelpOptions = true, version = "mneme-admin 0.1.0",
    description = "Operates a Mneme cluster through the admin API of any of its nodes.",
    subcommands = {AdminCli.Status.class, AdminCli.CreateCluster.class, AdminCli.Failover.class,
        AdminCli.AddShard.class, AdminCli.RemoveShard.class, AdminCli.MoveSlots.class,
        AdminCli.Rebalance.class, AdminCli.AddReplica.class, AdminCli.RemoveReplica.class,
        CommandLine.HelpCommand.class})
public final class AdminCli {
  static final long DEADLINE_MS = 15_000;
  static final long CREATE_DEADLINE_MS = 120_000;
  /** Slot moves can take long; the server streams progress meanwhile. */
  static final long MOVE_DEADLINE_MS = 24L * 3600 * 1000;

  /** Prints each progress message as it arrives: slots and keys moved, rate, time left. */
  static void follow(java.util.Iterator<io.mneme.proto.MoveProgress> progress, PrintWriter out) {
    long started = System.nanoTime();
    long keys = 0;
    long worstHandoff = 0;
    int done = 0;
    while (progress.hasNext()) {
      io.mneme.proto.MoveProgress p = progress.next();
      if (!p.getMessage().isEmpty()) {
        out.println(p.getMessage());
        continue;
      }
      keys += p.getKeys();
      done = p.getDone();
      worstHandoff = Math.max(worstHandoff, p.getHandoffMs());
      double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
      long left = (long) ((p.getPlanned() - p.getDone()) * seconds / Math.max(1, p.getDone()));
      out.printf("slot %5d  shard %d -> %d  %6d keys  handoff %3d ms  [%d/%d slots, %d keys,"
          + " %.0f keys/s, ~%d s left]%n", p.getSlot(), p.getFromShard(), p.getToShard(),
          p.getKeys(), p.getHandoffMs(), p.getDone(), p.getPlanned(), keys, keys / seconds, left);
    }
    out.printf("done: %d slots, %d keys moved; longest handoff %d ms%n", done, keys,
        worstHandoff);
  }

  @Option(names = {"-h", "--host"}, description = "a node's address (default ${DEFAULT-VALUE})",
      defaultValue = "127.0.0.1")
  String host;

  @Option(names = {"-p", "--port"}, description = "that node's RESP port; its admin port is"
      + " this plus " + PeerAddress.ADMIN_PORT_OFFSET + " (default ${DEFAULT-VALUE})",
      defaultValue = "6379")
  int port;

  @Option(names = "--admin-port", description = "the admin port, if not RESP port + "
      + PeerAddress.ADMIN_PORT_OFFSET)
  Integer adminPort;

  AdminClient client() {
    return new AdminClient(host, adminPort != null ? adminPort : port
        + PeerAddress.ADMIN_PORT_OFFSET);
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 usage). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AdminCli()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof StatusRuntimeException s) {
        err.println("mneme-admin: " + s.getStatus().getCode() + ": "
            + s.getStatus().getDescription());
      } else {
        err.println("mneme-admin: " + e.getMessage());
      }
      return 1;
    });
    return cli.execute(args);
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Nodes, shards, primaries, replicas, slot ranges, roles and lag.")
  static final class Status implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (AdminClient c = parent.client()) {
        StatusReply reply = c.stub(DEADLINE_MS).status(StatusRequest.getDefaultInstance());
        print(reply, out);
      }
      return 0;
    }

    static void print(StatusReply reply, PrintWriter out) {
      ClusterMap map = new ClusterMap(reply.getState());
      if (!map.bootstrapped()) {
        out.println("no cluster yet (answered by " + reply.getAnsweredBy() + ")");
        return;
      }
      out.printf("cluster version %d, config epoch %d, answered by %s%n", map.version(),
          map.configEpoch(), reply.getAnsweredBy());
      out.println("metadata group: " + String.join(", ", map.state().getMetadataMembersList()));
      out.println("nodes:");
      for (NodeRecord n : map.nodes()) {
        out.printf("  %-8s %s:%d (raft %d, admin %d)%n", n.getId(), n.getHost(), n.getPort(),
            n.getRaftPort(), n.getAdminPort());
      }
      out.println("shards:");
      for (ShardStatus s : reply.getShardsList()) {
        ShardRecord rec = map.shard(s.getShardId());
        out.printf("  shard %d  primary %s  slots %s%s%n", s.getShardId(),
            rec.getPrimary().isEmpty() ? "(none)" : rec.getPrimary(),
            ranges(map.slotRanges(s.getShardId())),
            s.getKeys() >= 0 ? "  keys " + s.getKeys() : "");
        long leaderCommit = s.getMembersList().stream()
            .mapToLong(MemberStatus::getCommitIndex).max().orElse(0);
        for (MemberStatus m : s.getMembersList()) {
          out.printf("    %-8s %-9s%s%n", m.getNodeId(), m.getRole(), m.getCommitIndex() >= 0
              ? "  commit " + m.getCommitIndex() + "  lag " + (leaderCommit - m.getCommitIndex())
              : "");
        }
      }
    }

    static String ranges(List<int[]> ranges) {
      if (ranges.isEmpty()) {
        return "(none)";
      }
      StringBuilder sb = new StringBuilder();
      for (int[] r : ranges) {
        sb.append(sb.length() == 0 ? "" : ",").append(r[0]);
        if (r[1] != r[0]) {
          sb.append('-').append(r[1]);
        }
      }
      return sb.toString();
    }
  }

  @Command(name = "create-cluster", mixinStandardHelpOptions = true,
      description = "Creates a cluster on nodes started with --cluster-bootstrap none.")
  static final class CreateCluster implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", required = true, split = ",",
        description = "every node, as id=host:port@raftport, comma-separated; the node asked"
            + " must be one of them")
    List<String> nodes;

    @Option(names = "--shards", defaultValue = "1", description = "shards (default 1)")
    int shards;

    @Option(names = "--replicas", defaultValue = "0",
        description = "replicas per shard, 0 to 5 (default 0)")
    int replicas;

    @Override
    public Integer call() {
      nodes.forEach(PeerAddress::parse); // fail early on a malformed node
      try (AdminClient c = parent.client()) {
        ClusterState state = c.stub(CREATE_DEADLINE_MS).createCluster(CreateClusterRequest
            .newBuilder().addAllNodes(nodes).setShards(shards).setReplicas(replicas).build())
            .getState();
        spec.commandLine().getOut().printf("cluster created: %d shards, %d nodes%n",
            state.getShardsCount(), state.getNodesCount());
      }
      return 0;
    }
  }

  @Command(name = "add-shard", mixinStandardHelpOptions = true,
      description = "Creates a shard and moves slots to it until the shards are balanced.")
  static final class AddShard implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", split = ",", description = "member node ids, primary first"
        + " (default: the least loaded nodes)")
    List<String> nodes = List.of();

    @Option(names = "--replicas", defaultValue = "0",
        description = "replicas when --nodes is not given (default 0)")
    int replicas;

    @Override
    public Integer call() {
      try (AdminClient c = parent.client()) {
        follow(c.streamingStub(MOVE_DEADLINE_MS).addShard(io.mneme.proto.AddShardRequest
            .newBuilder().addAllMembers(nodes).setReplicas(replicas).build()),
            spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "remove-shard", mixinStandardHelpOptions = true,
      description = "Moves a shard's slots to the other shards, then deletes the shard.")
  static final class RemoveShard implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", description = "the shard id")
    int shard;

    @Override
    public Integer call() {
      try (AdminClient c = parent.client()) {
        follow(c.streamingStub(MOVE_DEADLINE_MS).removeShard(io.mneme.proto.RemoveShardRequest
            .newBuilder().setShardId(shard).build()), spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "move-slots", mixinStandardHelpOptions = true,
      description = "Moves slots from one shard to another.")
  static final class MoveSlots implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", description = "the source shard (with --count)")
    int from;

    @Option(names = "--to", required = true, description = "the target shard")
    int to;

    @Option(names = "--count", description = "how many of the source's slots")
    int count;

    @Option(names = "--slots", split = ",", description = "exactly these slots")
    List<Integer> slots = List.of();

    @Override
    public Integer call() {
      if (slots.isEmpty() && count <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "give --slots, or --from with --count");
      }
      try (AdminClient c = parent.client()) {
        follow(c.streamingStub(MOVE_DEADLINE_MS).moveSlots(io.mneme.proto.MoveSlotsRequest
            .newBuilder().setFromShard(from).setToShard(to).setCount(count).addAllSlots(slots)
            .build()), spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "rebalance", mixinStandardHelpOptions = true,
      description = "Moves slots until every shard owns an equal share.")
  static final class Rebalance implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (AdminClient c = parent.client()) {
        follow(c.streamingStub(MOVE_DEADLINE_MS).rebalance(
            io.mneme.proto.RebalanceRequest.getDefaultInstance()), spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "add-replica", mixinStandardHelpOptions = true,
      description = "Adds a node to a shard's Raft group; it catches up before it counts.")
  static final class AddReplica implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--shard", required = true, description = "the shard id")
    int shard;
    @Option(names = "--node", required = true, description = "the node id")
    String nodeId;

    @Override
    public Integer call() {
      try (AdminClient c = parent.client()) {
        var reply = c.stub(120_000).addReplica(io.mneme.proto.ReplicaRequest.newBuilder()
            .setShardId(shard).setNodeId(nodeId).build());
        spec.commandLine().getOut().println("shard " + shard + " members: "
            + reply.getMembersList());
      }
      return 0;
    }
  }

  @Command(name = "remove-replica", mixinStandardHelpOptions = true,
      description = "Removes a node from a shard's Raft group; the node deletes its copy.")
  static final class RemoveReplica implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--shard", required = true, description = "the shard id")
    int shard;
    @Option(names = "--node", required = true, description = "the node id")
    String nodeId;

    @Override
    public Integer call() {
      try (AdminClient c = parent.client()) {
        var reply = c.stub(120_000).removeReplica(io.mneme.proto.ReplicaRequest.newBuilder()
            .setShardId(shard).setNodeId(nodeId).build());
        spec.commandLine().getOut().println("shard " + shard + " members: "
            + reply.getMembersList());
      }
      return 0;
    }
  }

  @Command(name = "failover", mixinStandardHelpOptions = true,
      description = "Moves a shard's primary to one of its replicas (Raft leadership transfer).")
  static final class Failover implements Callable<Integer> {
    @ParentCommand AdminCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--shard", required = true, description = "the shard id")
    int shard;

    @Option(names = "--to", defaultValue = "", description = "the replica's node id (default:"
        + " any replica)")
    String to;

    @Override
    public Integer call() {
      try (AdminClient c = parent.client()) {
        FailoverReply reply = c.stub(DEADLINE_MS).failover(FailoverRequest.newBuilder()
            .setShardId(shard).setToNode(to).build());
        spec.commandLine().getOut().println("shard " + shard + " primary is now "
            + reply.getNewPrimary());
      }
      return 0;
    }
  }
}
