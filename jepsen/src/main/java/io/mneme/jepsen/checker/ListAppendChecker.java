package io.mneme.jepsen.checker;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Strict serializability of list-append transactions, in the manner of Elle (Kingsbury and
 * Alvaro, VLDB 2020). A transaction is a list of micro-operations {@code ["append", k, v]} and
 * {@code ["r", k, list]}; every appended value is unique per key, so a read of a list tells
 * which transactions wrote before it, and the longest read of a key gives the order of its
 * versions.
 *
 * <p>What it finds:
 * <ul>
 *   <li>Per read: elements never appended (garbage), elements of failed transactions (G1a,
 *       aborted read), duplicates, reads ending in the middle of another transaction's appends
 *       to the key (G1b, intermediate read), reads that disagree with the transaction's own
 *       earlier appends and reads (internal).
 *   <li>Per key: reads that are not prefixes of one another (incompatible order), and
 *       acknowledged appends missing from the last read of the key (lost append).
 *   <li>Cycles in the dependency graph of committed transactions: write-write (ww), write-read
 *       (wr), read-write anti-dependencies (rw) and real-time order (rt: one transaction ended
 *       before the other began), named as Adya does: G0 (ww only), G1c (ww and wr), G-single
 *       (exactly one rw), G2 (more than one rw), with "-realtime" when the cycle needs an rt
 *       edge, i.e. it breaks strict serializability but not serializability.
 * </ul>
 *
 * <p>Indeterminate transactions take part where their appends were read (they committed);
 * their reads are unknown and ignored. Real-time edges use Elle's frontier: each transaction
 * depends on the completed transactions not yet followed by another completed one when it was
 * invoked, which keeps the graph linear in size while keeping every real-time path.
 */
public final class ListAppendChecker {
  /** Examples kept per anomaly kind, so a broken run still gives a readable report. */
  private static final int EXAMPLES_MAX = 8;
  /** Start nodes tried per strongly connected component when looking for a short cycle. */
  private static final int CYCLE_STARTS_MAX = 64;
  private static final int WW = 1;
  private static final int WR = 2;
  private static final int RW = 4;
  private static final int RT = 8;

  /** One micro-operation: f is "append" or "r"; value the appended Long or the read list. */
  record Mop(String f, String key, Object value) {}

  /** A transaction: its micro-operations, as completed for ok ones, as invoked otherwise. */
  record Txn(int id, int process, Op.Type type, List<Mop> mops, long invokeIndex,
      long completeIndex) {
    String describe() {
      return "T" + id + " (p" + process + " " + type.json() + " [history " + invokeIndex + ".."
          + (completeIndex == Long.MAX_VALUE ? "?" : Long.toString(completeIndex)) + "] "
          + mops.stream().map(m -> m.f() + " " + m.key() + " " + m.value()).toList() + ")";
    }
  }

  private final List<Txn> txns;
  private final Map<String, List<String>> anomalies = new TreeMap<>();
  private final Map<String, Integer> anomalyCounts = new TreeMap<>();
  /** key -> appended value -> the transaction that appended it. */
  private final Map<String, Map<Long, Txn>> appender = new HashMap<>();
  /** key -> the order of its versions (the longest read). */
  private final Map<String, List<Long>> versionOrder = new HashMap<>();
  /** key -> position of each value in {@link #versionOrder}. */
  private final Map<String, Map<Long, Integer>> positions = new HashMap<>();
  private final Map<Integer, Map<Integer, Integer>> edges = new HashMap<>();

  private ListAppendChecker(List<Txn> txns) {
    this.txns = txns;
  }

  /** Checks a history of {@code txn} operations. */
  public static CheckResult check(List<Op> history) {
    List<Txn> txns = pair(history);
    ListAppendChecker c = new ListAppendChecker(txns);
    c.run();
    return c.result();
  }

