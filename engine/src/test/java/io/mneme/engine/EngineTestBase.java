package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;

/** Helpers: run commands at a time, compare replies as Redis shows them. */
abstract class EngineTestBase {
  protected Engine engine = new Engine();
  protected long now = 1_000_000;

  @AfterEach
  void validate() {
    KeyspaceValidator.check(engine.keyspace);
  }

  static byte[][] argv(String... args) {
    byte[][] a = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      a[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  /** Runs a command the way the server would: reject first, then write or read by kind. */
  Reply run(String... args) {
    byte[][] a = argv(args);
    Reply rejected = engine.commands().reject(a);
    if (rejected != null) {
      return rejected;
    }
    CommandSpec spec = engine.commands().resolve(a);
    return spec.isWrite() ? engine.write(a, now, 42) : engine.read(a, now);
  }

  /** Renders a reply compactly: "OK", "(nil)", ":3", "\"v\"", "-ERR ...", "[a, b]". */
  static String show(Reply r) {
    if (r instanceof Reply.Simple s) {
      return s.text();
    } else if (r instanceof Reply.Err e) {
      return "-" + e.text();
    } else if (r instanceof Reply.Int i) {
      return ":" + i.value();
    } else if (r instanceof Reply.Bulk b) {
      return "\"" + new String(b.bytes(), StandardCharsets.UTF_8) + "\"";
    } else if (r instanceof Reply.Null) {
      return "(nil)";
    } else if (r instanceof Reply.Arr a) {
      return list(a.items());
    } else if (r instanceof Reply.SetReply s) {
      return list(s.items());
    } else if (r instanceof Reply.PairMap m) {
      return pairs(m.keysAndValues());
    } else if (r instanceof Reply.MapReply m) {
      String inner = list(m.keysAndValues());
      return "{" + inner.substring(1, inner.length() - 1) + "}";
    } else if (r instanceof Reply.Pairs p) {
      Reply[] pairs = new Reply[p.flat().length / 2];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = Reply.array(p.flat()[2 * i], p.flat()[2 * i + 1]);
      }
      return list(pairs);
    }
    return r.toString();
  }

  /** A PairMap as "{k: v, k2: v2}". */
  private static String pairs(Reply[] kv) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < kv.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(show(kv[i])).append(": ").append(show(kv[i + 1]));
    }
    return sb.append('}').toString();
  }

  private static String list(Reply[] items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(show(items[i]));
    }
    return sb.append(']').toString();
  }

  void is(String expected, String... args) {
    assertEquals(expected, show(run(args)), String.join(" ", args));
  }

  void err(String expected, String... args) {
    Reply r = run(args);
    assertTrue(r.isError(), () -> String.join(" ", args) + " gave " + show(r));
    assertEquals(expected, ((Reply.Err) r).text(), String.join(" ", args));
  }

  static void bytesEq(String expected, byte[] actual) {
    assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), actual);
  }
}
