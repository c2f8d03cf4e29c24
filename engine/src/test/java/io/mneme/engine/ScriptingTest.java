package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.engine.script.Scripts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scripting beyond the recorded comparison with Redis: determinism across replicas, the
 * instruction budget, SCRIPT KILL, snapshots of the script state, FUNCTION DUMP and RESTORE.
 */
class ScriptingTest extends EngineTestBase {

  private static final String COUNTER_LIB = "#!lua name=counter\n"
      + "local calls = 0\n"
      + "redis.register_function('bump', function(keys, args)\n"
      + "  calls = calls + 1\n"
      + "  return {redis.call('incrby', keys[1], args[1]), calls}\n"
      + "end)\n"
      + "redis.register_function{function_name='peek', callback=function(keys)\n"
      + "  return redis.call('get', keys[1]) end, flags={'no-writes'}}\n";

  /** As the server routes them: by kind (EVAL has no "write" flag but goes through the log). */
  @Override
  Reply run(String... args) {
    byte[][] a = argv(args);
    Reply rejected = engine.commands().reject(a);
    if (rejected != null) {
      return rejected;
    }
    CommandSpec spec = engine.commands().resolve(a);
    return spec.kind() == CommandKind.KEYSPACE_WRITE ? engine.write(a, now, 42)
        : engine.read(a, now);
  }

  @Test
  void evalWritesAndReads() {
    is("OK", "EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v");
    is("\"v\"", "GET", "k");
    is("\"v\"", "EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k");
    // keys a script did not declare are allowed, as in Redis
    is(":1", "EVAL", "return redis.call('incr', 'undeclared')", "0");
  }

  @Test
  void scriptsKeepToOneSlotAsInRedisCluster() {
    String both = "redis.call('set', 'a', 1) return redis.call('set', 'b', 2)";
    err("ERR Script attempted to access keys that do not hash to the same slot script: "
        + Scripts.sha1hex(both.getBytes()) + ", on @user_script:1.", "EVAL", both, "0");
    err("ERR Script attempted to access keys that do not hash to the same slot script: "
        + Scripts.sha1hex("return redis.call('get', 'b')".getBytes()) + ", on @user_script:1.",
        "EVAL", "return redis.call('get', 'b')", "1", "a");
    is("OK", "EVAL", "#!lua flags=allow-cross-slot-keys\n" + both, "0");
    is("OK", "EVAL", "redis.call('set', '{t}a', 1) return redis.call('set', '{t}b', 2)", "1",
        "{t}x");
  }

  /**
   * With the slots the shard owns given (as the server gives them for a script's entry), a key
   * of any other slot is refused as redis-server 7.0.15 in cluster mode refuses it ("bar" and
   * "b" are in 0-8000, "foo" is not); a script without a shebang may touch several owned
   * slots, as Redis's compatibility mode allows, but a shebang script keeps to one.
   */
  @Test
  void scriptsTouchOnlyTheSlotsTheShardOwns() {
    engine.setScriptSlots(new int[] {0, 8000});
    String foo = "return redis.call('get','foo')";
    err(nonLocal(foo, 1), "EVAL", foo, "0");
    err(nonLocal(foo, 1), "EVAL", foo, "1", "bar");
    String write = "return redis.call('set','foo','x')";
    err(nonLocal(write, 1), "EVAL", write, "0");
    is("(nil)", "EVAL", "return redis.call('get','b')", "1", "bar");
    is("(nil)", "EVAL", "redis.call('get','bar') return redis.call('get','b')", "0");
    String shebang = "#!lua\nreturn redis.call('get','b')";
    err("ERR Script attempted to access keys that do not hash to the same slot script: "
        + Scripts.sha1hex(shebang.getBytes()) + ", on @user_script:2.", "EVAL", shebang, "1",
        "bar");
    is("-ERR Script attempted to access a non local key in a cluster node", "EVAL",
        "return redis.pcall('get','foo')", "0");
    String crossSlot = "#!lua flags=allow-cross-slot-keys\nreturn redis.call('get','foo')";
    err(nonLocal(crossSlot, 2), "EVAL", crossSlot, "0");
    engine.setScriptSlots(null);
    is("(nil)", "GET", "foo");
  }

