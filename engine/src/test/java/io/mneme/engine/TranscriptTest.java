package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays transcripts recorded from redis-server 7.0.15 (test resources under transcripts/):
 * each line is a command, Redis's reply in RESP2 and its reply in RESP3, rendered alike, and
 * the engine must answer the same in both protocols. OBJECT ENCODING, which the engine does
 * not serve, is answered from {@link Container#encoding()}.
 */
class TranscriptTest extends EngineTestBase {

  @ParameterizedTest
  @ValueSource(strings = {"hash-7.0.15.txt", "set-7.0.15.txt", "stream-7.0.15.txt"})
  void replay(String name) throws IOException {
    int checked = 0;
    for (String line : read("/transcripts/" + name)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\t", -1);
      assertEquals(3, parts.length, line);
      String[] args = split(parts[0]);
      Reply r = args.length == 3 && Parse.is(Parse.bytes(args[0]), "object")
          ? encoding(args[2]) : run(args);
      assertEquals(parts[1], render(r, false), name + ": " + parts[0] + " (RESP2)");
      assertEquals(parts[2], render(r, true), name + ": " + parts[0] + " (RESP3)");
      checked++;
    }
    assertTrue(checked > 0, name);
  }

  private Reply encoding(String key) {
    Keyspace.Entry e = engine.keyspace.find(Parse.bytes(key));
    return e == null ? Reply.NULL : Reply.bulk(((Container) e.value).encoding());
  }

  private static List<String> read(String resource) throws IOException {
    try (InputStream in = TranscriptTest.class.getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.split("\n"));
    }
  }

  /** Splits like Python's shlex for what the transcripts use: spaces and double quotes. */
  static String[] split(String cmd) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    boolean quoted = false;
    for (char c : cmd.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        cur = cur == null ? new StringBuilder() : cur;
      } else if (c == ' ' && !quoted) {
        if (cur != null) {
          out.add(cur.toString());
          cur = null;
        }
      } else {
        cur = (cur == null ? new StringBuilder() : cur).append(c);
      }
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out.toArray(new String[0]);
  }

  /** Renders a reply as the transcript generator renders what Redis sent in each protocol. */
  static String render(Reply r, boolean resp3) {
    if (r instanceof Reply.Simple s) {
      return s.text();
    } else if (r instanceof Reply.Err e) {
      return "-" + e.text();
    } else if (r instanceof Reply.Int i) {
      return ":" + i.value();
    } else if (r instanceof Reply.Bulk b) {
      return "\"" + new String(b.bytes(), StandardCharsets.UTF_8) + "\"";
    } else if (r instanceof Reply.Null n) {
      return resp3 ? "(null)" : n.array() ? "(nil-array)" : "(nil)";
    } else if (r instanceof Reply.Bool b) {
      return resp3 ? (b.value() ? "#t" : "#f") : (b.value() ? ":1" : ":0");
    } else if (r instanceof Reply.Arr a) {
      return list(a.items(), resp3, "[", "]");
    } else if (r instanceof Reply.SetReply s) {
      return list(s.items(), resp3, resp3 ? "~[" : "[", "]");
    } else if (r instanceof Reply.MapReply m) {
      return list(m.keysAndValues(), resp3, resp3 ? "{" : "[", resp3 ? "}" : "]");
    } else if (r instanceof Reply.PairMap m) {
      if (resp3) {
        return list(m.keysAndValues(), true, "{", "}");
      }
      Reply[] pairs = new Reply[m.keysAndValues().length / 2];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = Reply.array(m.keysAndValues()[2 * i], m.keysAndValues()[2 * i + 1]);
      }
      return list(pairs, false, "[", "]");
    } else if (r instanceof Reply.Pairs p) {
      if (!resp3) {
        return list(p.flat(), false, "[", "]");
      }
      Reply[] pairs = new Reply[p.flat().length / 2];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = Reply.array(p.flat()[2 * i], p.flat()[2 * i + 1]);
      }
      return list(pairs, true, "[", "]");
    }
    throw new AssertionError("no rendering for " + r);
  }

  private static String list(Reply[] items, boolean resp3, String open, String close) {
    StringBuilder sb = new StringBuilder(open);
    for (int i = 0; i < items.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(render(items[i], resp3));
    }
    return sb.append(close).toString();
  }
}
