package io.mneme.jepsen.report;

import io.mneme.jepsen.RunOptions;
import io.mneme.jepsen.checker.CheckResult;
import io.mneme.jepsen.history.Json;
import io.mneme.jepsen.history.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: a self-contained page (inline SVG, no scripts, no network) with the verdict,
 * a timeline of operations per worker and of faults, and latency over time coloured by
 * outcome, fault intervals shaded.
 */
public final class HtmlReport {
  private static final int WIDTH_PX = 1200;
  private static final int LANE_PX = 8;
  private static final int PLOT_HEIGHT_PX = 320;
  private static final int MARGIN_PX = 50;
  /** Beyond this many operations, only every k-th is drawn, to keep the page light. */
  private static final int DRAWN_OPS_MAX = 20_000;
  private static final String[] FAULT_COLOURS = {"#f4a261", "#8ecae6", "#cdb4db", "#b7e4c7",
      "#ff0000"};

  private HtmlReport() {}

  /** A completed operation, for drawing. */
  private record Span(int process, String f, String key, Object value, Op.Type type,
      long startNs, long endNs) {}

  /** A fault interval. */
  private record Interval(String fault, String what, long startNs, long endNs) {}

  /** Writes the report. */
  public static void write(Path file, RunOptions o, CheckResult r, List<Op> ops, int exitCode)
      throws IOException {
    List<Span> spans = spans(ops);
    List<Interval> faults = intervals(ops);
    long end = ops.isEmpty() ? 1 : Math.max(1, ops.get(ops.size() - 1).time());
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html><head><meta charset='utf-8'><title>mneme-jepsen ")
        .append(esc(o.workload())).append("</title><style>")
        .append("body{font-family:sans-serif;margin:20px}pre{background:#f6f6f6;padding:8px;")
        .append("white-space:pre-wrap}.ok{color:#2a9d8f}.bad{color:#e63946}</style></head><body>");
    header(h, o, r, exitCode, spans);
    h.append("<h2>Timeline (one lane per worker; faults shaded)</h2>");
    timeline(h, spans, faults, end, o.concurrency());
    h.append("<h2>Latency over time (log scale)</h2>");
    latency(h, spans, faults, end);
    legend(h, faults);
    h.append("</body></html>\n");
    Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
  }

  private static void header(StringBuilder h, RunOptions o, CheckResult r, int exitCode,
      List<Span> spans) {
    String verdict = r.verdict().name().toLowerCase(Locale.ROOT);
    h.append("<h1>mneme-jepsen: ").append(esc(o.workload())).append(" with ")
        .append(esc(o.nemeses().toString())).append(" — <span class='")
        .append(exitCode == 0 ? "ok" : "bad").append("'>").append(verdict)
        .append("</span> (exit ").append(exitCode).append(")</h1>");
    h.append("<p>seed ").append(o.seed()).append(", ").append(o.timeLimitSeconds())
        .append(" s, concurrency ").append(o.concurrency()).append(", ").append(o.nodes())
        .append(" nodes, node config ").append(esc(o.nodeConfig().toString())).append(", ")
        .append(spans.size()).append(" operations</p>");
    h.append("<pre>").append(esc(r.summary())).append("</pre>");
    h.append("<details><summary>checker details</summary><pre>")
        .append(esc(Json.write(r.details()))).append("</pre></details>");
  }

  private static void timeline(StringBuilder h, List<Span> spans, List<Interval> faults,
      long end, int concurrency) {
    int lanes = concurrency + 1;
    int height = lanes * LANE_PX + 2 * MARGIN_PX;
    svgOpen(h, height);
    shade(h, faults, end, height);
    int step = Math.max(1, spans.size() / DRAWN_OPS_MAX);
    for (int i = 0; i < spans.size(); i += step) {
      Span s = spans.get(i);
      int lane = s.process() >= concurrency * 1000 ? concurrency : s.process() % concurrency;
      double x0 = x(s.startNs(), end);
      double w = Math.max(1, x(s.endNs(), end) - x0);
      h.append(String.format(Locale.ROOT,
          "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s'><title>%s</title></rect>",
          x0, MARGIN_PX + lane * LANE_PX, w, LANE_PX - 2, colour(s.type()), esc(describe(s))));
    }
    for (int lane = 0; lane < lanes; lane++) {
      h.append(String.format(Locale.ROOT, "<text x='2' y='%d' font-size='8'>%s</text>",
          MARGIN_PX + lane * LANE_PX + LANE_PX - 2, lane < concurrency ? "w" + lane : "final"));
    }
    axis(h, end, height);
    h.append("</svg>");
  }

  private static void latency(StringBuilder h, List<Span> spans, List<Interval> faults,
      long end) {
    int height = PLOT_HEIGHT_PX + 2 * MARGIN_PX;
    svgOpen(h, height);
    shade(h, faults, end, height);
    double maxMs = 1;
    for (Span s : spans) {
      maxMs = Math.max(maxMs, (s.endNs() - s.startNs()) / 1e6);
    }
    double logMax = Math.log10(maxMs) + 0.1;
    double logMin = -1;
    int step = Math.max(1, spans.size() / DRAWN_OPS_MAX);
    for (int i = 0; i < spans.size(); i += step) {
      Span s = spans.get(i);
      double ms = Math.max(0.1, (s.endNs() - s.startNs()) / 1e6);
      double y = MARGIN_PX + PLOT_HEIGHT_PX
          * (1 - (Math.log10(ms) - logMin) / (logMax - logMin));
      h.append(String.format(Locale.ROOT,
          "<circle cx='%.1f' cy='%.1f' r='1.6' fill='%s'><title>%s</title></circle>",
          x(s.startNs(), end), y, colour(s.type()), esc(describe(s) + " " + ms + " ms")));
    }
    for (double ms = 0.1; ms <= Math.pow(10, logMax); ms *= 10) {
      double y = MARGIN_PX + PLOT_HEIGHT_PX * (1 - (Math.log10(ms) - logMin) / (logMax - logMin));
      h.append(String.format(Locale.ROOT, "<text x='2' y='%.1f' font-size='10'>%s ms</text>",
          y, ms < 1 ? "0.1" : Long.toString(Math.round(ms))));
    }
    axis(h, end, height);
    h.append("</svg>");
  }

