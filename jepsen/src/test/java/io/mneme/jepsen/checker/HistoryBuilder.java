package io.mneme.jepsen.checker;

import io.mneme.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;

/** Hand-written histories: events are appended in real-time order. */
final class HistoryBuilder {
  private final List<Op> ops = new ArrayList<>();
  private String key = "x";

  HistoryBuilder key(String k) {
    this.key = k;
    return this;
  }

  HistoryBuilder invoke(int p, String f, Object v) {
    return add(p, Op.Type.INVOKE, f, v);
  }

  HistoryBuilder ok(int p, String f, Object v) {
    return add(p, Op.Type.OK, f, v);
  }

  HistoryBuilder info(int p, String f, Object v) {
    return add(p, Op.Type.INFO, f, v);
  }

  HistoryBuilder fail(int p, String f, Object v) {
    return add(p, Op.Type.FAIL, f, v);
  }

  /** A write that completes before anything else happens. */
  HistoryBuilder write(int p, Object v) {
    return invoke(p, "write", v).ok(p, "write", v);
  }

  /** A read that completes before anything else happens. */
  HistoryBuilder read(int p, Object v) {
    return invoke(p, "read", null).ok(p, "read", v);
  }

  private HistoryBuilder add(int p, Op.Type t, String f, Object v) {
    ops.add(new Op(ops.size(), p, t, f, key, v, ops.size() * 1000L));
    return this;
  }

  List<Op> build() {
    return List.copyOf(ops);
  }
}
