package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Replays stream command scripts recorded against redis-server 7.0.15 (by stream-differential.py,
 * next to the recording) and compares every reply in its RESP2 shape; every 200 commands it also
 * checks each stream's invariants and codec round trip. The scripts use explicit
 * IDs and minimum idle times of 0, so Redis's clock does not show in the replies; XPENDING's
 * idle times are masked.
 */
class StreamDifferentialTest extends EngineTestBase {
  private static final String RECORDING = "stream-differential.txt.gz";

  @Test
  void matchesRecordedRedisReplies() throws IOException {
    // -Dstream.differential=file replays another recording (plain or gzipped).
    String override = System.getProperty("stream.differential");
    String name = override != null ? override : RECORDING;
    try (InputStream raw = override != null ? Files.newInputStream(Path.of(override))
        : getClass().getResourceAsStream(RECORDING);
        InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        int tab = line.indexOf('\t');
        String[] cmd = line.substring(0, tab).split(" ");
        Reply reply;
        try {
          reply = run(cmd);
        } catch (RuntimeException e) {
          throw new AssertionError("line " + n + ": " + line.substring(0, tab), e);
        }
        assertEquals(line.substring(tab + 1), resp2(mask(cmd, reply)), "line " + n + ": "
            + line.substring(0, tab));
        now++;
        if (n % 200 == 0) {
          checkStreams();
        }
      }
      assertTrue(n > 1000, "only " + n + " lines replayed");
      System.out.println(name + ": " + n + " replies match");
    }
  }

  private void checkStreams() {
    engine.keyspace.forEach(e -> {
      if (e.value instanceof StreamValue s) {
        s.checkInvariants();
        StreamValue copy = (StreamValue) ValueCodec.decode(ValueCodec.encode(s));
        copy.checkInvariants();
      }
    });
  }

  /** XPENDING's extended form reports idle times, which depend on Redis's clock. */
  private static Reply mask(String[] cmd, Reply reply) {
    if (!cmd[0].equals("xpending") || cmd.length <= 3 || !(reply instanceof Reply.Arr a)) {
      return reply;
    }
    Reply[] out = a.items().clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Reply.Arr item && item.items().length == 4) {
        Reply[] x = item.items().clone();
        x[2] = new Reply.Simple("?");
        out[i] = new Reply.Arr(x);
      }
    }
    return new Reply.Arr(out);
  }

  /** The reply as redis-cli's raw RESP2 would carry it, in the recording's notation. */
  static String resp2(Reply r) {
    if (r instanceof Reply.Simple s) {
      return "+" + s.text();
    } else if (r instanceof Reply.Err e) {
      return "-" + e.text();
    } else if (r instanceof Reply.Int i) {
      return ":" + i.value();
    } else if (r instanceof Reply.Bulk b) {
      return "\"" + new String(b.bytes(), StandardCharsets.UTF_8) + "\"";
    } else if (r instanceof Reply.Null n) {
      return n.array() ? "*-1" : "$-1";
    } else if (r instanceof Reply.Arr a) {
      return list(a.items());
    } else if (r instanceof Reply.MapReply m) {
      return list(m.keysAndValues());
    } else if (r instanceof Reply.PairMap m) {
      Reply[] kv = m.keysAndValues();
      Reply[] pairs = new Reply[kv.length / 2];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = Reply.array(kv[2 * i], kv[2 * i + 1]);
      }
      return list(pairs);
    }
    return r.toString();
  }

  private static String list(Reply[] items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(resp2(items[i]));
    }
    return sb.append(']').toString();
  }
}
