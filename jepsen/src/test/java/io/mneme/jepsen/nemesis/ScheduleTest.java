package io.mneme.jepsen.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final long LIMIT_MS = 120_000;

  @Test
  void sameSeedSameSchedule() {
    List<String> f = List.of("kill", "partition");
    assertEquals(Schedule.build(7, f, LIMIT_MS), Schedule.build(7, f, LIMIT_MS));
    assertNotEquals(Schedule.build(7, f, LIMIT_MS), Schedule.build(8, f, LIMIT_MS));
  }

  @Test
  void everyFaultIsHealedBeforeTheEnd() {
    List<Schedule.Event> s = Schedule.build(3, List.of("kill", "pause", "clock"), LIMIT_MS);
    for (String f : List.of("kill", "pause", "clock")) {
      List<Schedule.Event> mine = s.stream().filter(e -> e.fault().equals(f)).toList();
      assertTrue(mine.size() >= 2);
      for (int i = 0; i < mine.size(); i++) {
        assertEquals(i % 2 == 0, mine.get(i).inject());
        assertTrue(mine.get(i).atMillis() < LIMIT_MS);
      }
    }
  }
}
