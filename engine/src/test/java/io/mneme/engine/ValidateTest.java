package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** validate() (before the log) and apply (in the log) must give the same errors. */
class ValidateTest extends EngineTestBase {
  private static final List<String[]> BAD = List.of(
      new String[] {"set", "k", "v", "nx", "xx"},
      new String[] {"set", "k", "v", "ex", "0"},
      new String[] {"set", "k", "v", "px", "x"},
      new String[] {"setex", "k", "-1", "v"},
      new String[] {"psetex", "k", "0", "v"},
      new String[] {"mset", "a", "1", "b"},
      new String[] {"msetnx", "a"},
      new String[] {"getex", "k", "persist", "ex", "1"},
      new String[] {"setrange", "k", "-1", "v"},
      new String[] {"incrby", "k", "1.5"},
      new String[] {"decrby", "k", "-9223372036854775808"},
      new String[] {"expire", "k", "1", "nx", "gt"},
      new String[] {"pexpireat", "k", "x"},
      new String[] {"copy", "a", "a"},
      new String[] {"copy", "a", "b", "db", "3"},
      new String[] {"flushall", "now"});

  @Test
  void validateAndApplyAgree() {
    for (String[] a : BAD) {
      byte[][] argv = argv(a);
      Reply before = engine.commands().reject(argv);
      assertNotNull(before, String.join(" ", a));
      Reply applied = engine.write(argv, now, 0);
      assertEquals(show(before), show(applied), String.join(" ", a));
    }
    assertEquals(0, engine.keyCount());
  }

  @Test
  void readsValidateToo() {
    assertEquals("-ERR invalid cursor", show(engine.commands().reject(argv("scan", "x"))));
    assertEquals("-ERR value is not an integer or out of range",
        show(engine.commands().reject(argv("getrange", "k", "a", "1"))));
    assertNull(engine.commands().reject(argv("getex", "k", "ex", "0")));
    assertNull(engine.commands().reject(argv("incrbyfloat", "k", "x")));
  }
}
