package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DUMP payloads between the engine and a real redis-server 7.0 (started here when installed):
 * every type and encoding the engine dumps must RESTORE into Redis and read back the same, and
 * Redis's dump of it must RESTORE here. Hostile payloads with valid checksums must be refused
 * with an error reply, never an exception, and leave the keyspace valid.
 */
class DumpInteropTest extends EngineTestBase {
  private static final HexFormat HEX = HexFormat.of();
  /** Random corruptions tried per payload. */
  private static final int MUTATIONS_PER_PAYLOAD = 300;

  /** Commands that build a key "v", and the commands (on "v") that read it back. */
  record Case(List<String[]> build, List<String[]> reads) {}

  private static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    add(out, one(new String[] {"set", "v", "hello"}), new String[] {"get", "v"});
    add(out, one(new String[] {"set", "v", "-123"}), new String[] {"get", "v"});
    add(out, one(new String[] {"set", "v", "9223372036854775807"}), new String[] {"get", "v"});
    add(out, one(new String[] {"set", "v", "xy".repeat(2000)}), new String[] {"get", "v"});
    add(out, one(push("rpush", 5, 1)), new String[] {"lrange", "v", "0", "-1"});
    add(out, one(push("rpush", 3000, 3)), new String[] {"lrange", "v", "0", "-1"});
    add(out, one(new String[] {"rpush", "v", "a", "z".repeat(12000), "b"}),
        new String[] {"lrange", "v", "0", "-1"});
    add(out, one(new String[] {"sadd", "v", "1", "-5", "70000", "-9223372036854775808"}),
        new String[] {"smembers", "v"});
    add(out, one(push("sadd", 600, 0)), new String[] {"scard", "v"},
        new String[] {"sismember", "v", "599"});
    add(out, one(new String[] {"sadd", "v", "a", "b", "3"}), new String[] {"scard", "v"},
        new String[] {"sismember", "v", "a"});
    add(out, one(new String[] {"zadd", "v", "1", "a", "2.5", "b", "-inf", "c", "inf", "d",
        "-0", "e", "1e-300", "f"}), new String[] {"zrange", "v", "0", "-1", "withscores"});
    add(out, one(zadd(200)), new String[] {"zrange", "v", "0", "-1", "withscores"});
    add(out, one(new String[] {"hset", "v", "f", "1", "g", "", "h", "-77"}),
        new String[] {"hgetall", "v"});
    add(out, one(hset(600)), new String[] {"hlen", "v"}, new String[] {"hget", "v", "f77"});
    add(out, one(new String[] {"hset", "v", "f", "q".repeat(65)}),
        new String[] {"hgetall", "v"});
    String[][] streamReads = {{"xrange", "v", "-", "+"}, {"xinfo", "stream", "v"},
        {"xinfo", "groups", "v"}, {"xpending", "v", "g"}};
    add(out, List.of(new String[] {"xadd", "v", "1-1", "a", "1", "b", "2"},
        new String[] {"xadd", "v", "1-2", "a", "3", "b", "4"},
        new String[] {"xadd", "v", "2-0", "c", "-5"}, new String[] {"xdel", "v", "1-2"}),
        streamReads);
    add(out, streamWithGroups(), streamReads);
    return out;
  }

  /** 250 entries over several nodes, two groups, pending entries and an idle consumer. */
  private static List<String[]> streamWithGroups() {
    List<String[]> build = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      build.add(i % 7 == 0 ? new String[] {"xadd", "v", i + "-0", "other", "x".repeat(i)}
          : new String[] {"xadd", "v", i + "-0", "f", Integer.toString(i), "g", "v" + i});
    }
    build.add(new String[] {"xgroup", "create", "v", "g", "0"});
    build.add(new String[] {"xreadgroup", "group", "g", "alice", "count", "3", "streams", "v",
        ">"});
    build.add(new String[] {"xreadgroup", "group", "g", "bob", "count", "2", "streams", "v",
        ">"});
    build.add(new String[] {"xack", "v", "g", "2-0"});
    build.add(new String[] {"xgroup", "createconsumer", "v", "g", "carol"});
    build.add(new String[] {"xgroup", "create", "v", "g2", "$"});
    build.add(new String[] {"xdel", "v", "100-0"});
    return build;
  }

  private static List<String[]> one(String[] command) {
    List<String[]> l = new ArrayList<>();
    l.add(command);
    return l;
  }

  private static void add(List<Case> out, List<String[]> build, String[]... reads) {
    List<String[]> r = new ArrayList<>(List.of(reads));
    r.add(new String[] {"object", "encoding", "v"});
    r.add(new String[] {"type", "v"});
    out.add(new Case(build, r));
  }

  private static String[] push(String cmd, int n, int width) {
    String[] a = new String[n + 2];
    a[0] = cmd;
    a[1] = "v";
    for (int i = 0; i < n; i++) {
      a[i + 2] = width == 0 ? Integer.toString(i) : Integer.toString(i).repeat(width);
    }
    return a;
  }

  private static String[] zadd(int n) {
    String[] a = new String[2 * n + 2];
    a[0] = "zadd";
    a[1] = "v";
    for (int i = 0; i < n; i++) {
      a[2 + 2 * i] = Double.toString(i * 0.25);
      a[3 + 2 * i] = "m" + i;
    }
    return a;
  }

  private static String[] hset(int n) {
    String[] a = new String[2 * n + 2];
    a[0] = "hset";
    a[1] = "v";
    for (int i = 0; i < n; i++) {
      a[2 + 2 * i] = "f" + i;
      a[3 + 2 * i] = Integer.toString(i * 3);
    }
    return a;
  }

  @Test
  void crc64MatchesRedis() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0xe9c6d914c4b8d9caL, Crc64.of(check, 0, check.length));
  }

  @Test
  void everyTypeRoundTripsThroughTheEngine() {
    for (Case c : cases()) {
      engine = new Engine();
      c.build.forEach(this::run);
      byte[] payload = ((Reply.Bulk) run("dump", "v")).bytes();
      List<String> before = reads(c);
      assertEquals("OK", show(engine.write(new byte[][] {bytes("restore"), bytes("v"),
          bytes("0"), payload, bytes("replace")}, now, 1)));
      assertEquals(before, reads(c), String.join(" ", c.build.get(0)));
    }
  }

  private List<String> reads(Case c) {
    List<String> out = new ArrayList<>();
    for (String[] r : c.reads) {
      out.add(RedisDiffTest.render(run(r), false));
    }
    return out;
  }

  @Test
  void corruptPayloadsAreRefusedNeverThrown() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (Case c : cases()) {
      engine = new Engine();
      c.build.forEach(this::run);
      byte[] good = ((Reply.Bulk) run("dump", "v")).bytes();
      for (int i = 0; i < MUTATIONS_PER_PAYLOAD; i++) {
        byte[] bad = mutate(good, rnd);
        Reply r = engine.write(new byte[][] {bytes("restore"), bytes("x"), bytes("0"), bad,
            bytes("replace")}, now, 1);
        assertTrue(r == Reply.OK || r.isError(), show(r));
        if (r == Reply.OK) {
          run("dump", "x"); // whatever was accepted must be a sound value
        }
      }
      KeyspaceValidator.check(engine.keyspace);
    }
  }

  /** Flips, inserts, deletes or truncates a few body bytes, then fixes the checksum. */
  static byte[] mutate(byte[] good, SplittableRandom rnd) {
    int bodyLength = good.length - DumpPayload.FOOTER_BYTES;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(good, 0, bodyLength);
    byte[] b = body.toByteArray();
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = rnd.nextInt(b.length);
      switch (rnd.nextInt(4)) {
        case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> b[at] = (byte) rnd.nextInt(256);
        case 2 -> b = java.util.Arrays.copyOf(b, at);
        default -> {
          byte[] longer = new byte[b.length + 1];
          System.arraycopy(b, 0, longer, 0, at);
          longer[at] = (byte) rnd.nextInt(256);
          System.arraycopy(b, at, longer, at + 1, b.length - at);
          b = longer;
        }
      }
    }
    return withFooter(b);
  }

  static byte[] withFooter(byte[] body) {
    byte[] p = java.util.Arrays.copyOf(body, body.length + DumpPayload.FOOTER_BYTES);
    p[body.length] = (byte) DumpPayload.RDB_VERSION;
    long crc = Crc64.of(p, 0, body.length + 2);
    for (int i = 0; i < Long.BYTES; i++) {
      p[body.length + 2 + i] = (byte) (crc >>> (8 * i));
    }
    return p;
  }

  @Test
  void hostileLengthsAreRefusedBeforeAllocating() {
    // a string claiming 4 GB, an LZF string claiming 1 GB from 3 bytes, a list of 2^32 nodes
    for (String hex : List.of("0080ffffffff", "00c30340000000010203", "1280ffffffff",
        "0281ffffffffffffffff", "0b080300000001000000", "10c0", "00c30381ffffffffffffff00010203",
        "00c30381ffffffff00000000010203", "00c3038140000000010203")) {
      Reply r = engine.write(new byte[][] {bytes("restore"), bytes("x"), bytes("0"),
          withFooter(HEX.parseHex(hex))}, now, 1);
      assertEquals("-ERR Bad data format", show(r), hex);
    }
  }

  // ---- against a live redis-server ----

  @Test
  void payloadsRestoreBothWaysWithRedisServer() throws Exception {
    Assumptions.assumeTrue(redisInstalled(), "redis-server not installed");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
        "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (Resp conn = Resp.connect(port)) {
      for (Case c : cases()) {
        engine = new Engine();
        conn.call("flushall");
        c.build.forEach(this::run);
        byte[] ours = ((Reply.Bulk) run("dump", "v")).bytes();
        assertEquals("+OK", conn.call(bytes("restore"), bytes("v"), bytes("0"), ours));
        for (String[] r : c.reads) {
          assertEquals(RedisDiffTest.render(run(r), false), conn.call(r), String.join(" ", r));
        }
        byte[] theirs = conn.bulk(bytes("dump"), bytes("v"));
        assertNotNull(theirs);
        run("del", "v");
        assertEquals("OK", show(engine.write(new byte[][] {bytes("restore"), bytes("v"),
            bytes("0"), theirs}, now, 1)));
        for (String[] r : c.reads) {
          assertEquals(conn.call(r), RedisDiffTest.render(run(r), false), String.join(" ", r));
        }
      }
    } finally {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean redisInstalled() {
    try {
      Process p = new ProcessBuilder("redis-server", "--version").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A minimal RESP2 client rendering replies as RedisDiffTest does. */
  private static final class Resp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Resp(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static Resp connect(int port) throws Exception {
      for (int i = 0; ; i++) {
        try {
          return new Resp(new Socket("127.0.0.1", port));
        } catch (IOException e) {
          if (i > 100) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
    }

    String call(String... args) throws IOException {
      byte[][] a = new byte[args.length][];
      for (int i = 0; i < args.length; i++) {
        a[i] = bytes(args[i]);
      }
      return call(a);
    }

    String call(byte[]... args) throws IOException {
      send(args);
      return render(read());
    }

    byte[] bulk(byte[]... args) throws IOException {
      send(args);
      return (byte[]) read();
    }

    private void send(byte[][] args) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (byte[] a : args) {
        b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(a);
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(b.toByteArray());
      out.flush();
    }

    /** byte[] for bulks (null for nil), Object[] for arrays, String for the rest. */
    private Object read() throws IOException {
      String line = line();
      char t = line.charAt(0);
      String rest = line.substring(1);
      if (t == '$') {
        int n = Integer.parseInt(rest);
        if (n < 0) {
          return null;
        }
        byte[] b = in.readNBytes(n + 2);
        return java.util.Arrays.copyOf(b, n);
      }
      if (t == '*') {
        Object[] items = new Object[Integer.parseInt(rest)];
        for (int i = 0; i < items.length; i++) {
          items[i] = read();
        }
        return items;
      }
      return line;
    }

    private static String render(Object o) {
      if (o == null) {
        return "$-1";
      } else if (o instanceof byte[] b) {
        return RedisDiffTest.render(new Reply.Bulk(b), false);
      } else if (o instanceof Object[] items) {
        StringBuilder sb = new StringBuilder("*[");
        for (int i = 0; i < items.length; i++) {
          sb.append(i == 0 ? "" : ",").append(render(items[i]));
        }
        return sb.append(']').toString();
      }
      return (String) o;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c != '\r'; c = in.read()) {
        if (c < 0) {
          throw new IOException("closed");
        }
        sb.append((char) c);
      }
      in.read();
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
