package io.mneme.jepsen.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Histories produced by a correct in-memory register under random concurrency always pass;
 * the same histories with one read corrupted are caught.
 */
class RegisterPropertyTest {
  private static final int HISTORIES = 200;
  private static final int PROCESSES = 5;
  private static final int STEPS = 300;
  private static final long BUDGET_MS = 20_000;

  /** A simulated client call: invoked, maybe applied (its linearization point), then ended. */
  private static final class Pending {
    Op invoke;
    boolean applied;
    Object result;
  }

  @Test
  void correctRegisterHistoriesAlwaysPass() {
    for (int seed = 0; seed < HISTORIES; seed++) {
      List<Op> h = simulate(new Random(seed));
      KeyResult r = check(h);
      assertEquals(Verdict.VALID, r.verdict(), "seed " + seed + ": " + r.explanation());
    }
  }

  @Test
  void corruptedReadIsCaught() {
    int caught = 0;
    for (int seed = 0; seed < HISTORIES; seed++) {
      List<Op> h = new ArrayList<>(simulate(new Random(seed)));
      if (corruptOneRead(h, new Random(seed))) {
        caught += check(h).verdict() == Verdict.INVALID ? 1 : 0;
      }
    }
    // A read of a value that was never written must always be caught.
    assertEquals(HISTORIES, caught);
  }

  private static KeyResult check(List<Op> h) {
    return new Linearizability(new RegisterModel(), BUDGET_MS).check(h).get("x");
  }

  private static List<Op> simulate(Random rnd) {
    List<Op> out = new ArrayList<>();
    Map<Integer, Pending> pending = new HashMap<>();
    Object[] register = {null};
    int nextValue = 1;
    for (int step = 0; step < STEPS; step++) {
      int p = rnd.nextInt(PROCESSES);
      Pending c = pending.get(p);
      if (c == null) {
        boolean write = rnd.nextBoolean();
        c = new Pending();
        c.invoke = op(out, p, Op.Type.INVOKE, write ? "write" : "read", write ? nextValue++ : null);
        pending.put(p, c);
      } else if (!c.applied && rnd.nextInt(3) > 0) {
        applyAt(c, register);
      } else {
        finish(out, pending, p, c, rnd, register);
      }
    }
    return out;
  }

  private static void applyAt(Pending c, Object[] register) {
    c.applied = true;
    if ("write".equals(c.invoke.f())) {
      register[0] = c.invoke.value();
    } else {
      c.result = register[0];
    }
  }

  private static void finish(List<Op> out, Map<Integer, Pending> pending, int p, Pending c,
      Random rnd, Object[] register) {
    int roll = rnd.nextInt(10);
    if (roll == 0) {
      // Timed out: maybe applied, maybe not, and the client never learns which.
      op(out, p, Op.Type.INFO, c.invoke.f(), c.invoke.value());
    } else if (!c.applied && roll == 1) {
      op(out, p, Op.Type.FAIL, c.invoke.f(), c.invoke.value());
    } else {
      if (!c.applied) {
        applyAt(c, register);
      }
      Object v = "write".equals(c.invoke.f()) ? c.invoke.value() : c.result;
      op(out, p, Op.Type.OK, c.invoke.f(), v);
    }
    pending.remove(p);
  }

  private static Op op(List<Op> out, int p, Op.Type t, String f, Object v) {
    Op o = new Op(out.size(), p, t, f, "x", v, out.size());
    out.add(o);
    return o;
  }

  private static boolean corruptOneRead(List<Op> h, Random rnd) {
    List<Integer> reads = new ArrayList<>();
    for (Op o : h) {
      if (o.type() == Op.Type.OK && "read".equals(o.f())) {
        reads.add(o.index());
      }
    }
    if (reads.isEmpty()) {
      return false;
    }
    Op o = h.get(reads.get(rnd.nextInt(reads.size())));
    h.set(o.index(), new Op(o.index(), o.process(), o.type(), o.f(), o.key(), -1, o.time()));
    return true;
  }
}
