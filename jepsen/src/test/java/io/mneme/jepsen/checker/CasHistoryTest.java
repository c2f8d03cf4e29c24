package io.mneme.jepsen.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.jepsen.history.HistoryFile;
import io.mneme.jepsen.history.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compare-and-set histories (value [expected, new]) against the register model. */
class CasHistoryTest {
  private static final long BUDGET_MS = 10_000;

  private static KeyResult checkOne(List<Op> h) {
    Map<String, KeyResult> r = new Linearizability(new RegisterModel(), BUDGET_MS).check(h);
    assertEquals(1, r.size());
    return r.values().iterator().next();
  }

  private static List<Object> cas(Object expected, Object next) {
    return Arrays.asList(expected, next);
  }

  private static void assertValid(HistoryBuilder b) {
    KeyResult r = checkOne(b.build());
    assertEquals(Verdict.VALID, r.verdict(), r.explanation());
  }

  private static KeyResult assertInvalid(HistoryBuilder b, String kind) {
    KeyResult r = checkOne(b.build());
    assertEquals(Verdict.INVALID, r.verdict(), r.explanation());
    assertTrue(r.explanation().startsWith(kind), r.explanation());
    assertTrue(!r.window().isEmpty());
    return r;
  }

  @Test
  void casFromNilThenRead() {
    assertValid(new HistoryBuilder().invoke(1, "cas", cas(null, 5)).ok(1, "cas", cas(null, 5))
        .read(2, 5));
  }

  @Test
  void casAndConcurrentWriteInEitherOrder() {
    // cas(1->2) then write 3: the read of 3 fits; the cas cannot come after the write.
    assertValid(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .invoke(2, "write", 3).ok(1, "cas", cas(1, 2)).ok(2, "write", 3).read(3, 3));
  }

  @Test
  void chainOfCasIsValid() {
    assertValid(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .ok(1, "cas", cas(1, 2)).invoke(2, "cas", cas(2, 3)).ok(2, "cas", cas(2, 3))
        .read(3, 3));
  }

  @Test
  void indeterminateCasMayHaveHappened() {
    assertValid(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .info(1, "cas", cas(1, 2)).read(2, 2));
  }

  @Test
  void indeterminateCasMayNotHaveHappened() {
    assertValid(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .info(1, "cas", cas(1, 2)).read(2, 1).read(2, 1));
  }

  @Test
  void failedCasNeverHappened() {
    assertInvalid(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .fail(1, "cas", cas(1, 2)).read(2, 2), Anomalies.NEVER_WRITTEN);
  }

  @Test
  void twoCasFromOneValueIsInvalid() {
    // Values are unique, so the second cas cannot find 1 again.
    assertInvalid(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .ok(1, "cas", cas(1, 2)).invoke(2, "cas", cas(1, 3)).ok(2, "cas", cas(1, 3)),
        Anomalies.CAS_NOT_CURRENT);
  }

  @Test
  void concurrentCasFromOneValueCannotBothSucceed() {
    KeyResult r = checkOne(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .invoke(2, "cas", cas(1, 3)).ok(1, "cas", cas(1, 2)).ok(2, "cas", cas(1, 3)).build());
    assertEquals(Verdict.INVALID, r.verdict(), r.explanation());
  }

  @Test
  void casFromAValueNeverWrittenIsInvalid() {
    assertInvalid(new HistoryBuilder().write(1, 1).invoke(2, "cas", cas(7, 2))
        .ok(2, "cas", cas(7, 2)), Anomalies.CAS_NEVER_WRITTEN);
  }

  @Test
  void lostCasIsInvalid() {
    assertInvalid(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .ok(1, "cas", cas(1, 2)).read(2, 1), Anomalies.LOST_WRITE);
  }

  @Test
  void indeterminateCasFromAnotherValueCannotExplainARead() {
    // 2 was offered only by a cas whose precondition never held.
    KeyResult r = checkOne(new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(9, 2))
        .info(1, "cas", cas(9, 2)).read(2, 2).build());
    assertEquals(Verdict.INVALID, r.verdict(), r.explanation());
  }

  @Test
  void pruneDropsIndeterminateCasNobodyObserved() {
    List<Op> h = new HistoryBuilder().write(1, 1).invoke(1, "cas", cas(1, 2))
        .info(1, "cas", cas(1, 2)).invoke(2, "cas", cas(1, 3)).info(2, "cas", cas(1, 3))
        .read(3, 3).build();
    List<Call> kept = new RegisterModel().prune(Calls.byKey(h).get("x"));
    // The cas to 2 is never seen; the cas to 3 is, and stays.
    assertEquals(List.of("write", "cas", "read"), kept.stream().map(Call::f).toList());
    assertEquals(cas(1, 3), kept.get(1).value());
  }

  @Test
  void casWithNilRoundTrips() {
    Op op = new Op(1, 2, Op.Type.INVOKE, "cas", "x", cas(null, 5L), 7L);
    assertEquals(op, HistoryFile.fromJson(HistoryFile.toJson(op)));
  }
}