  private static void svgOpen(StringBuilder h, int height) {
    h.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(WIDTH_PX + 2 * MARGIN_PX)
        .append("' height='").append(height).append("' style='border:1px solid #ccc'>");
  }

  private static void shade(StringBuilder h, List<Interval> faults, long end, int height) {
    Map<String, String> colours = faultColours(faults);
    for (Interval f : faults) {
      double x0 = x(f.startNs(), end);
      h.append(String.format(Locale.ROOT, "<rect x='%.1f' y='0' width='%.1f' height='%d' "
          + "fill='%s' opacity='0.35'><title>%s</title></rect>", x0,
          Math.max(1, x(f.endNs(), end) - x0), height, colours.get(f.fault()),
          esc(f.fault() + ": " + f.what())));
    }
  }

  private static void axis(StringBuilder h, long end, int height) {
    long seconds = end / 1_000_000_000L;
    long tick = Math.max(1, seconds / 10);
    for (long s = 0; s <= seconds; s += tick) {
      h.append(String.format(Locale.ROOT,
          "<text x='%.1f' y='%d' font-size='10'>%d s</text>", x(s * 1_000_000_000L, end),
          height - 10, s));
    }
  }

  private static void legend(StringBuilder h, List<Interval> faults) {
    h.append("<p>Operations: <span style='color:#2a9d8f'>■ ok</span> "
        + "<span style='color:#e63946'>■ fail</span> <span style='color:#999'>■ info "
        + "(indeterminate)</span>. Faults: ");
    faultColours(faults).forEach((f, c) -> h.append("<span style='color:").append(c)
        .append("'>■ ").append(esc(f)).append("</span> "));
    h.append("</p><h2>Faults</h2><pre>");
    for (Interval f : faults) {
      h.append(String.format(Locale.ROOT, "%8.2f s .. %8.2f s  %-10s %s%n", f.startNs() / 1e9,
          f.endNs() / 1e9, esc(f.fault()), esc(f.what())));
    }
    h.append("</pre>");
  }

  private static Map<String, String> faultColours(List<Interval> faults) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (Interval f : faults) {
      m.putIfAbsent(f.fault(), FAULT_COLOURS[m.size() % FAULT_COLOURS.length]);
    }
    return m;
  }

  private static double x(long ns, long end) {
    return MARGIN_PX + WIDTH_PX * (double) ns / end;
  }

  private static String colour(Op.Type t) {
    return switch (t) {
      case OK -> "#2a9d8f";
      case FAIL -> "#e63946";
      default -> "#999";
    };
  }

  private static String describe(Span s) {
    return "p" + s.process() + " " + s.f() + " " + s.key() + " " + s.value() + " "
        + s.type().json();
  }

  private static List<Span> spans(List<Op> ops) {
    Map<Integer, Op> open = new HashMap<>();
    List<Span> out = new ArrayList<>();
    for (Op op : ops) {
      if (op.process() == Op.NEMESIS) {
        continue;
      }
      if (op.isInvoke()) {
        open.put(op.process(), op);
      } else {
        Op inv = open.remove(op.process());
        if (inv != null) {
          Object v = op.value() != null ? op.value() : inv.value();
          out.add(new Span(op.process(), op.f(), op.key(), shorten(v), op.type(), inv.time(),
              op.time()));
        }
      }
    }
    return out;
  }

  private static Object shorten(Object v) {
    return v instanceof List<?> l && l.size() > 5 ? "[" + l.size() + " elements]" : v;
  }

  /** Pairs "X-start" with the next "X-stop" of the same fault. */
  private static List<Interval> intervals(List<Op> ops) {
    Map<String, Op> open = new HashMap<>();
    List<Interval> out = new ArrayList<>();
    long end = ops.isEmpty() ? 0 : ops.get(ops.size() - 1).time();
    for (Op op : ops) {
      if (op.process() != Op.NEMESIS || op.f() == null) {
        continue;
      }
      if (op.f().equals("crash")) {
        // A node that exited on its own: a thin mark, listed with the faults.
        out.add(new Interval("crash", String.valueOf(op.value()), op.time(), op.time()));
      } else if (op.f().endsWith("-start")) {
        open.put(op.f().substring(0, op.f().length() - "-start".length()), op);
      } else if (op.f().endsWith("-stop")) {
        String name = op.f().substring(0, op.f().length() - "-stop".length());
        Op s = open.remove(name);
        if (s != null) {
          out.add(new Interval(name, String.valueOf(s.value()), s.time(), op.time()));
        }
      }
    }
    open.forEach((n, s) -> out.add(new Interval(n, String.valueOf(s.value()), s.time(), end)));
    return out;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("'", "&#39;").replace("\"", "&quot;");
  }
}
