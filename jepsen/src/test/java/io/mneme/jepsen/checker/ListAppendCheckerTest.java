package io.mneme.jepsen.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListAppendCheckerTest {
  private final List<Op> ops = new ArrayList<>();

  private static List<Object> a(String k, long v) {
    return Arrays.asList("append", k, v);
  }

  private static List<Object> r(String k, long... vs) {
    List<Long> l = new ArrayList<>();
    for (long v : vs) {
      l.add(v);
    }
    return Arrays.asList("r", k, l);
  }

  private ListAppendCheckerTest event(int p, Op.Type t, List<?> mops) {
    ops.add(new Op(ops.size(), p, t, "txn", "g", List.copyOf(mops), ops.size() * 1000L));
    return this;
  }

  private ListAppendCheckerTest invoke(int p, List<?>... mops) {
    List<Object> asInvoked = new ArrayList<>();
    for (List<?> m : mops) {
      asInvoked.add("r".equals(m.get(0)) ? Arrays.asList("r", m.get(1), null) : m);
    }
    return event(p, Op.Type.INVOKE, asInvoked);
  }

  private ListAppendCheckerTest ok(int p, List<?>... mops) {
    return event(p, Op.Type.OK, Arrays.asList(mops));
  }

  /** A transaction that completes before the next one begins. */
  private ListAppendCheckerTest txn(int p, List<?>... mops) {
    return invoke(p, mops).ok(p, mops);
  }

  private CheckResult check() {
    return ListAppendChecker.check(ops);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer> counts(CheckResult r) {
    return (Map<String, Integer>) r.details().get("anomaly-counts");
  }

  private static void assertAnomaly(CheckResult r, String kind) {
    assertEquals(Verdict.INVALID, r.verdict(), r.summary());
    assertTrue(counts(r).containsKey(kind), kind + " expected, got " + r.summary());
  }

  @Test
  void serialHistoryIsValid() {
    txn(0, a("x", 1)).txn(1, r("x", 1), a("x", 2)).txn(0, r("x", 1, 2), a("y", 3))
        .txn(1, r("y", 3), r("x", 1, 2));
    CheckResult r = check();
    assertEquals(Verdict.VALID, r.verdict(), r.summary());
  }

  @Test
  void concurrentAndIndeterminateTransactionsAreValid() {
    invoke(0, a("x", 1)).invoke(1, a("x", 2)).ok(1, a("x", 2)).ok(0, a("x", 1));
    invoke(2, a("x", 3)).event(2, Op.Type.INFO, List.of(a("x", 3)));
    invoke(3, a("x", 4)).event(3, Op.Type.FAIL, List.of(a("x", 4)));
    txn(4, r("x", 2, 1, 3));
    CheckResult r = check();
    assertEquals(Verdict.VALID, r.verdict(), r.summary());
  }

  @Test
  void readOfAFailedAppendIsAbortedRead() {
    invoke(0, a("x", 1)).event(0, Op.Type.FAIL, List.of(a("x", 1))).txn(1, r("x", 1));
    assertAnomaly(check(), "G1a");
  }

  @Test
  void valueNeverAppendedIsGarbage() {
    txn(0, a("x", 1)).txn(1, r("x", 1, 9));
    assertAnomaly(check(), "garbage-read");
  }

  @Test
  void readInTheMiddleOfAnotherTransactionsAppendsIsIntermediate() {
    txn(0, a("x", 1), a("x", 2)).txn(1, r("x", 1)).txn(2, r("x", 1, 2));
    assertAnomaly(check(), "G1b");
  }

  @Test
  void readThatMissesItsOwnAppendIsInternal() {
    txn(0, a("x", 1)).txn(1, a("x", 2), r("x", 1));
    assertAnomaly(check(), "internal");
  }

  @Test
  void readsThatAreNotPrefixesAreIncompatible() {
    txn(0, a("x", 1)).txn(1, a("x", 2)).txn(2, r("x", 1, 2)).txn(3, r("x", 2, 1));
    assertAnomaly(check(), "incompatible-order");
  }

  @Test
  void acknowledgedAppendMissingFromALaterReadIsLost() {
    txn(0, a("x", 1)).txn(1, a("x", 2)).txn(2, r("x", 2));
    assertAnomaly(check(), "lost-append");
  }

  @Test
  void writeCycleIsG0() {
    invoke(0, a("x", 1), a("y", 1)).invoke(1, a("x", 2), a("y", 2));
    ok(0, a("x", 1), a("y", 1)).ok(1, a("x", 2), a("y", 2));
    txn(2, r("x", 1, 2), r("y", 2, 1));
    assertAnomaly(check(), "G0");
  }

  @Test
  void readSkewIsGSingle() {
    invoke(0, a("x", 1), a("y", 1)).invoke(1, r("x"), r("y"));
    ok(0, a("x", 1), a("y", 1)).ok(1, r("x"), r("y", 1));
    txn(2, r("x", 1), r("y", 1));
    assertAnomaly(check(), "G-single");
  }

  @Test
  void writeSkewIsG2() {
    invoke(0, r("x"), a("y", 1)).invoke(1, r("y"), a("x", 1));
    ok(0, r("x"), a("y", 1)).ok(1, r("y"), a("x", 1));
    txn(2, r("x", 1), r("y", 1));
    assertAnomaly(check(), "G2");
  }

  @Test
  void staleReadAfterAnAcknowledgedAppendBreaksRealTime() {
    txn(0, a("x", 1)).txn(1, r("x")).txn(2, r("x", 1));
    CheckResult r = check();
    assertAnomaly(r, "G-single-realtime");
    assertEquals(1, counts(r).size(), r.summary());
  }

  /** Histories of a correct store, with each transaction applied inside its own interval. */
  @Test
  void randomHistoriesOfASerialStoreAreValid() {
    for (int seed = 0; seed < 100; seed++) {
      ops.clear();
      Random rnd = new Random(seed);
      Map<String, List<Long>> store = new HashMap<>();
      Map<Integer, List<List<Object>>> pending = new HashMap<>();
      long nextValue = 1;
      for (int step = 0; step < 400; step++) {
        int p = rnd.nextInt(5);
        List<List<Object>> running = pending.get(p);
        if (running == null) {
          List<List<Object>> mops = new ArrayList<>();
          for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
            String k = "k" + rnd.nextInt(3);
            mops.add(rnd.nextBoolean() ? a(k, nextValue++) : Arrays.asList("r", k, null));
          }
          invoke(p, mops.toArray(new List<?>[0]));
          pending.put(p, mops);
          continue;
        }
        // The transaction takes effect now, between its invocation and its completion.
        List<List<?>> done = new ArrayList<>();
        for (List<Object> m : running) {
          String k = (String) m.get(1);
          List<Long> list = store.computeIfAbsent(k, x -> new ArrayList<>());
          if ("append".equals(m.get(0))) {
            list.add((Long) m.get(2));
            done.add(m);
          } else {
            done.add(Arrays.asList("r", k, List.copyOf(list)));
          }
        }
        pending.remove(p);
        boolean unknown = rnd.nextInt(20) == 0;
        event(p, unknown ? Op.Type.INFO : Op.Type.OK, unknown ? running : done);
      }
      CheckResult r = check();
      assertTrue(r.verdict() != Verdict.INVALID, "seed " + seed + ": " + r.summary());
    }
  }
}