  /** Pairs invocations with completions; completed ok transactions carry their read results. */
  static List<Txn> pair(List<Op> history) {
    Map<Integer, Op> open = new HashMap<>();
    List<Txn> out = new ArrayList<>();
    for (Op op : history) {
      if (op.process() == Op.NEMESIS || !"txn".equals(op.f())) {
        continue;
      }
      if (op.isInvoke()) {
        open.put(op.process(), op);
        continue;
      }
      Op inv = open.remove(op.process());
      if (inv == null) {
        continue;
      }
      boolean ok = op.type() == Op.Type.OK;
      out.add(new Txn(out.size(), inv.process(), op.type(), mops(ok ? op.value() : inv.value()),
          inv.index(), ok ? op.index() : Long.MAX_VALUE));
    }
    for (Op inv : open.values()) {
      out.add(new Txn(out.size(), inv.process(), Op.Type.INFO, mops(inv.value()), inv.index(),
          Long.MAX_VALUE));
    }
    return out;
  }

  private static List<Mop> mops(Object value) {
    List<Mop> out = new ArrayList<>();
    for (Object o : (List<?>) value) {
      List<?> m = (List<?>) o;
      Object v = m.get(2);
      if (v instanceof List<?> l) {
        v = l.stream().map(x -> Long.parseLong(x.toString())).toList();
      } else if (v != null) {
        v = Long.parseLong(v.toString());
      }
      out.add(new Mop(m.get(0).toString(), m.get(1).toString(), v));
    }
    return out;
  }

  private void run() {
    indexAppends();
    for (Txn t : txns) {
      if (t.type() == Op.Type.OK) {
        checkReads(t);
      }
    }
    orderVersions();
    lostAppends();
    buildEdges();
    findCycles();
  }

  private void indexAppends() {
    for (Txn t : txns) {
      for (Mop m : t.mops()) {
        if ("append".equals(m.f())) {
          Txn before = appender.computeIfAbsent(m.key(), k -> new HashMap<>())
              .put((Long) m.value(), t);
          if (before != null) {
            report("duplicate-append", "value " + m.value() + " appended to " + m.key()
                + " by " + before.describe() + " and " + t.describe());
          }
        }
      }
    }
  }

  /** The read checks that need only one transaction and the append index. */
  private void checkReads(Txn t) {
    Map<String, List<Long>> known = new HashMap<>();
    Map<String, List<Long>> ownAppends = new HashMap<>();
    for (Mop m : t.mops()) {
      if ("append".equals(m.f())) {
        ownAppends.computeIfAbsent(m.key(), k -> new ArrayList<>()).add((Long) m.value());
        List<Long> k = known.get(m.key());
        if (k != null) {
          k.add((Long) m.value());
        }
        continue;
      }
      @SuppressWarnings("unchecked")
      List<Long> read = (List<Long>) m.value();
      if (read == null) {
        continue;
      }
      List<Long> expected = known.get(m.key());
      List<Long> own = ownAppends.getOrDefault(m.key(), List.of());
      if (expected != null ? !expected.equals(read) : !endsWith(read, own)) {
        report("internal", t.describe() + " read " + m.key() + " = " + read + ", expected "
            + (expected != null ? expected : "a list ending in its own appends " + own));
      }
      known.put(m.key(), new ArrayList<>(read));
      checkElements(t, m.key(), read, own.size());
    }
  }

