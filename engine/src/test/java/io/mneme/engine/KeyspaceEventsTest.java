package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events writes report, as Redis 7.0's notifyKeyspaceEvent calls name them (checked against
 * redis-server with notify-keyspace-events KEA for the same commands).
 */
class KeyspaceEventsTest extends EngineTestBase {
  private final List<String> events = new ArrayList<>();

  @BeforeEach
  void listen() {
    engine.setEventSink((typeClass, event, key) -> events.add(letter(typeClass) + " " + event
        + " " + new String(key, StandardCharsets.UTF_8)));
  }

  private static String letter(int typeClass) {
    return NotifyFlags.format(typeClass);
  }

  private List<String> after(String... command) {
    events.clear();
    run(command);
    return List.copyOf(events);
  }

  @Test
  void strings() {
    assertEquals(List.of("n new k", "$ set k", "g expire k"), after("SET", "k", "v", "EX", "9"));
    assertEquals(List.of("n new c", "$ incrby c"), after("INCR", "c"));
    assertEquals(List.of("$ append c"), after("APPEND", "c", "x"));
    assertEquals(List.of("g del c"), after("GETDEL", "c"));
    assertEquals(List.of(), after("SETNX", "k", "v"));
    assertEquals(List.of("g persist k"), after("PERSIST", "k"));
  }

  @Test
  void containersAnnounceTheirDeletion() {
    run("RPUSH", "l", "a");
    assertEquals(List.of("l lpop l", "g del l"), after("LPOP", "l"));
    run("HSET", "h", "f", "v");
    assertEquals(List.of(), after("HDEL", "h", "nosuch"));
    assertEquals(List.of("h hdel h", "g del h"), after("HDEL", "h", "f"));
    run("SADD", "s", "a");
    assertEquals(List.of(), after("SADD", "s", "a"));
    assertEquals(List.of("s srem s", "g del s", "n new d", "s sadd d"),
        after("SMOVE", "s", "d", "a"));
    run("ZADD", "z", "1", "a");
    assertEquals(List.of("z zincr z"), after("ZINCRBY", "z", "1", "a"));
    assertEquals(List.of("z zremrangebyscore z", "g del z"),
        after("ZREMRANGEBYSCORE", "z", "-inf", "+inf"));
  }

  /**
   * Class m: a read lookup that finds no key (Redis's lookupKey without LOOKUP_WRITE or
   * LOOKUP_NONOTIFY). Write commands announce it for the keys they read (GETDEL, SET GET, the
   * sources of the STORE forms, COPY), not for the keys they write; OBJECT and MEMORY USAGE
   * never. Checked against redis-server 7.0.15 with notify-keyspace-events KEm.
   */
  @Test
  void keyMisses() {
    run("SET", "s", "v");
    assertEquals(List.of("m keymiss a", "m keymiss b"), after("MGET", "a", "s", "b"));
    assertEquals(List.of("m keymiss a", "m keymiss b"), after("EXISTS", "a", "b"));
    for (String[] read : new String[][] {{"GET", "k"}, {"TYPE", "k"}, {"TTL", "k"},
        {"DUMP", "k"}, {"STRLEN", "k"}, {"LRANGE", "k", "0", "-1"}, {"HGET", "k", "f"},
        {"SISMEMBER", "k", "a"}, {"ZSCORE", "k", "a"}, {"GEOPOS", "k", "a"}, {"GETDEL", "k"},
        {"GETEX", "k"}, {"SORT", "k"}, {"PFCOUNT", "k"}, {"XRANGE", "k", "-", "+"},
        {"COPY", "k", "x"}, {"SET", "k", "v", "GET"}}) {
      assertEquals(List.of("m keymiss k"), after(read).subList(0, 1), String.join(" ", read));
      run("DEL", "k");
    }
    assertEquals(List.of("m keymiss a", "m keymiss b"), after("SUNIONSTORE", "d", "a", "b"));
    assertEquals(List.of("m keymiss a"), after("ZUNIONSTORE", "d", "1", "a"));
    assertEquals(List.of("m keymiss d", "m keymiss a", "n new d", "$ pfadd d"),
        after("PFMERGE", "d", "a"));
    run("DEL", "d");
    for (String[] write : new String[][] {{"OBJECT", "ENCODING", "k"},
        {"MEMORY", "USAGE", "k"}, {"LPOP", "k"}, {"SMOVE", "k", "d", "a"},
        {"DEL", "k"}, {"EXPIRE", "k", "10"}, {"LMOVE", "k", "d", "LEFT", "LEFT"}}) {
      assertEquals(List.of(), after(write), String.join(" ", write));
    }
    assertEquals(List.of("n new k", "$ incrby k"), after("INCR", "k"));
  }

  @Test
  void moves() {
    run("RPUSH", "src", "a");
    assertEquals(List.of("n new dst", "l rpush dst", "l lpop src", "g del src"),
        after("LMOVE", "src", "dst", "LEFT", "RIGHT"));
    assertEquals(List.of("n new to", "g rename_from dst", "g rename_to to"),
        after("RENAME", "dst", "to"));
  }

  @Test
  void expiry() {
    run("SET", "k", "v", "PX", "5");
    now += 10;
    assertEquals(List.of("m keymiss k"), after("GET", "k"), "reads never delete");
    assertEquals(List.of("x expired k"), expireThroughTheLog("k"));
    run("SET", "j", "v", "PX", "5");
    now += 10;
    assertEquals(List.of("x expired j", "n new j", "$ set j"), after("SET", "j", "w"));
  }

  private List<String> expireThroughTheLog(String key) {
    events.clear();
    engine.expire(List.of(key.getBytes(StandardCharsets.UTF_8)), now);
    return List.copyOf(events);
  }
}
