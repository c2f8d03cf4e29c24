package io.mneme.jepsen.report;

import io.mneme.jepsen.RunOptions;
import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.history.Json;
import io.mneme.jepsen.history.Op;
import io.mneme.jepsen.nemesis.Schedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes results.json: the verdict per workload and key, with the figures of the run. */
public final class Results {
  private Results() {}

  /** Writes the results of a completed run. */
  public static void write(Path file, RunOptions o, CheckResult r, List<Op> ops,
      List<Schedule.Event> schedule, Map<String, Integer> errors, List<String> crashes,
      String broken, long checkMs, int exitCode) throws IOException {
    Map<String, Object> m = header(o);
    m.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
    m.put("valid", switch (r.verdict()) {
      case VALID -> (Object) Boolean.TRUE;
      case INVALID -> Boolean.FALSE;
      case UNKNOWN -> "unknown";
    });
    m.put("exit-code", exitCode);
    m.put("broken", broken);
    m.put("summary", r.summary());
    m.put("check-millis", checkMs);
    m.put("ops-total", ops.stream().filter(op -> op.process() != Op.NEMESIS && !op.isInvoke())
        .count());
    m.put("ops", counts(ops));
    m.put("errors", new TreeMap<>(errors));
    m.put("node-crashes", crashes);
    m.put("faults", faults(ops));
    m.put("schedule", scheduleJson(schedule));
    m.put(o.workload(), r.details());
    Files.writeString(file, Json.write(m) + "\n", StandardCharsets.UTF_8);
  }

  /** Writes the results of a run that broke before it could be checked. */
  public static void writeBroken(Path file, RunOptions o, String why) throws IOException {
    Map<String, Object> m = header(o);
    m.put("verdict", "unknown");
    m.put("valid", "unknown");
    m.put("exit-code", 2);
    m.put("broken", why);
    Files.writeString(file, Json.write(m) + "\n", StandardCharsets.UTF_8);
  }

  private static Map<String, Object> header(RunOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workload", o.workload());
    m.put("nemesis", o.nemeses());
    m.put("seed", o.seed());
    m.put("time-limit", o.timeLimitSeconds());
    m.put("concurrency", o.concurrency());
    m.put("nodes", o.nodes());
    m.put("node-config", o.nodeConfig());
    return m;
  }

  /** Completions by function and type, e.g. {"write": {"ok": 10, "info": 2}}. */
  static Map<String, Object> counts(List<Op> ops) {
    Map<String, Object> byF = new TreeMap<>();
    for (Op op : ops) {
      if (op.process() == Op.NEMESIS || op.isInvoke()) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Integer> t = (Map<String, Integer>) byF.computeIfAbsent(op.f(),
          k -> new TreeMap<String, Integer>());
      t.merge(op.type().json(), 1, Integer::sum);
    }
    return byF;
  }

  private static List<Object> faults(List<Op> ops) {
    List<Object> out = new ArrayList<>();
    for (Op op : ops) {
      if (op.process() == Op.NEMESIS) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time-ms", op.time() / 1_000_000L);
        e.put("f", op.f());
        e.put("value", op.value());
        out.add(e);
      }
    }
    return out;
  }

  private static List<Object> scheduleJson(List<Schedule.Event> schedule) {
    List<Object> out = new ArrayList<>();
    for (Schedule.Event e : schedule) {
      out.add(Map.of("at-ms", e.atMillis(), "fault", e.fault(), "action",
          e.inject() ? "start" : "stop"));
    }
    return out;
  }
}
