package io.mneme.jepsen.nemesis;

import io.mneme.jepsen.cluster.Admin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Raft membership changes under load, as an operator runs them: `mneme-admin remove-replica`
 * of a replica (not the primary) of a random shard, and `add-replica` of the same node to the
 * same shard when healed, so that the node catches up from nothing.
 */
final class Member implements Fault {
  private final Admin admin;
  /** A replica removed and not yet added back. */
  private record Removed(int shard, String node) {}

  private final List<Removed> removed = new ArrayList<>();

  Member(Admin admin) {
    this.admin = admin;
  }

  @Override
  public String name() {
    return "member";
  }

  @Override
  public String inject(Random choice) {
    Admin.Status status = admin.status();
    Map<Integer, Admin.Shard> shards = status.shards();
    if (shards.isEmpty()) {
      return "no change: status failed: " + status.result().lastLine();
    }
    List<Admin.Shard> list = new ArrayList<>(shards.values());
    Admin.Shard shard = list.get(choice.nextInt(list.size()));
    List<String> replicas = new ArrayList<>(shard.members());
    replicas.remove(shard.primary());
    if (replicas.isEmpty()) {
      return "no change: shard " + shard.id() + " has no replica";
    }
    String node = replicas.get(choice.nextInt(replicas.size()));
    Admin.Result r = admin.run(Admin.COMMAND_TIMEOUT_MS, "remove-replica", "--shard",
        Integer.toString(shard.id()), "--node", node);
    // Added back at heal even if the command failed: it may have taken effect.
    removed.add(new Removed(shard.id(), node));
    return "remove-replica shard " + shard.id() + " node " + node + " via " + r.node() + ": "
        + (r.ok() ? "" : "FAILED exit " + r.exit() + ": ") + r.lastLine();
  }

  @Override
  public String heal() {
    List<String> done = new ArrayList<>();
    for (Removed m : removed) {
      Admin.Result r = admin.run(Admin.COMMAND_TIMEOUT_MS, "add-replica", "--shard",
          Integer.toString(m.shard()), "--node", m.node());
      done.add("shard " + m.shard() + " node " + m.node() + ": " + (r.ok() ? ""
          : "FAILED exit " + r.exit() + ": ") + r.lastLine());
    }
    removed.clear();
    return done.isEmpty() ? "nothing removed" : "add-replica " + done;
  }
}
