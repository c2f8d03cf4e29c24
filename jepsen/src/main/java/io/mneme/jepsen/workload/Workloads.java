package io.mneme.jepsen.workload;

import java.util.List;

/** The workloads by name. */
public final class Workloads {
  /** Names accepted by --workload. list-append waits for MULTI/EXEC. */
  public static final List<String> NAMES = List.of("register", "set", "counter");
  private static final int REGISTER_KEYS = 5;

  private Workloads() {}

  /**
   * Creates a workload.
   *
   * @param name register, set or counter
   * @param setStore for set: "strings" (one key per element) or "sadd" (SADD/SMEMBERS)
   */
  public static Workload create(String name, String setStore) {
    return switch (name) {
      case "register" -> new RegisterWorkload(REGISTER_KEYS);
      case "counter" -> new CounterWorkload();
      case "set" -> new SetWorkload("sadd".equals(setStore) ? new SetWorkload.RedisSetStore()
          : new SetWorkload.StringKeysStore());
      default -> throw new IllegalArgumentException("unknown workload " + name
          + " (known: " + NAMES + "; list-append and cas wait for MULTI/EXEC)");
    };
  }
}
