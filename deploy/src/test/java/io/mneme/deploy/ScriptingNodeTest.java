package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** EVAL, EVALSHA and FCALL through Jedis on one node in this JVM, across restarts. */
class ScriptingNodeTest {
  private static final int PORT = 8480;
  private static final String LIBRARY = "#!lua name=shop\n"
      + "redis.register_function('buy', function(keys, args)\n"
      + "  local left = tonumber(redis.call('get', keys[1]) or '0')\n"
      + "  if left < tonumber(args[1]) then return redis.error_reply('SOLDOUT') end\n"
      + "  return redis.call('decrby', keys[1], args[1])\n"
      + "end)\n"
      + "redis.register_function{function_name='stock', callback=function(keys)\n"
      + "  return redis.call('get', keys[1]) end, flags={'no-writes'}}\n";
  private static final String CAS = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('set', KEYS[1], ARGV[2]) else return false end";

  @TempDir
  Path dir;
  private MnemeServer server;

  private void start() throws Exception {
    server = InJvmNode.start(PORT, dir, "--snapshot-every-entries", "1000000",
        "--raft-log-segment-bytes", "65536");
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private void restart() throws Exception {
    server.close();
    server = null;
    start();
  }

  @Test
  void scriptsAndFunctionsWorkThroughJedis() throws Exception {
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      jedis.set("item", "old");
      assertEquals("OK", jedis.eval(CAS, List.of("item"), List.of("old", "new")));
      assertEquals(null, jedis.eval(CAS, List.of("item"), List.of("old", "newer")));
      assertEquals("new", jedis.get("item"));
      assertEquals(List.of(1L, "two", List.of(3L)),
          jedis.eval("return {1, 'two', {3.9}}"));
      assertEquals("new", jedis.evalReadonly("return redis.call('get', KEYS[1])",
          List.of("item"), List.of()));
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> jedis.evalReadonly("return redis.call('set', KEYS[1], 'x')", List.of("item"),
              List.of()));
      assertTrue(e.getMessage().startsWith(
          "ERR Write commands are not allowed from read-only scripts."), e.getMessage());
      assertEquals("shop", jedis.functionLoad(LIBRARY));
      jedis.set("apples", "10");
      assertEquals(7L, jedis.fcall("buy", List.of("apples"), List.of("3")));
      assertEquals("7", jedis.fcallReadonly("stock", List.of("apples"), List.of()));
      // a no-writes function called with FCALL takes the read path, with the same answer
      assertEquals("7", jedis.fcall("stock", List.of("apples"), List.of()));
      e = assertThrows(JedisDataException.class,
          () -> jedis.fcall("buy", List.of("apples"), List.of("8")));
      assertEquals("ERR SOLDOUT", e.getMessage()); // redis.error_reply adds the code
      e = assertThrows(JedisDataException.class, () -> jedis.scriptKill());
      assertEquals("NOTBUSY No scripts in execution right now.", e.getMessage());
    }
  }

  /**
   * EVAL_RO caches its script as EVAL does (redis-server 7.0.15 runs EVALSHA of it next), a
   * script that tries to write too; inside MULTI as well.
   */
  @Test
  void evalRoCachesItsScriptForEvalsha() throws Exception {
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      String read = "return 'ro'";
      assertEquals("ro", jedis.evalReadonly(read, List.of(), List.of()));
      assertEquals("ro", jedis.evalsha(sha1(read)));
      String write = "return redis.call('set', KEYS[1], 'w')";
      assertEquals(false, jedis.scriptExists(sha1(write)));
      assertThrows(JedisDataException.class,
          () -> jedis.evalReadonly(write, List.of("k"), List.of()));
      assertEquals(true, jedis.scriptExists(sha1(write)));
      assertEquals("OK", jedis.evalsha(sha1(write), List.of("k"), List.of()));
      String inBlock = "return 'in a block'";
      redis.clients.jedis.Transaction t = jedis.multi();
      t.evalReadonly(inBlock, List.of(), List.of());
      assertEquals(List.of("in a block"), t.exec());
      assertEquals("in a block", jedis.evalsha(sha1(inBlock)));
    }
  }

  /**
   * The node gives a script's entry the slots its shard owns (here all of them): a script
   * without a shebang may then touch keys of several slots, as redis-server 7.0.15 in cluster
   * mode allows for local slots; one with a shebang keeps to one slot.
   */
  @Test
  void scriptsWithoutAShebangMayTouchSeveralOwnedSlots() throws Exception {
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      String both = "redis.call('set', 'a', 1) return redis.call('set', 'b', 2)";
      assertEquals("OK", jedis.eval(both));
      assertEquals("2", jedis.get("b"));
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> jedis.eval("#!lua\n" + both));
      assertTrue(e.getMessage().startsWith(
          "ERR Script attempted to access keys that do not hash to the same slot"),
          e.getMessage());
      redis.clients.jedis.Transaction t = jedis.multi();
      t.eval(both.replace("2", "3"));
      assertEquals(List.of("OK"), t.exec());
      assertEquals("3", jedis.get("b"));
    }
  }

  private static String sha1(String body) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-1")
        .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(d);
  }

  @Test
  void evalshaAndFunctionsSurviveRestartsFromTheLogAndFromASnapshot() throws Exception {
    start();
    String sha;
    String shaAfterSnapshot;
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      sha = jedis.scriptLoad(CAS);
      jedis.functionLoad(LIBRARY);
      jedis.set("apples", "10");
      for (int i = 0; i < 2000; i++) {
        jedis.set("filler" + i, "x".repeat(40));
      }
      assertEquals("Background saving started", jedis.bgsave());
      InJvmNode.awaitSnapshotAndPurge(dir);
      shaAfterSnapshot = jedis.scriptLoad("return 'after the snapshot'");
    }
    restart();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      assertEquals(List.of(true, true), jedis.scriptExists(sha, shaAfterSnapshot));
      jedis.set("item", "a");
      assertEquals("OK", jedis.evalsha(sha, List.of("item"), List.of("a", "b")));
      assertEquals("after the snapshot", jedis.evalsha(shaAfterSnapshot));
      assertEquals(9L, jedis.fcall("buy", List.of("apples"), List.of("1")));
      jedis.scriptFlush();
      jedis.functionFlush();
    }
    restart();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> jedis.evalsha(sha, List.of("item"), List.of("b", "c")));
      assertEquals("NOSCRIPT No matching script. Please use EVAL.", e.getMessage());
      e = assertThrows(JedisDataException.class,
          () -> jedis.fcall("buy", List.of("apples"), List.of("1")));
      assertEquals("ERR Function not found", e.getMessage());
    }
  }
}
