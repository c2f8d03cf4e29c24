package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Replays random command sequences recorded against redis-server 7.0.15 and compares every
 * reply. Each resource line is the command (arguments in hex, or "~id:len" for a long pattern
 * whose byte i is (id * 31 + i * 7) & 0xff), " => ", and Redis's RESP2 reply rendered as
 * {@link #render} does. A blocking command that finds nothing answers what Redis answered on
 * its short timeout (a null array), which is what the server layer sends when it times out.
 */
class RedisDiffTest extends EngineTestBase {
  /** Bulk replies longer than this are compared by a prefix of their SHA-256. */
  private static final int BULK_INLINE_BYTES_MAX = 64;
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void lists() throws IOException {
    replay("diff-lists.txt", false);
  }

  @Test
  void bitmaps() throws IOException {
    replay("diff-bits.txt", false);
  }

  /**
   * SORT, SORT_RO, DUMP, RESTORE, OBJECT and MEMORY USAGE, recorded on a redis-server in cluster
   * mode (record_keys_diff.py); RESTOREs carry payloads redis-server dumped, of every type and
   * encoding, so the engine must load Redis's own format.
   */
  @Test
  void keys() throws IOException {
    replay("diff-keys.txt", false);
  }

  /** GETs of HLLs mask the cached count, which only Redis writes (on PFCOUNT). */
  @Test
  void hyperLogLogs() throws IOException {
    replay("diff-hll.txt", true);
  }

  private void replay(String resource, boolean maskHllCache) throws IOException {
    int n = 0;
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      assertTrue(in != null, resource);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine(), n++) {
        int arrow = line.indexOf(" => ");
        byte[][] argv = parseArgs(line.substring(0, arrow));
        Reply reply = runArgv(argv);
        boolean mask = maskHllCache && Parse.is(argv[0], "get");
        assertEquals(line.substring(arrow + 4), render(reply, mask),
            resource + ":" + (n + 1) + " " + line.substring(0, Math.min(arrow, 200)));
        checkLists();
      }
    }
    assertTrue(n > 100, "too few commands in " + resource);
  }

  private void checkLists() {
    engine.keyspace.forEach(e -> {
      if (e.value instanceof ListValue l) {
        l.checkInvariants();
      }
    });
  }

  private Reply runArgv(byte[][] a) {
    Reply rejected = engine.commands().reject(a);
    if (rejected != null) {
      return rejected;
    }
    CommandSpec spec = engine.commands().resolve(a);
    Reply r = spec.isWrite() ? engine.write(a, now, 42) : engine.read(a, now);
    return r instanceof Reply.Blocked ? Reply.NULL_ARRAY : r;
  }

  static byte[][] parseArgs(String s) {
    String[] parts = s.split(" ", -1);
    byte[][] argv = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.startsWith("~")) {
        int colon = p.indexOf(':');
        int id = Integer.parseInt(p.substring(1, colon));
        byte[] b = new byte[Integer.parseInt(p.substring(colon + 1))];
        for (int j = 0; j < b.length; j++) {
          b[j] = (byte) (id * 31 + j * 7);
        }
        argv[i] = b;
      } else {
        argv[i] = HEX.parseHex(p);
      }
    }
    return argv;
  }

  static String render(Reply r, boolean maskHllCache) {
    if (r instanceof Reply.Simple s) {
      return "+" + s.text();
    } else if (r instanceof Reply.Err e) {
      return "-" + e.text();
    } else if (r instanceof Reply.Int i) {
      return ":" + i.value();
    } else if (r instanceof Reply.Null n) {
      return n.array() ? "*-1" : "$-1";
    } else if (r instanceof Reply.Bulk b) {
      byte[] v = b.bytes();
      if (maskHllCache && v.length >= HyperLogLog.HEADER_BYTES) {
        v = v.clone();
        java.util.Arrays.fill(v, 8, HyperLogLog.HEADER_BYTES, (byte) 0);
      }
      return v.length > BULK_INLINE_BYTES_MAX ? "$#" + sha(v).substring(0, 16)
          : "$" + HEX.formatHex(v);
    } else if (r instanceof Reply.Pairs p) {
      return render(new Reply.Arr(p.flat()), maskHllCache); // flat in RESP2
    } else if (r instanceof Reply.MapReply m) {
      return render(new Reply.Arr(m.keysAndValues()), maskHllCache);
    } else if (r instanceof Reply.Dbl d) {
      return render(Reply.bulk(Doubles.format(d.value())), maskHllCache);
    } else if (r instanceof Reply.SetReply set) {
      return render(new Reply.Arr(set.items()), maskHllCache); // an array in RESP2
    } else if (r instanceof Reply.Arr a) {
      StringBuilder sb = new StringBuilder("*[");
      for (int i = 0; i < a.items().length; i++) {
        sb.append(i == 0 ? "" : ",").append(render(a.items()[i], maskHllCache));
      }
      return sb.append(']').toString();
    }
    throw new AssertionError("unexpected reply " + r);
  }

  private static String sha(byte[] v) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(v));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
