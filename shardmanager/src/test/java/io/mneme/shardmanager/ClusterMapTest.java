package io.mneme.shardmanager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.proto.ClusterState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterMapTest {
  private static ClusterMap mapOf(int... ownerRuns) {
    // ownerRuns: owner, count, owner, count, ... covering the 16384 slots in order.
    ClusterState.Builder state = ClusterState.newBuilder().setVersion(1);
    for (int i = 0; i < ownerRuns.length; i += 2) {
      for (int n = 0; n < ownerRuns[i + 1]; n++) {
        state.addSlotOwner(ownerRuns[i]);
      }
    }
    return new ClusterMap(state.build());
  }

  @Test
  void slotRangesFollowTheOwnersInSlotOrder() {
    ClusterMap map = mapOf(1, 100, 2, 50, 1, 10, -1, 24, 3, 16200);
    assertEquals(List.of("0-99", "150-159"), render(map.slotRanges(1)));
    assertEquals(List.of("100-149"), render(map.slotRanges(2)));
    assertEquals(List.of("184-16383"), render(map.slotRanges(3)));
    assertTrue(map.slotRanges(4).isEmpty());
    assertArrayEquals(new int[] {0, 99, 150, 159}, map.slotBounds(1));
    assertArrayEquals(new int[0], map.slotBounds(4));
  }

  @Test
  void aShardOwningEverySlotHasOneRange() {
    ClusterMap map = mapOf(7, 16384);
    assertEquals(List.of("0-16383"), render(map.slotRanges(7)));
    assertArrayEquals(new int[] {0, 16383}, map.slotBounds(7));
  }

  @Test
  void anEmptyStateOwnsNothing() {
    assertTrue(ClusterMap.EMPTY.slotRanges(0).isEmpty());
    assertEquals(-1, ClusterMap.EMPTY.shardOfSlot(16383));
  }

  private static List<String> render(List<int[]> ranges) {
    return ranges.stream().map(r -> r[0] + "-" + r[1]).toList();
  }
}
