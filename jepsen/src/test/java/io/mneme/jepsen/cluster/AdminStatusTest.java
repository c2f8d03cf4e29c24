package io.mneme.jepsen.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing `mneme-admin status` as AdminCli prints it. */
class AdminStatusTest {
  private static final String STATUS = String.join("\n",
      "cluster version 7, config epoch 3, answered by n2",
      "metadata group: n1, n2, n3",
      "nodes:",
      "  n1       10.251.0.11:6379 (raft 16379, admin 36379)",
      "shards:",
      "  shard 0  primary n1  slots 0-3,9  keys 12",
      "    n1       LEADER     commit 40  lag 0",
      "    n2       FOLLOWER   commit 39  lag 1",
      "  shard 1  primary (none)  slots 4-8,10-16383",
      "    n3       FOLLOWER ",
      "");

  @Test
  void parsesShardsSlotsAndMembers() {
    Map<Integer, Admin.Shard> shards = Admin.parseStatus(STATUS);
    assertEquals(2, shards.size());
    Admin.Shard s0 = shards.get(0);
    assertEquals("n1", s0.primary());
    assertEquals(List.of(0, 1, 2, 3, 9), s0.slots());
    assertEquals(List.of("n1", "n2"), s0.members());
    Admin.Shard s1 = shards.get(1);
    assertEquals("(none)", s1.primary());
    assertEquals(16384 - 5, s1.slots().size());
    assertEquals(List.of("n3"), s1.members());
  }

  @Test
  void noSlots() {
    assertEquals(List.of(), Admin.slots("(none)"));
  }
}
