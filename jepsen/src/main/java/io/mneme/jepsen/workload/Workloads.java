package io.mneme.jepsen.workload;

import java.util.List;

/** The workloads by name. */
public final class Workloads {
  /** Names accepted by --workload. */
  public static final List<String> NAMES = List.of("register", "set", "counter", "list-append");
  private static final int REGISTER_KEYS = 5;
  private static final int SET_KEYS = 4;
  /** Hash-tag groups of list-append: each is one slot, so they spread over shards. */
  private static final int LIST_APPEND_GROUPS = 4;

  private Workloads() {}

  /** Creates the workload called {@code name}: register, set, counter or list-append. */
  public static Workload create(String name) {
    return switch (name) {
      case "register" -> new RegisterWorkload(REGISTER_KEYS);
      case "counter" -> new CounterWorkload();
      case "set" -> new SetWorkload(SET_KEYS);
      case "list-append" -> new ListAppendWorkload(LIST_APPEND_GROUPS);
      default -> throw new IllegalArgumentException("unknown workload " + name
          + " (known: " + NAMES + ")");
    };
  }
}
