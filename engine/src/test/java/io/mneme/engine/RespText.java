package io.mneme.engine;

import java.nio.charset.StandardCharsets;

/**
 * Renders a Reply as the exact RESP2 or RESP3 bytes resp/'s RespEncoder writes (one byte per
 * char, ISO-8859-1), so engine replies can be compared with bytes recorded from redis-server.
 * The engine's tests cannot use resp/ itself; this mirrors its rules.
 */
final class RespText {
  private RespText() {}

  static String render(Reply r, int protocol) {
    StringBuilder sb = new StringBuilder();
    write(r, protocol == 3, sb);
    return sb.toString();
  }

  private static void write(Reply r, boolean resp3, StringBuilder sb) {
    if (r instanceof Reply.Bulk b) {
      bulk(b.bytes(), sb);
    } else if (r instanceof Reply.Simple s) {
      sb.append('+').append(s.text()).append("\r\n");
    } else if (r instanceof Reply.Err e) {
      sb.append('-').append(e.text()).append("\r\n");
    } else if (r instanceof Reply.Int i) {
      sb.append(':').append(i.value()).append("\r\n");
    } else if (r instanceof Reply.Arr a) {
      aggregate('*', a.items(), a.items().length, resp3, sb);
    } else if (r instanceof Reply.Null n) {
      sb.append(resp3 ? "_" : n.array() ? "*-1" : "$-1").append("\r\n");
    } else if (r instanceof Reply.Dbl d) {
      doubleText(Doubles.format(d.value()), resp3, sb);
    } else if (r instanceof Reply.DblText d) {
      doubleText(d.text(), resp3, sb);
    } else if (r instanceof Reply.Pairs p) {
      pairs(p.flat(), resp3, sb);
    } else if (r instanceof Reply.MapReply m) {
      Reply[] kv = m.keysAndValues();
      aggregate(resp3 ? '%' : '*', kv, resp3 ? kv.length / 2 : kv.length, resp3, sb);
    } else if (r instanceof Reply.SetReply s) {
      aggregate(resp3 ? '~' : '*', s.items(), s.items().length, resp3, sb);
    } else if (r instanceof Reply.Bool b) {
      sb.append(resp3 ? (b.value() ? "#t" : "#f") : (b.value() ? ":1" : ":0")).append("\r\n");
    } else {
      throw new IllegalArgumentException("cannot render " + r);
    }
  }

  private static void bulk(byte[] bytes, StringBuilder sb) {
    sb.append('$').append(bytes.length).append("\r\n")
        .append(new String(bytes, StandardCharsets.ISO_8859_1)).append("\r\n");
  }

  private static void doubleText(String text, boolean resp3, StringBuilder sb) {
    if (resp3) {
      sb.append(',').append(text).append("\r\n");
    } else {
      bulk(text.getBytes(StandardCharsets.ISO_8859_1), sb);
    }
  }

  private static void pairs(Reply[] flat, boolean resp3, StringBuilder sb) {
    if (!resp3) {
      aggregate('*', flat, flat.length, false, sb);
      return;
    }
    sb.append('*').append(flat.length / 2).append("\r\n");
    for (int i = 0; i < flat.length; i += 2) {
      sb.append("*2\r\n");
      write(flat[i], true, sb);
      write(flat[i + 1], true, sb);
    }
  }

  private static void aggregate(char prefix, Reply[] items, int count, boolean resp3,
      StringBuilder sb) {
    sb.append(prefix).append(count).append("\r\n");
    for (Reply item : items) {
      write(item, resp3, sb);
    }
  }
}
