package io.mneme.jepsen.checker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strongly connected components by Tarjan's algorithm, iterative so that a history of a
 * hundred thousand transactions cannot overflow the stack.
 */
final class Tarjan {
  private Tarjan() {}

  /** The components of the graph on nodes 0..n-1 whose edges are {@code adjacency}'s keys. */
  static List<List<Integer>> components(int n, Map<Integer, ? extends Map<Integer, ?>> adjacency) {
    int[] index = new int[n];
    int[] low = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    List<List<Integer>> out = new ArrayList<>();
    int next = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] != -1) {
        continue;
      }
      Deque<int[]> work = new ArrayDeque<>();
      Deque<Iterator<Integer>> iters = new ArrayDeque<>();
      index[root] = low[root] = next++;
      stack.push(root);
      onStack[root] = true;
      work.push(new int[] {root});
      iters.push(successors(adjacency, root));
      while (!work.isEmpty()) {
        int v = work.peek()[0];
        Iterator<Integer> it = iters.peek();
        if (it.hasNext()) {
          int w = it.next();
          if (index[w] == -1) {
            index[w] = low[w] = next++;
            stack.push(w);
            onStack[w] = true;
            work.push(new int[] {w});
            iters.push(successors(adjacency, w));
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        work.pop();
        iters.pop();
        if (!work.isEmpty()) {
          int parent = work.peek()[0];
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == index[v]) {
          List<Integer> component = new ArrayList<>();
          int w;
          do {
            w = stack.pop();
            onStack[w] = false;
            component.add(w);
          } while (w != v);
          out.add(component);
        }
      }
    }
    return out;
  }

  private static Iterator<Integer> successors(Map<Integer, ? extends Map<Integer, ?>> adjacency,
      int v) {
    Map<Integer, ?> m = adjacency.get(v);
    return m == null ? java.util.Collections.emptyIterator() : m.keySet().iterator();
  }
}
