package io.mneme.jepsen.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.jepsen.history.HistoryFile;
import io.mneme.jepsen.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {
  private static final long BUDGET_MS = 10_000;

  private static KeyResult checkOne(List<Op> h) {
    Map<String, KeyResult> r = new Linearizability(new RegisterModel(), BUDGET_MS).check(h);
    assertEquals(1, r.size());
    return r.values().iterator().next();
  }

  private static void assertInvalid(List<Op> h, String expectedKind) {
    KeyResult r = checkOne(h);
    assertEquals(Verdict.INVALID, r.verdict(), r.explanation());
    assertTrue(r.explanation().startsWith(expectedKind), r.explanation());
    assertTrue(!r.window().isEmpty());
  }

  @Test
  void sequentialHistoryIsValid() {
    List<Op> h = new HistoryBuilder().read(1, null).write(1, 1).read(2, 1).write(2, 2)
        .read(1, 2).build();
    assertEquals(Verdict.VALID, checkOne(h).verdict());
  }

  @Test
  void concurrentWriteMayBeSeenEitherWay() {
    // p1 writes 2 while p2 reads twice: 1 then 2 is fine, the write lands between the reads.
    List<Op> h = new HistoryBuilder().write(1, 1).invoke(1, "write", 2)
        .invoke(2, "read", null).ok(2, "read", 1).invoke(2, "read", null).ok(2, "read", 2)
        .ok(1, "write", 2).build();
    assertEquals(Verdict.VALID, checkOne(h).verdict());
  }

  @Test
  void concurrentReadsMayDisagreeWhileWriteIsOpen() {
    List<Op> h = new HistoryBuilder().write(1, 1).invoke(1, "write", 2)
        .invoke(2, "read", null).invoke(3, "read", null).ok(3, "read", 2).ok(2, "read", 1)
        .ok(1, "write", 2).build();
    assertEquals(Verdict.VALID, checkOne(h).verdict());
  }

  @Test
  void indeterminateWriteMayHaveHappened() {
    List<Op> h = new HistoryBuilder().write(1, 1).invoke(1, "write", 2).info(1, "write", 2)
        .read(2, 2).build();
    assertEquals(Verdict.VALID, checkOne(h).verdict());
  }

  @Test
  void indeterminateWriteMayNotHaveHappened() {
    List<Op> h = new HistoryBuilder().write(1, 1).invoke(1, "write", 2).info(1, "write", 2)
        .read(2, 1).read(2, 1).build();
    assertEquals(Verdict.VALID, checkOne(h).verdict());
  }

  @Test
  void indeterminateWriteMayLandLate() {
    // The write timed out, yet it takes effect after later reads: still linearizable.
    List<Op> h = new HistoryBuilder().write(1, 1).invoke(1, "write", 2).info(1, "write", 2)
        .read(2, 1).write(3, 3).read(2, 2).build();
    assertEquals(Verdict.VALID, checkOne(h).verdict());
  }

  @Test
  void failedWriteNeverHappened() {
    List<Op> h = new HistoryBuilder().write(1, 1).invoke(1, "write", 2).fail(1, "write", 2)
        .read(2, 2).build();
    assertInvalid(h, Anomalies.NEVER_WRITTEN);
  }

  @Test
  void lostWriteIsInvalid() {
    List<Op> h = new HistoryBuilder().write(1, 1).write(1, 2).read(2, 1).read(2, 1).build();
    assertInvalid(h, Anomalies.LOST_WRITE);
  }

  @Test
  void staleReadIsInvalid() {
    List<Op> h = new HistoryBuilder().write(1, 1).write(1, 2).read(2, 1).read(3, 2).build();
    assertInvalid(h, Anomalies.STALE_READ);
  }

  @Test
  void readOfNeverWrittenValueIsInvalid() {
    List<Op> h = new HistoryBuilder().write(1, 1).read(2, 7).build();
    assertInvalid(h, Anomalies.NEVER_WRITTEN);
  }

  @Test
  void nonMonotonicReadIsInvalid() {
    // Both writes are concurrent, so either order is allowed, but not both.
    List<Op> h = new HistoryBuilder().invoke(1, "write", 1).invoke(2, "write", 2)
        .ok(1, "write", 1).ok(2, "write", 2).read(3, 2).read(3, 1).build();
    assertInvalid(h, Anomalies.NON_MONOTONIC);
  }

  @Test
  void failureWindowIsSmall() {
    HistoryBuilder b = new HistoryBuilder();
    for (int i = 1; i <= 200; i++) {
      b.write(1, i).read(2, i);
    }
    b.read(2, 150);
    KeyResult r = checkOne(b.build());
    assertEquals(Verdict.INVALID, r.verdict());
    assertTrue(r.window().size() <= 3, r.explanation());
    assertTrue(r.explanation().contains("expected the state to be one of {200}"),
        r.explanation());
  }

  @Test
  void keysAreCheckedIndependently() {
    HistoryBuilder b = new HistoryBuilder().key("a").write(1, 1).key("b").write(2, 1)
        .key("a").read(1, 1).key("b").read(2, 5);
    Map<String, KeyResult> r = new Linearizability(new RegisterModel(), BUDGET_MS).check(b.build());
    assertEquals(Verdict.VALID, r.get("a").verdict());
    assertEquals(Verdict.INVALID, r.get("b").verdict());
  }

  @Test
  void casFollowsTheModel() {
    List<Op> ok = new HistoryBuilder().write(1, 1).invoke(1, "cas", List.of(1, 2))
        .ok(1, "cas", List.of(1, 2)).read(2, 2).build();
    assertEquals(Verdict.VALID, checkOne(ok).verdict());
    List<Op> bad = new HistoryBuilder().write(1, 3).invoke(1, "cas", List.of(1, 2))
        .ok(1, "cas", List.of(1, 2)).build();
    assertEquals(Verdict.INVALID, checkOne(bad).verdict());
  }

  @Test
  void historyLinesRoundTrip() {
    Op op = new Op(3, 2, Op.Type.OK, "read", "r\"1", List.of(1L, "a"), 99L);
    assertEquals(op, HistoryFile.fromJson(HistoryFile.toJson(op)));
    Op nem = new Op(4, Op.NEMESIS, Op.Type.INFO, "kill", null, "n1", 100L);
    assertEquals(nem, HistoryFile.fromJson(HistoryFile.toJson(nem)));
  }
}