  private void checkElements(Txn t, String key, List<Long> read, int ownCount) {
    Map<Long, Txn> byValue = appender.getOrDefault(key, Map.of());
    Set<Long> seen = new HashSet<>();
    for (Long v : read) {
      if (!seen.add(v)) {
        report("duplicate-elements", t.describe() + " read " + key + " = " + read);
      }
      Txn w = byValue.get(v);
      if (w == null) {
        report("garbage-read", t.describe() + " read " + v + " in " + key
            + ", which no transaction appended");
      } else if (w.type() == Op.Type.FAIL) {
        report("G1a", t.describe() + " read " + v + " in " + key + ", appended by failed "
            + w.describe());
      }
    }
    int external = read.size() - Math.min(ownCount, read.size());
    if (external == 0) {
      return;
    }
    Long last = read.get(external - 1);
    Txn w = byValue.get(last);
    if (w != null && w != t) {
      List<Long> wAppends = appendsOf(w, key);
      if (wAppends.indexOf(last) < wAppends.size() - 1) {
        report("G1b", t.describe() + " read " + key + " ending in " + last + ", but "
            + w.describe() + " appended more to it after that");
      }
    }
  }

  private static boolean endsWith(List<Long> list, List<Long> tail) {
    return list.size() >= tail.size()
        && list.subList(list.size() - tail.size(), list.size()).equals(tail);
  }

  private static List<Long> appendsOf(Txn t, String key) {
    List<Long> out = new ArrayList<>();
    for (Mop m : t.mops()) {
      if ("append".equals(m.f()) && key.equals(m.key())) {
        out.add((Long) m.value());
      }
    }
    return out;
  }