  private static String nonLocal(String script, int line) {
    return "ERR Script attempted to access a non local key in a cluster node script: "
        + Scripts.sha1hex(script.getBytes()) + ", on @user_script:" + line + ".";
  }

  @Test
  void timeAndRandomComeFromTheEntry() {
    now = 1_700_000_123_456L;
    is("[\"1700000123\", \"456000\"]", "EVAL", "return redis.call('time')", "0");
    Reply a = engine.write(argv("EVAL", "return {math.random(1000000), math.random(1000000)}",
        "0"), now, 7);
    Reply b = engine.write(argv("EVAL", "return {math.random(1000000), math.random(1000000)}",
        "0"), now, 7);
    Reply c = engine.write(argv("EVAL", "return {math.random(1000000), math.random(1000000)}",
        "0"), now, 8);
    assertEquals(show(a), show(b));
    assertNotEquals(show(a), show(c));
  }

  @Test
  void replicasApplyingTheSameEntriesAgree() {
    Engine other = new Engine();
    List<byte[][]> log = new ArrayList<>();
    log.add(argv("FUNCTION", "LOAD", COUNTER_LIB));
    log.add(argv("SCRIPT", "LOAD", "return redis.call('sadd', KEYS[1], math.random(100))"));
    for (int i = 0; i < 50; i++) {
      log.add(argv("EVAL", "for i = 1, 5 do redis.call('zadd', KEYS[1], math.random(), "
          + "'m' .. math.random(20)) end return redis.call('zcard', KEYS[1])", "1", "{r}z"));
      log.add(argv("FCALL", "bump", "1", "{r}c", Integer.toString(i)));
      log.add(argv("EVALSHA", Scripts.sha1hex(("return redis.call('sadd', KEYS[1], "
          + "math.random(100))").getBytes()), "1", "{r}s"));
      log.add(argv("EVAL", "redis.call('set', '{r}spop', redis.call('spop', '{r}s') or 'none') "
          + "return redis.call('time')", "0"));
    }
    long seed = 1234;
    for (byte[][] a : log) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      now += 3;
      Reply here = engine.write(a, now, seed);
      Reply there = other.write(a, now, seed);
      assertEquals(show(here), show(there), new String(a[0]) + " " + new String(a[1]));
    }
    for (String key : List.of("{r}z", "{r}c", "{r}s", "{r}spop")) {
      assertEquals(dump(engine, key), dump(other, key), key);
    }
    assertNotEquals("(absent)", dump(engine, "{r}z"));
    assertNotEquals("(absent)", dump(engine, "{r}spop"));
    assertEquals(engine.scriptState(), other.scriptState());
  }

  /** The key's record as a snapshot holds it (ValueCodec bytes and deadline), in hex. */
  private String dump(Engine e, String key) {
    io.mneme.proto.SlotRecords r = e.readRecords(List.of(key.getBytes()), now);
    if (r.getKeyCount() == 0) {
      return "(absent)";
    }
    return java.util.HexFormat.of().formatHex(r.getValue(0).toByteArray()) + "@"
        + r.getExpireAtMs(0);
  }

  @Test
  void noWritesDeclarationsLetTheServerUseTheReadPath() {
    is("\"counter\"", "FUNCTION", "LOAD", COUNTER_LIB);
    Reply sha = run("SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 1");
    byte[][] peek = argv("FCALL", "peek", "1", "c");
    assertEquals("FCALL_RO", new String(engine.readOnlyForm(peek)[0]));
    byte[][] bump = argv("FCALL", "bump", "1", "c", "1");
    assertTrue(engine.readOnlyForm(bump) == bump);
    byte[][] evalsha = argv("EVALSHA", new String(((Reply.Bulk) sha).bytes()), "0");
    assertEquals("EVALSHA_RO", new String(engine.readOnlyForm(evalsha)[0]));
    byte[][] eval = argv("EVAL", "#!lua flags=no-writes\nreturn 1", "0");
    assertTrue(engine.readOnlyForm(eval) == eval);
  }

  @Test
  void functionStateDoesNotOutliveACall() {
    is("\"lib\"", "FUNCTION", "LOAD", "#!lua name=lib\nlocal n = 0\n"
        + "redis.register_function('count', function() n = n + 1 return n end)");
    is(":1", "FCALL", "count", "0");
    // Every call loads the library afresh: what one replica's FCALL_RO would keep, none does.
    is(":1", "FCALL", "count", "0");
  }

  @Test
  void noWritesFunctionsRunOnTheReadPath() {
    is("\"counter\"", "FUNCTION", "LOAD", COUNTER_LIB);
    is("[:5, :1]", "FCALL", "bump", "1", "c", "5");
    is("\"5\"", "FCALL_RO", "peek", "1", "c");
    err("ERR Can not execute a script with write flag using *_ro command.",
        "FCALL_RO", "bump", "1", "c", "1");
    is("\"lib\"", "FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function{function_name="
        + "'sneaky', callback=function() return redis.call('set', 'x', 1) end,"
        + " flags={'no-writes'}}");
    err(Scripts.WRITE_FROM_RO + " script: sneaky, on @user_function:2.", "FCALL", "sneaky", "0");
  }

  @Test
  void aRunawayScriptStopsAtTheSameInstructionEverywhere() {
    String loop = "redis.call('incr', KEYS[1]) local i = 0 while true do i = i + 1 end";
    Reply r = engine.write(argv("EVAL", loop, "1", "n"), now, 1);
    assertTrue(r.isError());
    String text = ((Reply.Err) r).text();
    assertTrue(text.startsWith("ERR Script exceeded the limit of " + Scripts.INSTRUCTIONS_MAX
        + " Lua instructions"), text);
    assertTrue(text.endsWith(", on @user_script:1."), text);
    // writes made before the stop stay, as when a Redis script fails half-way
    is("\"1\"", "GET", "n");
  }

  @Test
  void tostringOfTablesIsTheSameOnEveryReplica() {
    is("\"table: 0x00000001 function: 0x00000002 table: 0x00000001 3\"", "EVAL",
        "local t = {} return tostring(t) .. ' ' .. tostring(type) .. ' ' .. tostring(t)"
            + " .. ' ' .. tostring(3)", "0");
  }

  @Test
  void stringRepIsBounded() {
    String huge = "return string.rep('x', 1024 * 1024 * 1024)";
    err("ERR user_script:1: resulting string too large script: "
        + Scripts.sha1hex(huge.getBytes()) + ", on @user_script:1.", "EVAL", huge, "0");
    is("\"xxx\"", "EVAL", "return string.rep('x', 3)", "0");
  }

  @Test
  void deepRecursionIsABoundedLuaError() {
    Reply r = run("EVAL", "local function f(n) return 1 + f(n + 1) end return f(1)", "0");
    assertTrue(show(r).contains("stack overflow"), show(r));
  }

  @Test
  void killStopsOnlyReadOnlyScripts() throws Exception {
    assertEquals("NOTBUSY No scripts in execution right now.", engine.killScript(false));
    CompletableFuture<Reply> running = CompletableFuture.supplyAsync(
        () -> engine.read(argv("EVAL_RO", "while true do end", "0"), now));
    String answer;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    do {
      answer = engine.killScript(true);
      if (answer.startsWith("BUSY")) {
        assertEquals("BUSY Redis is busy running a script. You can only call SCRIPT KILL or"
            + " SHUTDOWN NOSAVE.", answer);
        answer = engine.killScript(false);
      }
      Thread.sleep(1);
    } while (!answer.equals("OK") && System.nanoTime() < deadline);
    assertEquals("OK", answer);
    Reply r = running.get(10, TimeUnit.SECONDS);
    assertTrue(show(r).startsWith("-ERR Script killed by user with SCRIPT KILL..."), show(r));
  }

  @Test
  void scriptsFromTheLogCannotBeKilled() throws Exception {
    CompletableFuture<Reply> running = CompletableFuture.supplyAsync(
        () -> engine.write(argv("EVAL", "local i = 0 while i < 3000000 do i = i + 1 end",
            "0"), now, 1));
    String answer = "NOTBUSY";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (answer.startsWith("NOTBUSY") && !running.isDone() && System.nanoTime() < deadline) {
      answer = engine.killScript(false);
    }
    if (!running.isDone()) {
      assertTrue(answer.startsWith("UNKILLABLE Sorry the script already executed write"),
          answer);
    }
    assertEquals("(nil)", show(running.get(60, TimeUnit.SECONDS)));
  }

  @Test
  void snapshotsCarryScriptsAndLibraries() throws Exception {
    is("\"counter\"", "FUNCTION", "LOAD", COUNTER_LIB);
    Reply sha = run("SCRIPT", "LOAD", "return 'cached'");
    run("EVAL", "return 'seen by eval'", "0");
    io.mneme.proto.ScriptState saved = engine.scriptState();
    Engine restarted = new Engine();
    restarted.loadScriptState(io.mneme.proto.ScriptState.parseFrom(saved.toByteArray()));
    engine = restarted;
    is("\"cached\"", "EVALSHA", new String(((Reply.Bulk) sha).bytes()), "0");
    is("\"seen by eval\"", "EVALSHA", Scripts.sha1hex("return 'seen by eval'".getBytes()), "0");
    is("[:2, :1]", "FCALL", "bump", "1", "c", "2");
    // a snapshot written before scripting existed has no state: everything starts empty
    engine.loadScriptState(io.mneme.proto.ScriptState.getDefaultInstance());
    err("NOSCRIPT No matching script. Please use EVAL.", "EVALSHA",
        new String(((Reply.Bulk) sha).bytes()), "0");
  }

  @Test
  void functionDumpRestoresHereAndKeepsRedisFormat() {
    is("\"counter\"", "FUNCTION", "LOAD", COUNTER_LIB);
    byte[] payload = ((Reply.Bulk) run("FUNCTION", "DUMP")).bytes();
    assertEquals(0xf5, payload[0] & 0xff);
    is("OK", "FUNCTION", "FLUSH");
    byte[][] restore = {bytes("FUNCTION"), bytes("RESTORE"), payload};
    assertEquals("OK", show(engine.write(restore, now, 1)));
    is("[:3, :1]", "FCALL", "bump", "1", "c", "3");
    assertEquals("-ERR Library counter already exists", show(engine.write(restore, now, 1)));
    payload[payload.length - 1] ^= 1;
    assertEquals("-ERR DUMP payload version or checksum are wrong",
        show(engine.write(restore, now, 1)));
  }

  @Test
  void evalInsideMultiRunsAsPartOfTheBlock() {
    Reply r = engine.exec(List.of(argv("SET", "a", "1"),
        argv("EVAL", "return redis.call('incr', 'a')", "0"), argv("GET", "a")),
        List.of(), new long[0], now, 3);
    assertEquals("[OK, :2, \"2\"]", show(r));
  }

  @Test
  void blockingCommandsDoNotBlockInScripts() {
    // BLPOP is "noscript" in Redis 7.0; XREAD BLOCK answers at once, as on its timeout
    is("(nil)", "EVAL", "return redis.call('xread', 'block', 0, 'streams', 'st', '$')", "0");
  }

  @Test
  void sessionCommandsScriptsMayNotCall() {
    err("ERR This Redis command is not allowed from script script: "
        + Scripts.sha1hex("return redis.call('info')".getBytes()) + ", on @user_script:1.",
        "EVAL", "return redis.call('info')", "0");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
