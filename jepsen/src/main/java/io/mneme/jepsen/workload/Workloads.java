package io.mneme.jepsen.workload;

import java.util.List;

/** The workloads by name. */
public final class Workloads {
  /** Names accepted by --workload. list-append waits for MULTI/EXEC. */
  public static final List<String> NAMES = List.of("register", "set", "counter");
  private static final int REGISTER_KEYS = 5;
  private static final int SET_KEYS = 4;

  private Workloads() {}

  /** Creates the workload called {@code name}: register, set or counter. */
  public static Workload create(String name) {
    return switch (name) {
      case "register" -> new RegisterWorkload(REGISTER_KEYS);
      case "counter" -> new CounterWorkload();
      case "set" -> new SetWorkload(SET_KEYS);
      default -> throw new IllegalArgumentException("unknown workload " + name
          + " (known: " + NAMES + ")");
    };
  }
}
