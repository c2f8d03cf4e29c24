package io.mneme.jepsen.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterSetCheckerTest {
  @Test
  void counterWithinBoundsIsValid() {
    HistoryBuilder b = new HistoryBuilder().invoke(1, "incr", 2).ok(1, "incr", 2)
        .invoke(2, "incr", 3).info(2, "incr", 3).read(3, 2).read(3, 5);
    assertEquals(Verdict.VALID, CounterChecker.check(b.build()).verdict());
  }

  @Test
  void counterLostIncrementIsInvalid() {
    HistoryBuilder b = new HistoryBuilder().invoke(1, "incr", 2).ok(1, "incr", 2)
        .invoke(1, "incr", 3).ok(1, "incr", 3).read(3, 2);
    CheckResult r = CounterChecker.check(b.build());
    assertEquals(Verdict.INVALID, r.verdict());
    assertTrue(r.details().toString().contains("acknowledged increments lost"), r.toString());
  }

  @Test
  void counterDoubleCountIsInvalid() {
    HistoryBuilder b = new HistoryBuilder().invoke(1, "incr", 2).ok(1, "incr", 2).read(3, 4);
    assertEquals(Verdict.INVALID, CounterChecker.check(b.build()).verdict());
  }

  @Test
  void setCountsLostUnexpectedAndRecovered() {
    HistoryBuilder b = new HistoryBuilder().invoke(1, "add", 1).ok(1, "add", 1)
        .invoke(1, "add", 2).ok(1, "add", 2).invoke(2, "add", 3).info(2, "add", 3)
        .invoke(3, "add", 4).info(3, "add", 4)
        .invoke(4, "read", null).ok(4, "read", List.of("1", "3", "9"));
    CheckResult r = SetChecker.check(b.build());
    assertEquals(Verdict.INVALID, r.verdict());
    @SuppressWarnings("unchecked")
    Map<String, Object> k = (Map<String, Object>) ((Map<String, Object>) r.details().get("keys"))
        .get("x");
    assertEquals(1, k.get("lost-count"));
    assertEquals(1, k.get("unexpected-count"));
    assertEquals(1, k.get("recovered-count"));
    assertEquals(List.of(2L), k.get("lost"));
  }

  @Test
  void setWithEverythingPresentIsValid() {
    HistoryBuilder b = new HistoryBuilder().invoke(1, "add", 1).ok(1, "add", 1)
        .invoke(2, "add", 3).info(2, "add", 3)
        .invoke(4, "read", null).ok(4, "read", List.of("1"));
    assertEquals(Verdict.VALID, SetChecker.check(b.build()).verdict());
  }
}
