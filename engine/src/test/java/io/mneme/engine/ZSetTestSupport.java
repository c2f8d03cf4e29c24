package io.mneme.engine;

/** Checks every sorted set of an engine: the structure, and the encoding rules. */
final class ZSetTestSupport {
  private ZSetTestSupport() {}

  static void checkAll(Engine engine) {
    engine.keyspace.forEach(e -> {
      if (e.value instanceof ZSetValue z) {
        z.checkInvariants();
        if (z.isEmpty()) {
          throw new AssertionError("empty sorted set left at "
              + new String(e.key, java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    });
  }
}
