package io.mneme.jepsen.history;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread-safe, append-only history. Index and time are assigned under one lock, so the index
 * order is the real-time order that the checkers rely on.
 */
public final class History {
  private final List<Op> ops = new ArrayList<>();
  private final long startNanos;

  /** A history whose times count from now. */
  public History() {
    this.startNanos = System.nanoTime();
  }

  /** Records an invocation and returns it. */
  public Op invoke(int process, String f, String key, Object value) {
    return append(process, Op.Type.INVOKE, f, key, value);
  }

  /** Records the completion of {@code invocation}. */
  public Op complete(Op invocation, Op.Type type, Object value) {
    return append(invocation.process(), type, invocation.f(), invocation.key(), value);
  }

  /** Records a fault injector's event (always of type info, as in Jepsen). */
  public Op nemesis(String f, Object value) {
    return append(Op.NEMESIS, Op.Type.INFO, f, null, value);
  }

  private synchronized Op append(int process, Op.Type type, String f, String key, Object value) {
    Op op = new Op(ops.size(), process, type, f, key, value, System.nanoTime() - startNanos);
    ops.add(op);
    return op;
  }

  /** A snapshot of every event so far. */
  public synchronized List<Op> snapshot() {
    return List.copyOf(ops);
  }

  /** Nanoseconds since this history started. */
  public long now() {
    return System.nanoTime() - startNanos;
  }
}
