package io.mneme.jepsen.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes history.jsonl: one JSON object per event,
 * {"index":I,"process":P,"type":"invoke|ok|fail|info","f":F,"key":K,"value":V,"time":NANOS}.
 * The nemesis's process is written as the string "nemesis", as Jepsen does.
 */
public final class HistoryFile {
  private static final String NEMESIS_NAME = "nemesis";

  private HistoryFile() {}

  /** Writes the history to {@code file}. */
  public static void write(Path file, List<Op> ops) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Op op : ops) {
        w.write(toJson(op));
        w.write('\n');
      }
    }
  }

  /** The JSON object of one event. */
  public static String toJson(Op op) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", op.index());
    m.put("process", op.process() == Op.NEMESIS ? NEMESIS_NAME : (Object) op.process());
    m.put("type", op.type().json());
    m.put("f", op.f());
    m.put("key", op.key());
    m.put("value", op.value());
    m.put("time", op.time());
    return Json.write(m);
  }

  /** Reads a history written by {@link #write}. */
  public static List<Op> read(Path file) throws IOException {
    List<Op> ops = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        ops.add(fromJson(line));
      }
    }
    return ops;
  }

  /** Parses one line of history.jsonl. */
  public static Op fromJson(String line) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse(line);
    Object p = m.get("process");
    int process = NEMESIS_NAME.equals(p) ? Op.NEMESIS : ((Number) p).intValue();
    Object key = m.get("key");
    return new Op(((Number) m.get("index")).intValue(), process,
        Op.Type.parse((String) m.get("type")), (String) m.get("f"),
        key == null ? null : key.toString(), m.get("value"), ((Number) m.get("time")).longValue());
  }
}
