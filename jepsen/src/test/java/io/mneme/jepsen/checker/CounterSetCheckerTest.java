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

  @Test
  void setKeysAreCheckedApart() {
    // The same element number in two sets: each set answers for its own adds only.
    HistoryBuilder b = new HistoryBuilder().key("s0").invoke(1, "add", 1).ok(1, "add", 1)
        .key("s1").invoke(2, "add", 2).ok(2, "add", 2)
        .key("s0").invoke(3, "read", null).ok(3, "read", List.of("1"))
        .key("s1").invoke(3, "read", null).ok(3, "read", List.of("1"));
    CheckResult r = SetChecker.check(b.build());
    assertEquals(Verdict.INVALID, r.verdict());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> keys =
        (Map<String, Map<String, Object>>) r.details().get("keys");
    assertEquals(0, keys.get("s0").get("lost-count"));
    assertEquals(List.of(2L), keys.get("s1").get("lost"));
    assertEquals(1, keys.get("s1").get("unexpected-count"));
  }

  @Test
  void setWithoutFinalReadIsUnknown() {
    HistoryBuilder b = new HistoryBuilder().invoke(1, "add", 1).ok(1, "add", 1)
        .invoke(2, "read", null).info(2, "read", null);
    assertEquals(Verdict.UNKNOWN, SetChecker.check(b.build()).verdict());
  }
}
