package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerCommandsTest extends EngineTestBase {
  @Test
  void commandInfoMatchesRedisFormat() {
    is("[[\"set\", :-3, [write, denyoom], :1, :1, :1, [@write, @string, @slow], [], "
        + "[{\"notes\", \"RW and ACCESS due to the optional `GET` argument\", \"flags\", "
        + "[RW, access, update, variable_flags], \"begin_search\", {\"type\", \"index\", "
        + "\"spec\", {\"index\", :1}}, \"find_keys\", {\"type\", \"range\", \"spec\", "
        + "{\"lastkey\", :0, \"keystep\", :1, \"limit\", :0}}}], []], (nil)]",
        "command", "info", "set", "nosuch");
    String mset = show(run("command", "info", "MSET"));
    assertTrue(mset.startsWith("[[\"mset\", :-3, [write, denyoom], :1, :-1, :2, [@write, "
        + "@string, @slow], [\"request_policy:multi_shard\", "
        + "\"response_policy:all_succeeded\"]"), mset);
    String cmd = show(run("command", "info", "command"));
    assertTrue(cmd.contains("\"command|info\", :-2, [loading, stale, sentinel], :0, :0, :0, "
        + "[@slow, @connection]"), cmd);
    assertTrue(show(run("command", "info", "rename")).contains(":1, :2, :1, [@keyspace, @write"));
  }

  @Test
  void commandCountListAllDocs() {
    int n = engine.commands().size();
    is(":" + n, "command", "count");
    Reply all = run("command");
    assertEquals(n, ((Reply.Arr) all).items().length);
    assertEquals(n, ((Reply.Arr) run("command", "info")).items().length);
    String list = show(run("command", "list"));
    assertTrue(list.contains("\"get\"") && list.contains("\"command|docs\""), list);
    is("[\"incr\", \"incrby\", \"incrbyfloat\"]", "command", "list", "filterby", "pattern",
        "incr*");
    String string = show(run("command", "list", "filterby", "aclcat", "string"));
    assertTrue(string.contains("\"append\"") && !string.contains("\"del\""), string);
    err("ERR syntax error", "command", "list", "filterby", "foo", "x");
    err("ERR syntax error", "command", "list", "foo");
    is("{\"get\", {\"summary\", \"Get the value of a key\", \"since\", \"1.0.0\", \"group\", "
        + "\"string\", \"complexity\", \"O(1)\"}}", "command", "docs", "get", "nosuch");
    assertTrue(show(run("command", "docs")).contains("\"subcommands\""));
    assertTrue(show(run("command", "help")).startsWith("[COMMAND <subcommand>"));
  }

  @Test
  void commandGetkeys() {
    is("[\"a\"]", "command", "getkeys", "set", "a", "b");
    is("[\"a\", \"c\"]", "command", "getkeys", "mset", "a", "b", "c", "d");
    is("[\"a\", \"b\"]", "command", "getkeys", "rename", "a", "b");
    is("[\"a\", \"b\", \"c\"]", "command", "getkeys", "del", "a", "b", "c");
    err("ERR Invalid command specified", "command", "getkeys", "foo", "a");
    err("ERR Invalid number of arguments specified for command", "command", "getkeys", "get",
        "a", "b");
    err("ERR The command has no key arguments", "command", "getkeys", "keys", "x");
  }

  @Test
  void tableApi() {
    CommandTable t = engine.commands();
    CommandSpec get = t.lookup("GeT".getBytes());
    assertSame(get, t.lookup("get"));
    assertNull(t.lookup("nosuch"));
    assertEquals("get", get.name());
    assertEquals(2, get.arity());
    assertTrue(get.checkArity(2));
    assertFalse(get.checkArity(3));
    assertFalse(get.isWrite());
    assertEquals(CommandKind.KEYSPACE_READ, get.kind());
    assertTrue(get.flags().contains(CommandFlag.FAST));
    CommandSpec set = t.lookup("set");
    assertTrue(set.isWrite());
    assertEquals(CommandKind.KEYSPACE_WRITE, set.kind());
    assertTrue(set.checkArity(5) && !set.checkArity(2));
    assertArrayEquals(new int[] {1}, set.keyPositions(argv("set", "k", "v", "ex", "1")));
    assertArrayEquals(new int[] {1, 3}, t.lookup("mset").keyPositions(argv("mset", "a", "1",
        "b", "2")));
    assertArrayEquals(new int[] {1, 2}, t.lookup("copy").keyPositions(argv("copy", "a", "b")));
    assertArrayEquals(new int[0], t.lookup("dbsize").keyPositions(argv("dbsize")));
    assertArrayEquals(new int[0], get.keyPositions(argv("get")));
    assertEquals("ERR syntax error", ((Reply.Err) set.validate(argv("set", "k", "v", "nx",
        "xx"))).text());
    assertNull(set.validate(argv("set", "k", "v", "nx", "get")));
    assertEquals(CommandKind.SESSION, t.lookup("ping").kind());
    assertEquals(CommandKind.LOCAL, t.lookup("command").kind());
    assertEquals("command|info", t.resolve(argv("command", "INFO")).name());
    assertNull(t.resolve(argv("command", "nosuch")));
    assertEquals(Errors.NOT_ENGINE_COMMAND, ((Reply.Err) engine.read(argv("set", "a", "b"),
        0)).text());
    assertEquals(Errors.NOT_ENGINE_COMMAND, ((Reply.Err) engine.write(argv("get", "a"), 0,
        0)).text());
    assertEquals("ERR unknown command 'nosuch', with args beginning with: ",
        ((Reply.Err) engine.write(argv("nosuch"), 0, 0)).text());
  }
}
