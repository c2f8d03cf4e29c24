package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyCommandsTest extends EngineTestBase {
  @Test
  void delExistsTouch() {
    is("OK", "mset", "a", "1", "b", "2");
    is(":3", "exists", "a", "a", "b", "c");
    is(":2", "touch", "a", "b", "c");
    is(":2", "del", "a", "b", "c");
    is(":0", "unlink", "a");
    is(":0", "dbsize");
  }

  @Test
  void expireFamily() {
    is(":0", "expire", "k", "10");
    is("OK", "set", "k", "v");
    is(":1", "expire", "k", "10");
    is(":10", "ttl", "k");
    is(":10000", "pttl", "k");
    is(":1", "pexpire", "k", "2500");
    is(":3", "ttl", "k"); // rounded to the nearest second
    is(":1", "expireat", "k", Long.toString(now / 1000 + 50));
    is(":" + (now / 1000 + 50), "expiretime", "k");
    is(":1", "pexpireat", "k", Long.toString(now + 777));
    is(":" + (now + 777), "pexpiretime", "k");
    is("OK", "set", "plain", "v");
    is(":-1", "expiretime", "plain");
    is(":-2", "pexpiretime", "none");
    is(":1", "persist", "k");
    is(":0", "persist", "k");
    is(":-1", "ttl", "k");
    is(":-2", "ttl", "none");
  }

  @Test
  void expireConditions() {
    is("OK", "set", "k", "v");
    is(":0", "expire", "k", "100", "xx");
    is(":0", "expire", "k", "100", "gt");
    is(":1", "expire", "k", "100", "lt");
    is(":0", "expire", "k", "50", "nx");
    is(":0", "expire", "k", "200", "lt");
    is(":1", "expire", "k", "200", "gt");
    is(":1", "expire", "k", "150", "xx", "lt");
    is(":150", "ttl", "k");
    err("ERR NX and XX, GT or LT options at the same time are not compatible", "expire", "k",
        "1", "nx", "xx");
    err("ERR NX and XX, GT or LT options at the same time are not compatible", "expire", "k",
        "1", "nx", "lt");
    err("ERR GT and LT options at the same time are not compatible", "expire", "k", "1", "gt",
        "lt");
    err("ERR Unsupported option foo", "expire", "k", "1", "foo");
    err("ERR value is not an integer or out of range", "expire", "k", "1.5");
    err("ERR invalid expire time in 'expire' command", "expire", "k", "9223372036854775807");
    err("ERR invalid expire time in 'pexpire' command", "pexpire", "k",
        "9223372036854775807");
    err("ERR invalid expire time in 'expireat' command", "expireat", "k",
        "-9223372036854775808");
  }

  @Test
  void negativeExpireDeletes() {
    is("OK", "set", "k", "v");
    is(":1", "expire", "k", "-1");
    is(":0", "exists", "k");
    is(":0", "dbsize");
    is("OK", "set", "k", "v");
    is(":1", "pexpireat", "k", Long.toString(now)); // at now counts as past
    is(":0", "dbsize");
  }

  @Test
  void lazyExpiryReadVsWrite() {
    is("OK", "set", "k", "v", "px", "100");
    now += 100;
    is("\"v\"", "get", "k"); // alive through its deadline millisecond
    now += 1;
    is("(nil)", "get", "k");
    is(":-2", "ttl", "k");
    is(":1", "dbsize"); // a read never deletes
    assertEquals(1, engine.keysWithExpiryCount());
    is(":0", "del", "k"); // the write deletes the expired key first, and it does not count
    is(":0", "dbsize");
    assertEquals(0, engine.keysWithExpiryCount());
  }

  @Test
  void clockNeverGoesBackwards() {
    is("OK", "set", "k", "v", "px", "100");
    now += 500;
    engine.write(argv("set", "z", "1"), now, 1); // the clock reaches now
    long later = now;
    now -= 10_000; // a new leader whose clock is behind
    is("(nil)", "get", "k");
    is(":1", "exists", "z");
    engine.write(argv("set", "y", "1", "px", "100"), now, 2);
    assertEquals(later, engine.clockMs());
    is(":100", "pttl", "y");
  }

  @Test
  void activeExpiry() {
    for (int i = 0; i < 100; i++) {
      engine.write(argv("set", "k" + i, "v", "px", Integer.toString(i < 50 ? 10 : 100_000)),
          now, i);
    }
    engine.write(argv("set", "plain", "v"), now, 0);
    assertEquals(100, engine.keysWithExpiryCount());
    Set<String> seen = new HashSet<>();
    for (int round = 0; round < 10; round++) {
      List<byte[]> keys = engine.expiredKeys(now + 20, 7);
      assertTrue(keys.size() <= 7);
      keys.forEach(k -> seen.add(new String(k)));
      engine.expire(keys, now + 20);
    }
    assertEquals(50, seen.size());
    assertEquals(51, engine.keyCount());
    assertEquals(50, engine.keysWithExpiryCount());
    assertTrue(engine.expiredKeys(now + 20, 7).isEmpty());
  }

  @Test
  void renameAndCopy() {
    err("ERR no such key", "rename", "a", "b");
    err("ERR no such key", "rename", "a", "a");
    is("OK", "set", "a", "1", "ex", "100");
    is("OK", "rename", "a", "a");
    is(":0", "renamenx", "a", "a");
    is("OK", "rename", "a", "b");
    is(":100", "ttl", "b");
    is(":0", "exists", "a");
    is("OK", "set", "c", "3");
    is(":0", "renamenx", "b", "c");
    is(":1", "renamenx", "b", "d");
    is("OK", "rename", "d", "c");
    is("\"1\"", "get", "c");
    is(":100", "ttl", "c");
    is(":1", "copy", "c", "e");
    is(":100", "ttl", "e");
    is(":0", "copy", "c", "e");
    is("OK", "set", "c", "new");
    is(":1", "copy", "c", "e", "replace", "db", "0");
    is("\"new\"", "get", "e");
    is(":0", "copy", "none", "e");
    err("ERR source and destination objects are the same", "copy", "c", "c");
    err("ERR DB index is out of range", "copy", "c", "x", "db", "1");
    err("ERR value is not an integer or out of range", "copy", "c", "x", "db", "x");
    err("ERR syntax error", "copy", "c", "x", "foo");
  }

  @Test
  void typeKeysRandomDbsizeFlush() {
    is("none", "type", "a");
    is("OK", "mset", "one", "1", "two", "2", "three", "3", "t[x]", "4");
    is("string", "type", "one");
    assertEquals(Set.of("\"two\"", "\"three\""), keys("t?o", "t*e*"));
    assertEquals(Set.of("\"one\"", "\"two\"", "\"three\"", "\"t[x]\""), keys("*"));
    assertEquals(Set.of("\"t[x]\""), keys("t\\[x\\]"));
    String r = show(run("randomkey"));
    assertTrue(Set.of("\"one\"", "\"two\"", "\"three\"", "\"t[x]\"").contains(r), r);
    is(":4", "dbsize");
    err("ERR syntax error", "flushall", "foo");
    err("ERR syntax error", "flushdb", "sync", "async");
    is("OK", "flushall", "async");
    is(":0", "dbsize");
    is("(nil)", "randomkey");
    is("OK", "set", "a", "1");
    is("OK", "flushdb");
    is("[]", "keys", "*");
  }

  private Set<String> keys(String... patterns) {
    Set<String> out = new HashSet<>();
    for (String p : patterns) {
      Reply r = run("keys", p);
      for (Reply k : ((Reply.Arr) r).items()) {
        out.add(show(k));
      }
    }
    return out;
  }

  @Test
  void scanBasics() {
    for (int i = 0; i < 100; i++) {
      engine.write(argv("set", "key:" + i, "v"), now, i);
    }
    engine.write(argv("set", "other", "v"), now, 0);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      Reply.Arr r = (Reply.Arr) run("scan", cursor, "match", "key:*", "count", "7", "type",
          "string");
      cursor = new String(((Reply.Bulk) r.items()[0]).bytes());
      for (Reply k : ((Reply.Arr) r.items()[1]).items()) {
        seen.add(show(k));
      }
      calls++;
    } while (!cursor.equals("0"));
    assertEquals(100, seen.size());
    assertTrue(calls > 1);
    err("ERR invalid cursor", "scan", "abc");
    err("ERR syntax error", "scan", "0", "count", "0");
    err("ERR syntax error", "scan", "0", "count");
    err("ERR value is not an integer or out of range", "scan", "0", "count", "x");
    err("ERR syntax error", "scan", "0", "foo", "bar");
    is("[\"0\", []]", "scan", "0", "type", "list", "count", "1000");
  }

  @Test
  void globMatching() {
    assertTrue(Glob.match(b("h?llo"), b("hello")));
    assertTrue(Glob.match(b("h*llo"), b("heeeello")));
    assertTrue(Glob.match(b("h[ae]llo"), b("hallo")));
    assertTrue(!Glob.match(b("h[^e]llo"), b("hello")));
    assertTrue(Glob.match(b("h[^e]llo"), b("hallo")));
    assertTrue(Glob.match(b("h[a-b]llo"), b("hbllo")));
    assertTrue(Glob.match(b("h[b-a]llo"), b("hallo")));
    assertTrue(!Glob.match(b("h[a-b]llo"), b("hcllo")));
    assertTrue(Glob.match(b("a\\*b"), b("a*b")));
    assertTrue(!Glob.match(b("a\\*b"), b("axb")));
    assertTrue(!Glob.match(b("*"), b(""))); // as stringmatchlen: no match on empty
    assertTrue(Glob.match(b("a*"), b("a")));
    assertTrue(!Glob.match(b("a?"), b("a")));
    assertTrue(Glob.match(b("[abc"), b("a")));
    assertTrue(Glob.match(b("*a*a*a*a*a*a*a*a*b"), b("aaaaaaaaaaaaaaaaaaaaaaaaaab")));
    assertTrue(!Glob.match(b("*a*a*a*a*a*a*a*a*b"), b("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
  }

  private static byte[] b(String s) {
    return s.getBytes();
  }
}
