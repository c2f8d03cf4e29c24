package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the sorted set and geo scenarios recorded from redis-server 7.0.15 (see
 * src/test/python/record_zset_transcript.py) and compares every reply byte for byte, in RESP2
 * and in RESP3. Each scenario runs on a fresh engine, as it ran after FLUSHALL.
 */
class ZSetTranscriptTest {
  private static final String FILE = "/transcripts/zset-geo-7.0.15.jsonl";

  /** One recorded command: arguments and the exact reply bytes in both protocols. */
  record Step(byte[][] argv, String resp2, String resp3) {}

  @SuppressWarnings("unchecked")
  static Map<String, List<Step>> load() throws IOException {
    Map<String, List<Step>> scenarios = new LinkedHashMap<>();
    try (InputStream in = ZSetTranscriptTest.class.getResourceAsStream(FILE)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        List<Object> row = (List<Object>) MiniJson.parse(line);
        List<Object> args = (List<Object>) row.get(1);
        byte[][] argv = new byte[args.size()][];
        for (int i = 0; i < argv.length; i++) {
          argv[i] = ((String) args.get(i)).getBytes(StandardCharsets.ISO_8859_1);
        }
        scenarios.computeIfAbsent((String) row.get(0), k -> new ArrayList<>())
            .add(new Step(argv, (String) row.get(2), (String) row.get(3)));
      }
    }
    return scenarios;
  }

  /** Runs argv as the server would: reject first, then write or read by the command's kind. */
  static Reply run(Engine engine, byte[][] argv, long now) {
    Reply rejected = engine.commands().reject(argv);
    if (rejected != null) {
      return rejected;
    }
    CommandSpec spec = engine.commands().resolve(argv);
    return spec.isWrite() ? engine.write(argv, now, 7) : engine.read(argv, now);
  }

  @TestFactory
  List<DynamicTest> replay() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, List<Step>> s : load().entrySet()) {
      tests.add(DynamicTest.dynamicTest(s.getKey(), () -> {
        Engine engine = new Engine();
        for (Step step : s.getValue()) {
          Reply r = run(engine, step.argv, 1_000_000);
          String cmd = new String(String.join(" ", render(step.argv)));
          assertEquals(step.resp2, RespText.render(r, 2), cmd + " (RESP2)");
          assertEquals(step.resp3, RespText.render(r, 3), cmd + " (RESP3)");
        }
        KeyspaceValidator.check(engine.keyspace);
        ZSetTestSupport.checkAll(engine);
      }));
    }
    return tests;
  }

  private static List<String> render(byte[][] argv) {
    List<String> out = new ArrayList<>();
    for (byte[] a : argv) {
      out.add(new String(a, StandardCharsets.ISO_8859_1));
    }
    return out;
  }
}