  /** The longest read of each key orders its versions; every other read must be a prefix. */
  private void orderVersions() {
    Map<String, List<List<Long>>> reads = readsByKey();
    for (Map.Entry<String, List<List<Long>>> e : reads.entrySet()) {
      List<Long> longest = List.of();
      for (List<Long> r : e.getValue()) {
        if (r.size() > longest.size()) {
          longest = r;
        }
      }
      boolean compatible = true;
      for (List<Long> r : e.getValue()) {
        if (!longest.subList(0, r.size()).equals(r)) {
          compatible = false;
          report("incompatible-order", "key " + e.getKey() + ": " + r + " is not a prefix of "
              + longest);
        }
      }
      if (compatible) {
        versionOrder.put(e.getKey(), longest);
        Map<Long, Integer> pos = new HashMap<>();
        for (int i = 0; i < longest.size(); i++) {
          pos.putIfAbsent(longest.get(i), i);
        }
        positions.put(e.getKey(), pos);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, List<List<Long>>> readsByKey() {
    Map<String, List<List<Long>>> reads = new TreeMap<>();
    for (Txn t : txns) {
      if (t.type() != Op.Type.OK) {
        continue;
      }
      for (Mop m : t.mops()) {
        if ("r".equals(m.f()) && m.value() != null) {
          reads.computeIfAbsent(m.key(), k -> new ArrayList<>()).add((List<Long>) m.value());
        }
      }
    }
    return reads;
  }

  /** An acknowledged append must be in every read of its key that began after it ended. */
  @SuppressWarnings("unchecked")
  private void lostAppends() {
    Map<String, Txn> lastReader = new HashMap<>();
    Map<String, List<Long>> lastRead = new HashMap<>();
    for (Txn t : txns) {
      if (t.type() != Op.Type.OK) {
        continue;
      }
      for (Mop m : t.mops()) {
        Txn prior = lastReader.get(m.key());
        if ("r".equals(m.f()) && (prior == null || prior.invokeIndex() < t.invokeIndex())) {
          lastReader.put(m.key(), t);
          lastRead.put(m.key(), (List<Long>) m.value());
        }
      }
    }
    for (Map.Entry<String, Txn> e : lastReader.entrySet()) {
      Set<Long> seen = new HashSet<>(lastRead.get(e.getKey()));
      Txn reader = e.getValue();
      for (Map.Entry<Long, Txn> a : appender.getOrDefault(e.getKey(), Map.of()).entrySet()) {
        Txn w = a.getValue();
        if (w.type() == Op.Type.OK && w.completeIndex() < reader.invokeIndex()
            && !seen.contains(a.getKey())) {
          report("lost-append", "acknowledged " + w.describe() + " appended " + a.getKey()
              + " to " + e.getKey() + ", missing from the later " + reader.describe());
        }
      }
    }
  }

  private void buildEdges() {
    for (Map.Entry<String, List<Long>> e : versionOrder.entrySet()) {
      Map<Long, Txn> byValue = appender.getOrDefault(e.getKey(), Map.of());
      List<Long> order = e.getValue();
      for (int i = 0; i + 1 < order.size(); i++) {
        Txn a = byValue.get(order.get(i));
        Txn b = byValue.get(order.get(i + 1));
        if (a != null && b != null && a != b) {
          edge(a, b, WW);
        }
      }
    }
    for (Txn t : txns) {
      if (t.type() == Op.Type.OK) {
        readEdges(t);
      }
    }
    realtimeEdges();
  }

  @SuppressWarnings("unchecked")
  private void readEdges(Txn t) {
    Map<String, Integer> ownSoFar = new HashMap<>();
    for (Mop m : t.mops()) {
      if ("append".equals(m.f())) {
        ownSoFar.merge(m.key(), 1, Integer::sum);
        continue;
      }
      List<Long> order = versionOrder.get(m.key());
      List<Long> read = (List<Long>) m.value();
      if (order == null || read == null) {
        continue;
      }
      Map<Long, Txn> byValue = appender.getOrDefault(m.key(), Map.of());
      int external = read.size() - Math.min(ownSoFar.getOrDefault(m.key(), 0), read.size());
      if (external > 0) {
        Txn w = byValue.get(read.get(external - 1));
        if (w != null && w != t) {
          edge(w, t, WR);
        }
      }
      if (external < order.size()) {
        Txn next = byValue.get(order.get(external));
        if (next != null && next != t) {
          edge(t, next, RW);
        }
      }
    }
  }

  /** Elle's frontier: edges from the completed transactions no other completed one follows. */
  private void realtimeEdges() {
    List<long[]> events = new ArrayList<>();
    for (Txn t : txns) {
      if (t.type() == Op.Type.OK) {
        events.add(new long[] {t.invokeIndex(), 0, t.id()});
        events.add(new long[] {t.completeIndex(), 1, t.id()});
      }
    }
    events.sort((a, b) -> Long.compare(a[0], b[0]));
    Set<Integer> frontier = new HashSet<>();
    Map<Integer, Set<Integer>> before = new HashMap<>();
    for (long[] ev : events) {
      int id = (int) ev[2];
      if (ev[1] == 0) {
        before.put(id, new HashSet<>(frontier));
      } else {
        Set<Integer> preds = before.remove(id);
        for (int p : preds) {
          edge(txns.get(p), txns.get(id), RT);
        }
        frontier.removeAll(preds);
        frontier.add(id);
      }
    }
  }

  private void edge(Txn from, Txn to, int kind) {
    edges.computeIfAbsent(from.id(), k -> new HashMap<>()).merge(to.id(), kind, (a, b) -> a | b);
  }

  private void findCycles() {
    for (List<Integer> scc : Tarjan.components(txns.size(), edges)) {
      if (scc.size() < 2) {
        continue;
      }
      Set<Integer> members = new HashSet<>(scc);
      // The weakest cycle first: the name says what isolation the history violates.
      int[][] tries = {{WW}, {WW | WR}, {WW | WR | RW}, {WW | WR | RW | RT}};
      for (int[] allowed : tries) {
        List<int[]> cycle = shortestCycle(scc, members, allowed[0]);
        if (cycle != null) {
          report(name(cycle), describe(cycle));
          break;
        }
      }
    }
  }

  /** A shortest cycle within {@code members} using only edge kinds in {@code allowed}. */
  private List<int[]> shortestCycle(List<Integer> scc, Set<Integer> members, int allowed) {
    List<int[]> best = null;
    int starts = 0;
    for (int start : scc) {
      if (starts++ >= CYCLE_STARTS_MAX) {
        break;
      }
      List<int[]> c = cycleThrough(start, members, allowed);
      if (c != null && (best == null || c.size() < best.size())) {
        best = c;
      }
    }
    return best;
  }

  /** Breadth-first from {@code start} back to it: the edges as {from, to, kinds}. */
  private List<int[]> cycleThrough(int start, Set<Integer> members, int allowed) {
    Map<Integer, int[]> parent = new HashMap<>();
    List<Integer> queue = new ArrayList<>();
    queue.add(start);
    for (int head = 0; head < queue.size(); head++) {
      int n = queue.get(head);
      for (Map.Entry<Integer, Integer> e : edges.getOrDefault(n, Map.of()).entrySet()) {
        int to = e.getKey();
        int kinds = e.getValue() & allowed;
        if (kinds == 0 || !members.contains(to)) {
          continue;
        }
        if (to == start) {
          List<int[]> path = new ArrayList<>();
          path.add(new int[] {n, to, kinds});
          for (int at = n; at != start; at = parent.get(at)[0]) {
            path.add(0, parent.get(at));
          }
          return path;
        }
        if (!parent.containsKey(to)) {
          parent.put(to, new int[] {n, to, kinds});
          queue.add(to);
        }
      }
    }
    return null;
  }

  /** Adya's name of a cycle, preferring the weaker edge where an edge has several kinds. */
  private static String name(List<int[]> cycle) {
    int rw = 0;
    boolean wr = false;
    boolean rt = false;
    for (int[] e : cycle) {
      int k = e[2];
      if ((k & (WW | WR)) != 0) {
        wr |= (k & WW) == 0;
      } else if ((k & RW) != 0) {
        rw++;
      } else {
        rt = true;
      }
    }
    String base = rw == 0 ? (wr ? "G1c" : "G0") : rw == 1 ? "G-single" : "G2";
    return rt ? base + "-realtime" : base;
  }

  private String describe(List<int[]> cycle) {
    StringBuilder sb = new StringBuilder("cycle:");
    for (int[] e : cycle) {
      sb.append("\n  ").append(txns.get(e[0]).describe()).append(" -").append(kinds(e[2]))
          .append("-> T").append(e[1]);
    }
    return sb.toString();
  }

  private static String kinds(int k) {
    List<String> out = new ArrayList<>();
    if ((k & WW) != 0) {
      out.add("ww");
    }
    if ((k & WR) != 0) {
      out.add("wr");
    }
    if ((k & RW) != 0) {
      out.add("rw");
    }
    if ((k & RT) != 0) {
      out.add("rt");
    }
    return String.join("|", out);
  }

  private void report(String kind, String example) {
    anomalyCounts.merge(kind, 1, Integer::sum);
    List<String> l = anomalies.computeIfAbsent(kind, k -> new ArrayList<>());
    if (l.size() < EXAMPLES_MAX) {
      l.add(example);
    }
  }

  private CheckResult result() {
    long ok = txns.stream().filter(t -> t.type() == Op.Type.OK).count();
    long info = txns.stream().filter(t -> t.type() == Op.Type.INFO).count();
    long failed = txns.size() - ok - info;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("transactions-ok", ok);
    details.put("transactions-indeterminate", info);
    details.put("transactions-failed", failed);
    details.put("keys", appender.size());
    details.put("longest-list", versionOrder.values().stream().mapToInt(List::size).max()
        .orElse(0));
    details.put("anomaly-counts", anomalyCounts);
    details.put("anomalies", anomalies);
    Verdict v = !anomalies.isEmpty() ? Verdict.INVALID
        : ok == 0 ? Verdict.UNKNOWN : Verdict.VALID;
    String summary = "list-append: " + ok + " ok, " + info + " indeterminate, " + failed
        + " failed transactions; " + (anomalies.isEmpty() ? "no anomalies"
        : "anomalies " + anomalyCounts + "\n" + anomalies.entrySet().iterator().next()
        .getValue().get(0));
    return new CheckResult(v, summary, details);
  }
}
