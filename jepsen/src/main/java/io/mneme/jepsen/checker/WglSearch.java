package io.mneme.jepsen.checker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of the Wing & Gong linearizability search with Lowe's just-in-time linearization and
 * memoisation: calls and returns sit in a doubly linked list in real-time order; the search
 * tries to linearize each pending call in turn (lifting it out of the list), and backtracks
 * when it meets a return whose call is not yet linearized. A (linearized set, state) pair
 * already explored is never explored again, which keeps the search polynomial in practice.
 */
final class WglSearch {
  /** How many iterations between two looks at the clock. */
  private static final int CLOCK_CHECK_EVERY_STEPS = 1024;
  /** Past this many memoised configurations the answer is "unknown" (memory bound). */
  private static final int MEMO_MAX_ENTRIES = 4_000_000;
  /** How many candidate model states are kept for the explanation. */
  private static final int EXPLAIN_STATES_MAX = 8;

  private final List<Call> calls;
  private final Model model;
  private final Object initialState;
  private final long deadlineNanos;

  /** Deepest point reached: how many calls were linearized when a return blocked it. */
  private int bestDepth = -1;
  private Call blocked;
  private final Set<Object> blockedStates = new LinkedHashSet<>();
  private final List<Call> bestPath = new ArrayList<>();

  private static final class Entry {
    final Call call;
    final boolean isCall;
    Entry match;
    Entry prev;
    Entry next;

    Entry(Call call, boolean isCall) {
      this.call = call;
      this.isCall = isCall;
    }
  }

  private record Memo(BitSet linearized, Object state) {}

  private record Frame(Entry entry, Object stateBefore) {}

  WglSearch(List<Call> calls, Model model, Object initialState, long deadlineNanos) {
    this.calls = calls;
    this.model = model;
    this.initialState = initialState;
    this.deadlineNanos = deadlineNanos;
  }

  /** Runs the search. */
  Verdict run() {
    Entry head = buildList();
    BitSet linearized = new BitSet(calls.size());
    Set<Memo> memo = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    Object state = initialState;
    Entry entry = head.next;
    long steps = 0;
    while (entry != null) {
      if (++steps % CLOCK_CHECK_EVERY_STEPS == 0
          && (System.nanoTime() > deadlineNanos || memo.size() > MEMO_MAX_ENTRIES)) {
        return Verdict.UNKNOWN;
      }
      if (entry.isCall) {
        Object next = model.step(state, entry.call);
        if (next != null) {
          BitSet lin = (BitSet) linearized.clone();
          lin.set(entry.call.id());
          if (memo.add(new Memo(lin, next))) {
            stack.push(new Frame(entry, state));
            state = next;
            linearized = lin;
            lift(entry);
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
        continue;
      }
      noteBlocked(entry.call, linearized, state, stack);
      if (stack.isEmpty()) {
        return Verdict.INVALID;
      }
      Frame top = stack.pop();
      state = top.stateBefore;
      linearized.clear(top.entry.call.id());
      unlift(top.entry);
      entry = top.entry.next;
    }
    // Only calls without a return are left: every completed call is linearized.
    return Verdict.VALID;
  }

  private Entry buildList() {
    List<Entry> events = new ArrayList<>(calls.size() * 2);
    for (Call c : calls) {
      Entry call = new Entry(c, true);
      events.add(call);
      if (!c.indeterminate()) {
        Entry ret = new Entry(c, false);
        call.match = ret;
        events.add(ret);
      }
    }
    events.sort((a, b) -> Long.compare(indexOf(a), indexOf(b)));
    Entry head = new Entry(null, true);
    Entry prev = head;
    for (Entry e : events) {
      prev.next = e;
      e.prev = prev;
      prev = e;
    }
    return head;
  }

  private static long indexOf(Entry e) {
    return e.isCall ? e.call.callIndex() : e.call.returnIndex();
  }

  private static void lift(Entry call) {
    unlink(call);
    if (call.match != null) {
      unlink(call.match);
    }
  }

  /** Undoes {@link #lift}, restoring in the reverse order of removal (dancing links). */
  private static void unlift(Entry call) {
    if (call.match != null) {
      relink(call.match);
    }
    relink(call);
  }

  private static void unlink(Entry e) {
    e.prev.next = e.next;
    if (e.next != null) {
      e.next.prev = e.prev;
    }
  }

  private static void relink(Entry e) {
    e.prev.next = e;
    if (e.next != null) {
      e.next.prev = e;
    }
  }

  private void noteBlocked(Call call, BitSet linearized, Object state, Deque<Frame> stack) {
    int depth = linearized.cardinality();
    if (depth > bestDepth) {
      bestDepth = depth;
      blocked = call;
      blockedStates.clear();
      bestPath.clear();
      stack.descendingIterator().forEachRemaining(f -> bestPath.add(f.entry.call));
    }
    if (depth == bestDepth && call == blocked && blockedStates.size() < EXPLAIN_STATES_MAX) {
      blockedStates.add(state);
    }
  }

  /** The call whose return could not be reached at the deepest point of the search. */
  Call blocked() {
    return blocked;
  }

  /** Model states possible just before {@link #blocked()} had to take effect. */
  Set<Object> blockedStates() {
    return blockedStates;
  }

  /** The linearization order that got deepest. */
  List<Call> bestPath() {
    return bestPath;
  }
}
