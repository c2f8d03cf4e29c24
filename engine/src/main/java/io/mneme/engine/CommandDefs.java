package io.mneme.engine;

import static io.mneme.engine.CommandKind.KEYSPACE_READ;
import static io.mneme.engine.CommandKind.KEYSPACE_WRITE;
import static io.mneme.engine.CommandKind.LOCAL;
import static io.mneme.engine.CommandKind.SESSION;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The declarations of every command. The facts (arity, flags, key positions, ACL categories,
 * tips, key specs, docs) follow Redis 7.0.15; CommandTableReferenceTest checks them against
 * Redis's own metadata. SESSION commands have no handler: the RESP layer answers them.
 */
final class CommandDefs {
  /** One declaration, built fluently, turned into a {@link CommandSpec} at the end. */
  static final class Def {
    final String name;
    final int arity;
    final Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    final int firstKey;
    final int lastKey;
    final int keyStep;
    final List<String> acl = new ArrayList<>();
    final CommandKind kind;
    final Handler handler;
    final Validator validator;
    final List<String> tips = new ArrayList<>();
    final List<KeySpec> keySpecs = new ArrayList<>();
    final List<String> docs = new ArrayList<>();
    final List<Def> subs = new ArrayList<>();
    /** Redis's get_keys_function, for a command whose key specs cannot find all its keys. */
    java.util.function.Function<byte[][], int[]> keyFinder;

    Def(String name, int arity, String flags, int[] keys, String acl, CommandKind kind,
        Handler handler, Validator validator) {
      this.name = name;
      this.arity = arity;
      for (String f : flags.split(" ")) {
        if (!f.isEmpty()) {
          this.flags.add(CommandFlag.valueOf(f.toUpperCase(Locale.ROOT)));
        }
      }
      this.firstKey = keys[0];
      this.lastKey = keys[1];
      this.keyStep = keys[2];
      for (String a : acl.split(" ")) {
        if (!a.isEmpty()) {
          this.acl.add(a);
        }
      }
      this.kind = kind;
      this.handler = handler;
      this.validator = validator;
    }

    Def tips(String... t) {
      tips.addAll(List.of(t));
      return this;
    }

    Def keyFinder(java.util.function.Function<byte[][], int[]> finder) {
      keyFinder = finder;
      return this;
    }

    Def keys(String compact) {
      keySpecs.add(KeySpec.parse(compact));
      return this;
    }

    /** Docs are kept as [since, group, summary, complexity]. */
    Def doc(String since, String group) {
      docs.add(since);
      docs.add(group);
      return this;
    }

    Def summary(String text) {
      docs.add(text);
      return this;
    }

    Def complexity(String text) {
      docs.add(text);
      return this;
    }
  }

  static final CommandTable TABLE = build();

  private static List<Def> defs;
  private static Def lastTop;

  private CommandDefs() {}

  private static Def cmd(String name, int arity, String flags, int first, int last, int step,
      String acl, CommandKind kind, Handler handler, Validator validator) {
    Def d = new Def(name, arity, flags, new int[] {first, last, step}, acl, kind, handler,
        validator);
    defs.add(d);
    lastTop = d;
    return d;
  }

  /** A subcommand of the container declared last. */
  private static Def sub(String name, int arity, String flags, int first, int last, int step,
      String acl, CommandKind kind, Handler handler, Validator validator) {
    Def d = new Def(name, arity, flags, new int[] {first, last, step}, acl, kind, handler,
        validator);
    lastTop.subs.add(d);
    return d;
  }

  private static CommandTable build() {
    defs = new ArrayList<>();
    defs0();
    defs1();
    defs2();
    defs3();
    defs4();
    defs5();
    defs6();
    defs7();
    defs8();
    defsTransactions();
    defsHash();
    defsSet();
    defsList();
    defsList2();
    defsList3();
    defsBitmap();
    defsHyperLogLog();
    defsStream();
    defsZset();
    defsScripting();
    defsScriptingAdmin();
    defsPubSub();
    defsPubSubContainer();
    defsObjects();
    List<CommandSpec> specs = new ArrayList<>();
    for (Def d : defs) {
      CommandSpec top = new CommandSpec(d, null);
      for (Def s : d.subs) {
        top.addSubcommand(new CommandSpec(s, d.name));
      }
      specs.add(top);
    }
    defs = null;
    lastTop = null;
    return new CommandTable(specs);
  }

  private static final String SCRIPT_RUN_FLAGS =
      "noscript skip_monitor may_replicate no_mandatory_keys stale";
  private static final String SCRIPT_RUN_RO_FLAGS =
      "noscript skip_monitor no_mandatory_keys stale readonly";
  private static final String SCRIPT_KEYS_RW = "RW access update|2|keynum 0,1,1";
  private static final String SCRIPT_KEYS_RO = "RO access|2|keynum 0,1,1";
  private static final String SCRIPT_KEYS_RW_NOTES =
      "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE";
  private static final String SCRIPT_KEYS_RO_NOTES =
      "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS";

  /**
   * EVAL and FCALL run as one command (writes through the log, the _RO forms on the read
   * path); SCRIPT LOAD/FLUSH and FUNCTION LOAD/DELETE/FLUSH/RESTORE change replicated state, so
   * they go through the log too. SCRIPT KILL and FUNCTION KILL are the server layer's.
   */
  private static void defsScripting() {
    cmd("eval", -3, SCRIPT_RUN_FLAGS, 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::eval, null)
        .keys(SCRIPT_KEYS_RW + "|" + SCRIPT_KEYS_RW_NOTES)
        .doc("2.6.0", "scripting")
        .summary("Execute a Lua script server side")
        .complexity("Depends on the script that is executed.");
    cmd("evalsha", -3, SCRIPT_RUN_FLAGS, 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::evalsha, null)
        .keys(SCRIPT_KEYS_RW)
        .doc("2.6.0", "scripting")
        .summary("Execute a Lua script server side")
        .complexity("Depends on the script that is executed.");
    cmd("eval_ro", -3, SCRIPT_RUN_RO_FLAGS, 0, 0, 0, "scripting", KEYSPACE_READ,
        ScriptCommands::eval, null)
        .keys(SCRIPT_KEYS_RO + "|" + SCRIPT_KEYS_RO_NOTES)
        .doc("7.0.0", "scripting")
        .summary("Execute a read-only Lua script server side")
        .complexity("Depends on the script that is executed.");
    cmd("evalsha_ro", -3, SCRIPT_RUN_RO_FLAGS, 0, 0, 0, "scripting", KEYSPACE_READ,
        ScriptCommands::evalsha, null)
        .keys(SCRIPT_KEYS_RO)
        .doc("7.0.0", "scripting")
        .summary("Execute a read-only Lua script server side")
        .complexity("Depends on the script that is executed.");
    cmd("fcall", -3, SCRIPT_RUN_FLAGS, 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::fcall, null)
        .keys(SCRIPT_KEYS_RW + "|" + SCRIPT_KEYS_RW_NOTES)
        .doc("7.0.0", "scripting")
        .summary("Invoke a function")
        .complexity("Depends on the function that is executed.");
    cmd("fcall_ro", -3, SCRIPT_RUN_RO_FLAGS, 0, 0, 0, "scripting", KEYSPACE_READ,
        ScriptCommands::fcall, null)
        .keys(SCRIPT_KEYS_RO + "|" + SCRIPT_KEYS_RO_NOTES)
        .doc("7.0.0", "scripting")
        .summary("Invoke a read-only function")
        .complexity("Depends on the function that is executed.");
  }

  private static void defsScriptingAdmin() {
    cmd("script", -2, "", 0, 0, 0, "", LOCAL,
        null, null)
        .doc("2.6.0", "scripting")
        .summary("A container for Lua scripts management commands")
        .complexity("Depends on subcommand.");
    sub("exists", -3, "noscript", 0, 0, 0, "scripting", KEYSPACE_READ,
        ScriptCommands::scriptExists, null)
        .tips("request_policy:all_shards", "response_policy:agg_logical_and")
        .doc("2.6.0", "scripting")
        .summary("Check existence of scripts in the script cache.")
        .complexity("O(N) with N being the number of scripts to check (so checking a single script"
            + " is an O(1) operation).");
    sub("flush", -2, "noscript", 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::scriptFlush, null)
        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
        .doc("2.6.0", "scripting")
        .summary("Remove all the scripts from the script cache.")
        .complexity("O(N) with N being the number of scripts in cache");
    sub("help", 2, "loading stale", 0, 0, 0, "scripting", LOCAL,
        ScriptCommands::scriptHelp, null)
        .doc("5.0.0", "scripting")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
    sub("kill", 2, "noscript allow_busy", 0, 0, 0, "scripting", SESSION,
        null, null)
        .tips("request_policy:all_shards", "response_policy:one_succeeded")
        .doc("2.6.0", "scripting")
        .summary("Kill the script currently in execution.")
        .complexity("O(1)");
    sub("load", 3, "noscript stale", 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::scriptLoad, null)
        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
        .doc("2.6.0", "scripting")
        .summary("Load the specified Lua script into the script cache.")
        .complexity("O(N) with N being the length in bytes of the script body.");
    cmd("function", -2, "", 0, 0, 0, "", LOCAL,
        null, null)
        .doc("7.0.0", "scripting")
        .summary("A container for function commands")
        .complexity("Depends on subcommand.");
    sub("delete", 3, "noscript write", 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::functionDelete, null)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("7.0.0", "scripting")
        .summary("Delete a function by name")
        .complexity("O(1)");
    sub("dump", 2, "noscript", 0, 0, 0, "scripting", KEYSPACE_READ,
        ScriptCommands::functionDump, null)
        .doc("7.0.0", "scripting")
        .summary("Dump all functions into a serialized binary payload")
        .complexity("O(N) where N is the number of functions");
    sub("flush", -2, "noscript write", 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::functionFlush, null)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("7.0.0", "scripting")
        .summary("Deleting all functions")
        .complexity("O(N) where N is the number of functions deleted");
    sub("help", 2, "loading stale", 0, 0, 0, "scripting", LOCAL,
        ScriptCommands::functionHelp, null)
        .doc("7.0.0", "scripting")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
    sub("kill", 2, "noscript allow_busy", 0, 0, 0, "scripting", SESSION,
        null, null)
        .tips("request_policy:all_shards", "response_policy:one_succeeded")
        .doc("7.0.0", "scripting")
        .summary("Kill the function currently in execution.")
        .complexity("O(1)");
    sub("list", -2, "noscript", 0, 0, 0, "scripting", KEYSPACE_READ,
        ScriptCommands::functionList, null)
        .tips("nondeterministic_output_order")
        .doc("7.0.0", "scripting")
        .summary("List information about all the functions")
        .complexity("O(N) where N is the number of functions");
    sub("load", -3, "noscript write denyoom", 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::functionLoad, null)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("7.0.0", "scripting")
        .summary("Create a function with the given arguments (name, code, description)")
        .complexity("O(1) (considering compilation time is redundant)");
    sub("restore", -3, "noscript write denyoom", 0, 0, 0, "scripting", KEYSPACE_WRITE,
        ScriptCommands::functionRestore, null)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("7.0.0", "scripting")
        .summary("Restore all the functions on the given payload")
        .complexity("O(N) where N is the number of functions on the payload");
    sub("stats", 2, "noscript allow_busy", 0, 0, 0, "scripting", KEYSPACE_READ,
        ScriptCommands::functionStats, null)
        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
        .doc("7.0.0", "scripting")
        .summary("Return information about the function currently running (name, description,"
            + " duration)")
        .complexity("O(1)");
  }

  // Rows follow Redis 7.0.15 facts; split in parts only to keep methods short.
  private static void defs0() {
    cmd("get", 2, "readonly fast", 1, 1, 1, "string", KEYSPACE_READ,
        StringCommands::get, null)
        .keys("RO access|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Get the value of a key")
        .complexity("O(1)");
    cmd("set", -3, "write denyoom", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::set, StringCommands::checkSet)
        .keys("RW access update variable_flags|1|0,1,0|RW and ACCESS due to the optional `GET`"
            + " argument")
        .doc("1.0.0", "string")
        .summary("Set the string value of a key")
        .complexity("O(1)");
    cmd("setnx", 3, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::setnx, null)
        .keys("OW insert|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Set the value of a key, only if the key does not exist")
        .complexity("O(1)");
    cmd("setex", 4, "write denyoom", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::setex, StringCommands::checkSetex)
        .keys("OW update|1|0,1,0")
        .doc("2.0.0", "string")
        .summary("Set the value and expiration of a key")
        .complexity("O(1)");
    cmd("psetex", 4, "write denyoom", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::psetex, StringCommands::checkPsetex)
        .keys("OW update|1|0,1,0")
        .doc("2.6.0", "string")
        .summary("Set the value and expiration in milliseconds of a key")
        .complexity("O(1)");
    cmd("mget", -2, "readonly fast", 1, -1, 1, "string", KEYSPACE_READ,
        StringCommands::mget, null)
        .tips("request_policy:multi_shard")
        .keys("RO access|1|-1,1,0")
        .doc("1.0.0", "string")
        .summary("Get the values of all the given keys")
        .complexity("O(N) where N is the number of keys to retrieve.");
    cmd("mset", -3, "write denyoom", 1, -1, 2, "string", KEYSPACE_WRITE,
        StringCommands::mset, StringCommands::checkMset)
        .tips("request_policy:multi_shard", "response_policy:all_succeeded")
        .keys("OW update|1|-1,2,0")
        .doc("1.0.1", "string")
        .summary("Set multiple keys to multiple values")
        .complexity("O(N) where N is the number of keys to set.");
  }

  private static void defs1() {
    cmd("msetnx", -3, "write denyoom", 1, -1, 2, "string", KEYSPACE_WRITE,
        StringCommands::msetnx, StringCommands::checkMsetnx)
        .tips("request_policy:multi_shard", "response_policy:agg_min")
        .keys("OW insert|1|-1,2,0")
        .doc("1.0.1", "string")
        .summary("Set multiple keys to multiple values, only if none of the keys exist")
        .complexity("O(N) where N is the number of keys to set.");
    cmd("getset", 3, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::getset, null)
        .keys("RW access update|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Set the string value of a key and return its old value")
        .complexity("O(1)");
    cmd("getdel", 2, "write fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::getdel, null)
        .keys("RW access delete|1|0,1,0")
        .doc("6.2.0", "string")
        .summary("Get the value of a key and delete the key")
        .complexity("O(1)");
    cmd("getex", -2, "write fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::getex, StringCommands::checkGetex)
        .keys("RW access update|1|0,1,0|RW and UPDATE because it changes the TTL")
        .doc("6.2.0", "string")
        .summary("Get the value of a key and optionally set its expiration")
        .complexity("O(1)");
    cmd("append", 3, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::append, null)
        .keys("RW insert|1|0,1,0")
        .doc("2.0.0", "string")
        .summary("Append a value to a key")
        .complexity("O(1). The amortized time complexity is O(1) assuming the appended value is"
            + " small and the already present value is of any size, since the dynamic string"
            + " library used by Redis will double the free space available on every reallocation.");
    cmd("strlen", 2, "readonly fast", 1, 1, 1, "string", KEYSPACE_READ,
        StringCommands::strlen, null)
        .keys("RO|1|0,1,0")
        .doc("2.2.0", "string")
        .summary("Get the length of the value stored in a key")
        .complexity("O(1)");
    cmd("getrange", 4, "readonly", 1, 1, 1, "string", KEYSPACE_READ,
        StringCommands::getrange, StringCommands::checkGetrange)
        .keys("RO access|1|0,1,0")
        .doc("2.4.0", "string")
        .summary("Get a substring of the string stored at a key")
        .complexity("O(N) where N is the length of the returned string. The complexity is"
            + " ultimately determined by the returned length, but because creating a substring"
            + " from an existing string is very cheap, it can be considered O(1) for small"
            + " strings.");
  }

  private static void defs2() {
    cmd("substr", 4, "readonly", 1, 1, 1, "string", KEYSPACE_READ,
        StringCommands::getrange, StringCommands::checkGetrange)
        .keys("RO access|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Get a substring of the string stored at a key")
        .complexity("O(N) where N is the length of the returned string. The complexity is"
            + " ultimately determined by the returned length, but because creating a substring"
            + " from an existing string is very cheap, it can be considered O(1) for small"
            + " strings.");
    cmd("setrange", 4, "write denyoom", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::setrange, StringCommands::checkSetrange)
        .keys("RW update|1|0,1,0")
        .doc("2.2.0", "string")
        .summary("Overwrite part of a string at key starting at the specified offset")
        .complexity("O(1), not counting the time taken to copy the new string in place."
            + " Usually, this string is very small so the amortized complexity is O(1)."
            + " Otherwise, complexity is O(M) with M being the length of the value argument.");
    cmd("incr", 2, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::incr, null)
        .keys("RW access update|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Increment the integer value of a key by one")
        .complexity("O(1)");
    cmd("decr", 2, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::decr, null)
        .keys("RW access update|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Decrement the integer value of a key by one")
        .complexity("O(1)");
    cmd("incrby", 3, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::incrby, StringCommands::checkIncrby)
        .keys("RW access update|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Increment the integer value of a key by the given amount")
        .complexity("O(1)");
    cmd("decrby", 3, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::decrby, StringCommands::checkDecrby)
        .keys("RW access update|1|0,1,0")
        .doc("1.0.0", "string")
        .summary("Decrement the integer value of a key by the given number")
        .complexity("O(1)");
    cmd("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "string", KEYSPACE_WRITE,
        StringCommands::incrbyfloat, null)
        .keys("RW access update|1|0,1,0")
        .doc("2.6.0", "string")
        .summary("Increment the float value of a key by the given amount")
        .complexity("O(1)");
  }

  private static void defs3() {
    cmd("del", -2, "write", 1, -1, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::del, null)
        .tips("request_policy:multi_shard", "response_policy:agg_sum")
        .keys("RM delete|1|-1,1,0")
        .doc("1.0.0", "generic")
        .summary("Delete a key")
        .complexity("O(N) where N is the number of keys that will be removed. When a key to"
            + " remove holds a value other than a string, the individual complexity for this"
            + " key is O(M) where M is the number of elements in the list, set, sorted set or"
            + " hash. Removing a single key that holds a string value is O(1).");
    cmd("unlink", -2, "write fast", 1, -1, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::del, null)
        .tips("request_policy:multi_shard", "response_policy:agg_sum")
        .keys("RM delete|1|-1,1,0")
        .doc("4.0.0", "generic")
        .summary("Delete a key asynchronously in another thread. Otherwise it is just as DEL,"
            + " but non blocking.")
        .complexity("O(1) for each key removed regardless of its size. Then the command does"
            + " O(N) work in a different thread in order to reclaim memory, where N is the"
            + " number of allocations the deleted objects where composed of.");
    cmd("exists", -2, "readonly fast", 1, -1, 1, "keyspace", KEYSPACE_READ,
        KeyCommands::exists, null)
        .tips("request_policy:multi_shard", "response_policy:agg_sum")
        .keys("RO|1|-1,1,0")
        .doc("1.0.0", "generic")
        .summary("Determine if a key exists")
        .complexity("O(N) where N is the number of keys to check.");
    cmd("touch", -2, "readonly fast", 1, -1, 1, "keyspace", KEYSPACE_READ,
        KeyCommands::touch, null)
        .tips("request_policy:multi_shard", "response_policy:agg_sum")
        .keys("RO|1|-1,1,0")
        .doc("3.2.1", "generic")
        .summary("Alters the last access time of a key(s). Returns the number of existing keys"
            + " specified.")
        .complexity("O(N) where N is the number of keys that will be touched.");
    cmd("expire", -3, "write fast", 1, 1, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::expire, KeyCommands::checkExpire)
        .keys("RW update|1|0,1,0")
        .doc("1.0.0", "generic")
        .summary("Set a key's time to live in seconds")
        .complexity("O(1)");
    cmd("pexpire", -3, "write fast", 1, 1, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::pexpire, KeyCommands::checkExpire)
        .keys("RW update|1|0,1,0")
        .doc("2.6.0", "generic")
        .summary("Set a key's time to live in milliseconds")
        .complexity("O(1)");
    cmd("expireat", -3, "write fast", 1, 1, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::expireat, KeyCommands::checkExpire)
        .keys("RW update|1|0,1,0")
        .doc("1.2.0", "generic")
        .summary("Set the expiration for a key as a UNIX timestamp")
        .complexity("O(1)");
  }

  private static void defs4() {
    cmd("pexpireat", -3, "write fast", 1, 1, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::pexpireat, KeyCommands::checkExpire)
        .keys("RW update|1|0,1,0")
        .doc("2.6.0", "generic")
        .summary("Set the expiration for a key as a UNIX timestamp specified in milliseconds")
        .complexity("O(1)");
    cmd("ttl", 2, "readonly fast", 1, 1, 1, "keyspace", KEYSPACE_READ,
        KeyCommands::ttl, null)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("1.0.0", "generic")
        .summary("Get the time to live for a key in seconds")
        .complexity("O(1)");
    cmd("pttl", 2, "readonly fast", 1, 1, 1, "keyspace", KEYSPACE_READ,
        KeyCommands::pttl, null)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("2.6.0", "generic")
        .summary("Get the time to live for a key in milliseconds")
        .complexity("O(1)");
    cmd("expiretime", 2, "readonly fast", 1, 1, 1, "keyspace", KEYSPACE_READ,
        KeyCommands::expiretime, null)
        .keys("RO access|1|0,1,0")
        .doc("7.0.0", "generic")
        .summary("Get the expiration Unix timestamp for a key")
        .complexity("O(1)");
    cmd("pexpiretime", 2, "readonly fast", 1, 1, 1, "keyspace", KEYSPACE_READ,
        KeyCommands::pexpiretime, null)
        .keys("RO access|1|0,1,0")
        .doc("7.0.0", "generic")
        .summary("Get the expiration Unix timestamp for a key in milliseconds")
        .complexity("O(1)");
    cmd("persist", 2, "write fast", 1, 1, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::persist, null)
        .keys("RW update|1|0,1,0")
        .doc("2.2.0", "generic")
        .summary("Remove the expiration from a key")
        .complexity("O(1)");
    cmd("type", 2, "readonly fast", 1, 1, 1, "keyspace", KEYSPACE_READ,
        KeyCommands::type, null)
        .keys("RO|1|0,1,0")
        .doc("1.0.0", "generic")
        .summary("Determine the type stored at key")
        .complexity("O(1)");
  }

  private static void defs5() {
    cmd("rename", 3, "write", 1, 2, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::rename, null)
        .keys("RW access delete|1|0,1,0")
        .keys("OW update|2|0,1,0")
        .doc("1.0.0", "generic")
        .summary("Rename a key")
        .complexity("O(1)");
    cmd("renamenx", 3, "write fast", 1, 2, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::renamenx, null)
        .keys("RW access delete|1|0,1,0")
        .keys("OW insert|2|0,1,0")
        .doc("1.0.0", "generic")
        .summary("Rename a key, only if the new key does not exist")
        .complexity("O(1)");
    cmd("copy", -3, "write denyoom", 1, 2, 1, "keyspace", KEYSPACE_WRITE,
        KeyCommands::copy, KeyCommands::checkCopy)
        .keys("RO access|1|0,1,0")
        .keys("OW update|2|0,1,0")
        .doc("6.2.0", "generic")
        .summary("Copy a key")
        .complexity("O(N) worst case for collections, where N is the number of nested items."
            + " O(1) for string values.");
    cmd("keys", 2, "readonly", 0, 0, 0, "keyspace dangerous", KEYSPACE_READ,
        KeyCommands::keys, null)
        .tips("request_policy:all_shards", "nondeterministic_output_order")
        .doc("1.0.0", "generic")
        .summary("Find all keys matching the given pattern")
        .complexity("O(N) with N being the number of keys in the database, under the assumption"
            + " that the key names in the database and the given pattern have limited length.");
    cmd("scan", -2, "readonly", 0, 0, 0, "keyspace", KEYSPACE_READ,
        KeyCommands::scan, KeyCommands::checkScan)
        .tips("nondeterministic_output", "request_policy:special")
        .doc("2.8.0", "generic")
        .summary("Incrementally iterate the keys space")
        .complexity("O(1) for every call. O(N) for a complete iteration, including enough"
            + " command calls for the cursor to return back to 0. N is the number of elements"
            + " inside the collection.");
    cmd("randomkey", 1, "readonly", 0, 0, 0, "keyspace", KEYSPACE_READ,
        KeyCommands::randomkey, null)
        .tips("request_policy:all_shards", "nondeterministic_output")
        .doc("1.0.0", "generic")
        .summary("Return a random key from the keyspace")
        .complexity("O(1)");
    cmd("dbsize", 1, "readonly fast", 0, 0, 0, "keyspace", KEYSPACE_READ,
        ServerCommands::dbsize, null)
        .tips("request_policy:all_shards", "response_policy:agg_sum")
        .doc("1.0.0", "server")
        .summary("Return the number of keys in the selected database")
        .complexity("O(1)");
  }

  private static void defs6() {
    cmd("flushall", -1, "write", 0, 0, 0, "keyspace dangerous", KEYSPACE_WRITE,
        ServerCommands::flushall, ServerCommands::checkFlush)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("1.0.0", "server")
        .summary("Remove all keys from all databases")
        .complexity("O(N) where N is the total number of keys in all databases");
    cmd("flushdb", -1, "write", 0, 0, 0, "keyspace dangerous", KEYSPACE_WRITE,
        ServerCommands::flushall, ServerCommands::checkFlush)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("1.0.0", "server")
        .summary("Remove all keys from the current database")
        .complexity("O(N) where N is the number of keys in the selected database");
    cmd("command", -1, "loading stale sentinel", 0, 0, 0, "connection", LOCAL,
        ServerCommands::command, null)
        .tips("nondeterministic_output_order")
        .doc("2.8.13", "server")
        .summary("Get array of Redis command details")
        .complexity("O(N) where N is the total number of Redis commands");
    sub("count", 2, "loading stale sentinel", 0, 0, 0, "connection", LOCAL,
        ServerCommands::commandCount, null)
        .doc("2.8.13", "server")
        .summary("Get total number of Redis commands")
        .complexity("O(1)");
    sub("info", -2, "loading stale sentinel", 0, 0, 0, "connection", LOCAL,
        ServerCommands::commandInfo, null)
        .tips("nondeterministic_output_order")
        .doc("2.8.13", "server")
        .summary("Get array of specific Redis command details, or all when no argument is given.")
        .complexity("O(N) where N is the number of commands to look up");
    sub("docs", -2, "loading stale sentinel", 0, 0, 0, "connection", LOCAL,
        ServerCommands::commandDocs, null)
        .tips("nondeterministic_output_order")
        .doc("7.0.0", "server")
        .summary("Get array of specific Redis command documentation")
        .complexity("O(N) where N is the number of commands to look up");
    sub("list", -2, "loading stale sentinel", 0, 0, 0, "connection", LOCAL,
        ServerCommands::commandList, ServerCommands::checkCommandList)
        .tips("nondeterministic_output_order")
        .doc("7.0.0", "server")
        .summary("Get an array of Redis command names")
        .complexity("O(N) where N is the total number of Redis commands");
    sub("getkeys", -4, "loading stale sentinel", 0, 0, 0, "connection", LOCAL,
        ServerCommands::commandGetkeys, null)
        .doc("2.8.13", "server")
        .summary("Extract keys given a full Redis command")
        .complexity("O(N) where N is the number of arguments to the command");
    sub("help", 2, "loading stale sentinel", 0, 0, 0, "connection", LOCAL,
        ServerCommands::commandHelp, null)
        .doc("5.0.0", "server")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
  }

  private static void defs7() {
    cmd("ping", -1, "fast sentinel", 0, 0, 0, "connection", SESSION,
        null, null)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("1.0.0", "connection")
        .summary("Ping the server")
        .complexity("O(1)");
    cmd("echo", 2, "loading stale fast", 0, 0, 0, "connection", SESSION,
        null, null)
        .doc("1.0.0", "connection")
        .summary("Echo the given string")
        .complexity("O(1)");
    cmd("quit", -1, "allow_busy noscript loading stale fast no_auth", 0, 0, 0, "connection",
        SESSION,
        null, null)
        .doc("1.0.0", "connection")
        .summary("Close the connection")
        .complexity("O(1)");
    cmd("select", 2, "loading stale fast", 0, 0, 0, "connection", SESSION,
        null, null)
        .doc("1.0.0", "connection")
        .summary("Change the selected database for the current connection")
        .complexity("O(1)");
    cmd("hello", -1, "noscript loading stale fast no_auth sentinel allow_busy", 0, 0, 0,
        "connection", SESSION,
        null, null)
        .doc("6.0.0", "connection")
        .summary("Handshake with Redis")
        .complexity("O(1)");
    cmd("auth", -2, "noscript loading stale fast no_auth sentinel allow_busy", 0, 0, 0,
        "connection", SESSION,
        null, null)
        .doc("1.0.0", "connection")
        .summary("Authenticate to the server")
        .complexity("O(N) where N is the number of passwords defined for the user");
    cmd("client", -2, "sentinel", 0, 0, 0, "", SESSION,
        null, null)
        .doc("2.4.0", "connection")
        .summary("A container for client connection commands")
        .complexity("Depends on subcommand.");
    cmd("info", -1, "loading stale sentinel", 0, 0, 0, "dangerous", SESSION,
        null, null)
        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
        .doc("1.0.0", "server")
        .summary("Get information and statistics about the server")
        .complexity("O(1)");
  }

  private static void defs8() {
    // BGSAVE starts a snapshot of this node's shard (MemoryDB refuses it; Mneme keeps it as the
    // operator's "snapshot now"). CONFIG answers GET for the parameters clients ask about.
    cmd("bgsave", -1, "admin noscript no_async_loading", 0, 0, 0, "", SESSION,
        null, null)
        .doc("1.0.0", "server")
        .summary("Asynchronously save the dataset to disk")
        .complexity("O(1)");
    cmd("config", -2, "", 0, 0, 0, "", SESSION,
        null, null)
        .doc("2.0.0", "server")
        .summary("A container for server configuration commands")
        .complexity("Depends on subcommand.");
    cmd("time", 1, "loading stale fast", 0, 0, 0, "", SESSION,
        null, null)
        .tips("nondeterministic_output")
        .doc("2.6.0", "server")
        .summary("Return the current server time")
        .complexity("O(1)");
    cmd("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "connection",
        SESSION,
        null, null)
        .doc("6.2.0", "connection")
        .summary("Reset the connection")
        .complexity("O(1)");
    cmd("readonly", 1, "fast loading stale", 0, 0, 0, "connection", SESSION,
        null, null)
        .doc("3.0.0", "cluster")
        .summary("Enables read queries for a connection to a cluster replica node")
        .complexity("O(1)");
    cmd("asking", 1, "fast", 0, 0, 0, "connection", SESSION,
        null, null)
        .doc("3.0.0", "cluster")
        .summary("Sent by cluster clients after an -ASK redirect")
        .complexity("O(1)");
    cmd("readwrite", 1, "fast loading stale", 0, 0, 0, "connection", SESSION,
        null, null)
        .doc("3.0.0", "cluster")
        .summary("Disables read queries for a connection to a cluster replica node")
        .complexity("O(1)");
    cmd("cluster", -2, "", 0, 0, 0, "", SESSION,
        null, null)
        .doc("3.0.0", "cluster")
        .summary("A container for cluster commands")
        .complexity("Depends on subcommand.");
  }

  // Pub/sub runs in the RESP layer (a node's hub and its peers), never in the engine or log.
  private static void defsPubSub() {
    cmd("subscribe", -2, "pubsub noscript loading stale sentinel", 0, 0, 0, "pubsub", SESSION,
        null, null)
        .doc("2.0.0", "pubsub")
        .summary("Listen for messages published to the given channels")
        .complexity("O(N) where N is the number of channels to subscribe to.");
    cmd("psubscribe", -2, "pubsub noscript loading stale sentinel", 0, 0, 0, "pubsub", SESSION,
        null, null)
        .doc("2.0.0", "pubsub")
        .summary("Listen for messages published to channels matching the given patterns")
        .complexity("O(N) where N is the number of patterns the client is already subscribed"
            + " to.");
    cmd("unsubscribe", -1, "pubsub noscript loading stale sentinel", 0, 0, 0, "pubsub", SESSION,
        null, null)
        .doc("2.0.0", "pubsub")
        .summary("Stop listening for messages posted to the given channels")
        .complexity("O(N) where N is the number of clients already subscribed to a channel.");
    cmd("punsubscribe", -1, "pubsub noscript loading stale sentinel", 0, 0, 0, "pubsub",
        SESSION, null, null)
        .doc("2.0.0", "pubsub")
        .summary("Stop listening for messages posted to channels matching the given patterns")
        .complexity("O(N+M) where N is the number of patterns the client is already subscribed"
            + " and M is the number of total patterns subscribed in the system (by any"
            + " client).");
    cmd("publish", 3, "pubsub loading stale fast may_replicate sentinel", 0, 0, 0, "pubsub",
        SESSION, null, null)
        .doc("2.0.0", "pubsub")
        .summary("Post a message to a channel")
        .complexity("O(N+M) where N is the number of clients subscribed to the receiving"
            + " channel and M is the total number of subscribed patterns (by any client).");
    cmd("ssubscribe", -2, "pubsub noscript loading stale", 1, -1, 1, "pubsub", SESSION,
        null, null)
        .keys("not_key|1|-1,1,0")
        .doc("7.0.0", "pubsub")
        .summary("Listen for messages published to the given shard channels")
        .complexity("O(N) where N is the number of shard channels to subscribe to.");
    cmd("sunsubscribe", -1, "pubsub noscript loading stale", 1, -1, 1, "pubsub", SESSION,
        null, null)
        .keys("not_key|1|-1,1,0")
        .doc("7.0.0", "pubsub")
        .summary("Stop listening for messages posted to the given shard channels")
        .complexity("O(N) where N is the number of clients already subscribed to a shard"
            + " channel.");
    cmd("spublish", 3, "pubsub loading stale fast may_replicate", 1, 1, 1, "pubsub", SESSION,
        null, null)
        .keys("not_key|1|0,1,0")
        .doc("7.0.0", "pubsub")
        .summary("Post a message to a shard channel")
        .complexity("O(N) where N is the number of clients subscribed to the receiving shard"
            + " channel.");
  }

  private static void defsPubSubContainer() {
    cmd("pubsub", -2, "", 0, 0, 0, "", SESSION, null, null)
        .doc("2.8.0", "pubsub")
        .summary("A container for Pub/Sub commands")
        .complexity("Depends on subcommand.");
    sub("channels", -2, "pubsub loading stale", 0, 0, 0, "pubsub", SESSION, null, null)
        .doc("2.8.0", "pubsub")
        .summary("List active channels")
        .complexity("O(N) where N is the number of active channels, and assuming constant time"
            + " pattern matching (relatively short channels and patterns)");
    sub("numsub", -2, "pubsub loading stale", 0, 0, 0, "pubsub", SESSION, null, null)
        .doc("2.8.0", "pubsub")
        .summary("Get the count of subscribers for channels")
        .complexity("O(N) for the NUMSUB subcommand, where N is the number of requested"
            + " channels");
    sub("numpat", 2, "pubsub loading stale", 0, 0, 0, "pubsub", SESSION, null, null)
        .doc("2.8.0", "pubsub")
        .summary("Get the count of unique patterns pattern subscriptions")
        .complexity("O(1)");
    sub("shardchannels", -2, "pubsub loading stale", 0, 0, 0, "pubsub", SESSION, null, null)
        .doc("7.0.0", "pubsub")
        .summary("List active shard channels")
        .complexity("O(N) where N is the number of active shard channels, and assuming constant"
            + " time pattern matching (relatively short shard channels).");
    sub("shardnumsub", -2, "pubsub loading stale", 0, 0, 0, "pubsub", SESSION, null, null)
        .doc("7.0.0", "pubsub")
        .summary("Get the count of subscribers for shard channels")
        .complexity("O(N) for the SHARDNUMSUB subcommand, where N is the number of requested"
            + " shard channels");
    sub("help", 2, "loading stale", 0, 0, 0, "pubsub", SESSION, null, null)
        .doc("6.2.0", "pubsub")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
  }

  private static void defsHash() {
    defsHash1();
    defsHash2();
  }

  private static void defsHash1() {
    cmd("hset", -4, "write denyoom fast", 1, 1, 1, "hash", KEYSPACE_WRITE,
        HashCommands::hset, HashCommands::checkHset)
        .keys("RW update|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Set the string value of a hash field")
        .complexity("O(1) for each field/value pair added, so O(N) to add N field/value pairs when"
            + " the command is called with multiple field/value pairs.");
    cmd("hsetnx", 4, "write denyoom fast", 1, 1, 1, "hash", KEYSPACE_WRITE,
        HashCommands::hsetnx, null)
        .keys("RW insert|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Set the value of a hash field, only if the field does not exist")
        .complexity("O(1)");
    cmd("hmset", -4, "write denyoom fast", 1, 1, 1, "hash", KEYSPACE_WRITE,
        HashCommands::hmset, HashCommands::checkHmset)
        .keys("RW update|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Set multiple hash fields to multiple values")
        .complexity("O(N) where N is the number of fields being set.");
    cmd("hget", 3, "readonly fast", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hget, null)
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Get the value of a hash field")
        .complexity("O(1)");
    cmd("hmget", -3, "readonly fast", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hmget, null)
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Get the values of all the given hash fields")
        .complexity("O(N) where N is the number of fields being requested.");
    cmd("hgetall", 2, "readonly", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hgetall, null)
        .tips("nondeterministic_output_order")
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Get all the fields and values in a hash")
        .complexity("O(N) where N is the size of the hash.");
    cmd("hdel", -3, "write fast", 1, 1, 1, "hash", KEYSPACE_WRITE,
        HashCommands::hdel, null)
        .keys("RW delete|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Delete one or more hash fields")
        .complexity("O(N) where N is the number of fields to be removed.");
    cmd("hlen", 2, "readonly fast", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hlen, null)
        .keys("RO|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Get the number of fields in a hash")
        .complexity("O(1)");
  }

  private static void defsHash2() {
    cmd("hexists", 3, "readonly fast", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hexists, null)
        .keys("RO|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Determine if a hash field exists")
        .complexity("O(1)");
    cmd("hkeys", 2, "readonly", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hkeys, null)
        .tips("nondeterministic_output_order")
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Get all the fields in a hash")
        .complexity("O(N) where N is the size of the hash.");
    cmd("hvals", 2, "readonly", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hvals, null)
        .tips("nondeterministic_output_order")
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Get all the values in a hash")
        .complexity("O(N) where N is the size of the hash.");
    cmd("hincrby", 4, "write denyoom fast", 1, 1, 1, "hash", KEYSPACE_WRITE,
        HashCommands::hincrby, HashCommands::checkHincrby)
        .keys("RW access update|1|0,1,0")
        .doc("2.0.0", "hash")
        .summary("Increment the integer value of a hash field by the given number")
        .complexity("O(1)");
    cmd("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, "hash", KEYSPACE_WRITE,
        HashCommands::hincrbyfloat, HashCommands::checkHincrbyfloat)
        .keys("RW access update|1|0,1,0")
        .doc("2.6.0", "hash")
        .summary("Increment the float value of a hash field by the given amount")
        .complexity("O(1)");
    cmd("hstrlen", 3, "readonly fast", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hstrlen, null)
        .keys("RO|1|0,1,0")
        .doc("3.2.0", "hash")
        .summary("Get the length of the value of a hash field")
        .complexity("O(1)");
    cmd("hrandfield", -2, "readonly", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hrandfield, HashCommands::checkHrandfield)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("6.2.0", "hash")
        .summary("Get one or multiple random fields from a hash")
        .complexity("O(N) where N is the number of fields returned");
    cmd("hscan", -3, "readonly", 1, 1, 1, "hash", KEYSPACE_READ,
        HashCommands::hscan, ElementScan::checkCursor)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("2.8.0", "hash")
        .summary("Incrementally iterate hash fields and associated values")
        .complexity("O(1) for every call. O(N) for a complete iteration, including enough command"
            + " calls for the cursor to return back to 0. N is the number of elements inside the"
            + " collection..");
  }

  private static void defsSet() {
    defsSet1();
    defsSet2();
    defsSet3();
  }

  private static void defsSet1() {
    cmd("sadd", -3, "write denyoom fast", 1, 1, 1, "set", KEYSPACE_WRITE,
        SetCommands::sadd, null)
        .keys("RW insert|1|0,1,0")
        .doc("1.0.0", "set")
        .summary("Add one or more members to a set")
        .complexity("O(1) for each element added, so O(N) to add N elements when the command is"
            + " called with multiple arguments.");
    cmd("srem", -3, "write fast", 1, 1, 1, "set", KEYSPACE_WRITE,
        SetCommands::srem, null)
        .keys("RW delete|1|0,1,0")
        .doc("1.0.0", "set")
        .summary("Remove one or more members from a set")
        .complexity("O(N) where N is the number of members to be removed.");
    cmd("scard", 2, "readonly fast", 1, 1, 1, "set", KEYSPACE_READ,
        SetCommands::scard, null)
        .keys("RO|1|0,1,0")
        .doc("1.0.0", "set")
        .summary("Get the number of members in a set")
        .complexity("O(1)");
    cmd("sismember", 3, "readonly fast", 1, 1, 1, "set", KEYSPACE_READ,
        SetCommands::sismember, null)
        .keys("RO|1|0,1,0")
        .doc("1.0.0", "set")
        .summary("Determine if a given value is a member of a set")
        .complexity("O(1)");
    cmd("smismember", -3, "readonly fast", 1, 1, 1, "set", KEYSPACE_READ,
        SetCommands::smismember, null)
        .keys("RO access|1|0,1,0")
        .doc("6.2.0", "set")
        .summary("Returns the membership associated with the given elements for a set")
        .complexity("O(N) where N is the number of elements being checked for membership");
    cmd("smembers", 2, "readonly", 1, 1, 1, "set", KEYSPACE_READ,
        SetCommands::smembers, null)
        .tips("nondeterministic_output_order")
        .keys("RO access|1|0,1,0")
        .doc("1.0.0", "set")
        .summary("Get all the members in a set")
        .complexity("O(N) where N is the set cardinality.");
  }

  private static void defsSet2() {
    cmd("srandmember", -2, "readonly", 1, 1, 1, "set", KEYSPACE_READ,
        SetCommands::srandmember, SetCommands::checkSrandmember)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("1.0.0", "set")
        .summary("Get one or multiple random members from a set")
        .complexity("Without the count argument O(1), otherwise O(N) where N is the absolute value"
            + " of the passed count.");
    cmd("spop", -2, "write fast", 1, 1, 1, "set", KEYSPACE_WRITE,
        SetCommands::spop, SetCommands::checkSpop)
        .tips("nondeterministic_output")
        .keys("RW access delete|1|0,1,0")
        .doc("1.0.0", "set")
        .summary("Remove and return one or multiple random members from a set")
        .complexity("Without the count argument O(1), otherwise O(N) where N is the value of the"
            + " passed count.");
    cmd("smove", 4, "write fast", 1, 2, 1, "set", KEYSPACE_WRITE,
        SetCommands::smove, null)
        .keys("RW access delete|1|0,1,0")
        .keys("RW insert|2|0,1,0")
        .doc("1.0.0", "set")
        .summary("Move a member from one set to another")
        .complexity("O(1)");
    cmd("sinter", -2, "readonly", 1, -1, 1, "set", KEYSPACE_READ,
        SetCommands::sinter, null)
        .tips("nondeterministic_output_order")
        .keys("RO access|1|-1,1,0")
        .doc("1.0.0", "set")
        .summary("Intersect multiple sets")
        .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the"
            + " number of sets.");
    cmd("sintercard", -3, "readonly", 0, 0, 0, "set", KEYSPACE_READ,
        SetCommands::sintercard, SetCommands::checkSintercard)
        .keys("RO access|1|keynum 0,1,1")
        .doc("7.0.0", "set")
        .summary("Intersect multiple sets and return the cardinality of the result")
        .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the"
            + " number of sets.");
    cmd("sinterstore", -3, "write denyoom", 1, -1, 1, "set", KEYSPACE_WRITE,
        SetCommands::sinterstore, null)
        .keys("RW update|1|0,1,0")
        .keys("RO access|2|-1,1,0")
        .doc("1.0.0", "set")
        .summary("Intersect multiple sets and store the resulting set in a key")
        .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the"
            + " number of sets.");
  }

  private static void defsSet3() {
    cmd("sunion", -2, "readonly", 1, -1, 1, "set", KEYSPACE_READ,
        SetCommands::sunion, null)
        .tips("nondeterministic_output_order")
        .keys("RO access|1|-1,1,0")
        .doc("1.0.0", "set")
        .summary("Add multiple sets")
        .complexity("O(N) where N is the total number of elements in all given sets.");
    cmd("sunionstore", -3, "write denyoom", 1, -1, 1, "set", KEYSPACE_WRITE,
        SetCommands::sunionstore, null)
        .keys("OW update|1|0,1,0")
        .keys("RO access|2|-1,1,0")
        .doc("1.0.0", "set")
        .summary("Add multiple sets and store the resulting set in a key")
        .complexity("O(N) where N is the total number of elements in all given sets.");
    cmd("sdiff", -2, "readonly", 1, -1, 1, "set", KEYSPACE_READ,
        SetCommands::sdiff, null)
        .tips("nondeterministic_output_order")
        .keys("RO access|1|-1,1,0")
        .doc("1.0.0", "set")
        .summary("Subtract multiple sets")
        .complexity("O(N) where N is the total number of elements in all given sets.");
    cmd("sdiffstore", -3, "write denyoom", 1, -1, 1, "set", KEYSPACE_WRITE,
        SetCommands::sdiffstore, null)
        .keys("OW update|1|0,1,0")
        .keys("RO access|2|-1,1,0")
        .doc("1.0.0", "set")
        .summary("Subtract multiple sets and store the resulting set in a key")
        .complexity("O(N) where N is the total number of elements in all given sets.");
    cmd("sscan", -3, "readonly", 1, 1, 1, "set", KEYSPACE_READ,
        SetCommands::sscan, ElementScan::checkCursor)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("2.8.0", "set")
        .summary("Incrementally iterate Set elements")
        .complexity("O(1) for every call. O(N) for a complete iteration, including enough command"
            + " calls for the cursor to return back to 0. N is the number of elements inside the"
            + " collection..");
  }

  /** MULTI and friends: the RESP layer runs them (an EXEC is one log entry). */
  private static void defsTransactions() {
    cmd("multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transaction", SESSION,
        null, null)
        .doc("1.2.0", "transactions")
        .summary("Mark the start of a transaction block")
        .complexity("O(1)");
    cmd("exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0, "transaction", SESSION,
        null, null)
        .doc("1.2.0", "transactions")
        .summary("Execute all commands issued after MULTI")
        .complexity("Depends on commands in the transaction");
    cmd("discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transaction", SESSION,
        null, null)
        .doc("2.0.0", "transactions")
        .summary("Discard all commands issued after MULTI")
        .complexity("O(N), when N is the number of queued commands");
    cmd("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, "transaction",
        SESSION, null, null)
        .keys("RO|1|-1,1,0")
        .doc("2.2.0", "transactions")
        .summary("Watch the given keys to determine execution of the MULTI/EXEC block")
        .complexity("O(1) for every key.");
    cmd("unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "transaction",
        SESSION, null, null)
        .doc("2.2.0", "transactions")
        .summary("Forget about all watched keys")
        .complexity("O(1)");
  }

  private static void defsList() {
    cmd("lpush", -3, "write denyoom fast", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::lpush, null)
        .keys("RW insert|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Prepend one or multiple elements to a list")
        .complexity("O(1) for each element added, so O(N) to add N elements when the command is"
            + " called with multiple arguments.");
    cmd("rpush", -3, "write denyoom fast", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::rpush, null)
        .keys("RW insert|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Append one or multiple elements to a list")
        .complexity("O(1) for each element added, so O(N) to add N elements when the command is"
            + " called with multiple arguments.");
    cmd("lpushx", -3, "write denyoom fast", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::lpushx, null)
        .keys("RW insert|1|0,1,0")
        .doc("2.2.0", "list")
        .summary("Prepend an element to a list, only if the list exists")
        .complexity("O(1) for each element added, so O(N) to add N elements when the command is"
            + " called with multiple arguments.");
    cmd("rpushx", -3, "write denyoom fast", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::rpushx, null)
        .keys("RW insert|1|0,1,0")
        .doc("2.2.0", "list")
        .summary("Append an element to a list, only if the list exists")
        .complexity("O(1) for each element added, so O(N) to add N elements when the command is"
            + " called with multiple arguments.");
    cmd("lpop", -2, "write fast", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::lpop, ListCommands::checkPop)
        .keys("RW access delete|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Remove and get the first elements in a list")
        .complexity("O(N) where N is the number of elements returned");
    cmd("rpop", -2, "write fast", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::rpop, ListCommands::checkPop)
        .keys("RW access delete|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Remove and get the last elements in a list")
        .complexity("O(N) where N is the number of elements returned");
    cmd("llen", 2, "readonly fast", 1, 1, 1, "list", KEYSPACE_READ,
        ListCommands::llen, null)
        .keys("RO|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Get the length of a list")
        .complexity("O(1)");
    cmd("lindex", 3, "readonly", 1, 1, 1, "list", KEYSPACE_READ,
        ListCommands::lindex, null)
        .keys("RO access|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Get an element from a list by its index")
        .complexity("O(N) where N is the number of elements to traverse to get to the element at"
            + " index. This makes asking for the first or the last element of the list O(1).");
  }

  private static void defsList2() {
    cmd("lset", 4, "write denyoom", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::lset, null)
        .keys("RW update|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Set the value of an element in a list by its index")
        .complexity("O(N) where N is the length of the list. Setting either the first or the last"
            + " element of the list is O(1).");
    cmd("lrange", 4, "readonly", 1, 1, 1, "list", KEYSPACE_READ,
        ListCommands::lrange, ListCommands::checkRange)
        .keys("RO access|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Get a range of elements from a list")
        .complexity("O(S+N) where S is the distance of start offset from HEAD for small lists, from"
            + " nearest end (HEAD or TAIL) for large lists; and N is the number of elements in"
            + " the specified range.");
    cmd("ltrim", 4, "write", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::ltrim, ListCommands::checkRange)
        .keys("RW delete|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Trim a list to the specified range")
        .complexity("O(N) where N is the number of elements to be removed by the operation.");
    cmd("lrem", 4, "write", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::lrem, ListCommands::checkLrem)
        .keys("RW delete|1|0,1,0")
        .doc("1.0.0", "list")
        .summary("Remove elements from a list")
        .complexity("O(N+M) where N is the length of the list and M is the number of elements"
            + " removed.");
    cmd("linsert", 5, "write denyoom", 1, 1, 1, "list", KEYSPACE_WRITE,
        ListCommands::linsert, ListCommands::checkLinsert)
        .keys("RW insert|1|0,1,0")
        .doc("2.2.0", "list")
        .summary("Insert an element before or after another element in a list")
        .complexity("O(N) where N is the number of elements to traverse before seeing the value"
            + " pivot. This means that inserting somewhere on the left end on the list (head)"
            + " can be considered O(1) and inserting somewhere on the right end (tail) is O(N).");
    cmd("lpos", -3, "readonly", 1, 1, 1, "list", KEYSPACE_READ,
        ListCommands::lpos, ListCommands::checkLpos)
        .keys("RO access|1|0,1,0")
        .doc("6.0.6", "list")
        .summary("Return the index of matching elements on a list")
        .complexity("O(N) where N is the number of elements in the list, for the average case. When"
            + " searching for elements near the head or the tail of the list, or when the"
            + " MAXLEN option is provided, the command may run in constant time.");
    cmd("lmove", 5, "write denyoom", 1, 2, 1, "list", KEYSPACE_WRITE,
        ListCommands::lmove, ListCommands::checkLmove)
        .keys("RW access delete|1|0,1,0")
        .keys("RW insert|2|0,1,0")
        .doc("6.2.0", "list")
        .summary("Pop an element from a list, push it to another list and return it")
        .complexity("O(1)");
    cmd("rpoplpush", 3, "write denyoom", 1, 2, 1, "list", KEYSPACE_WRITE,
        ListCommands::rpoplpush, null)
        .keys("RW access delete|1|0,1,0")
        .keys("RW insert|2|0,1,0")
        .doc("1.2.0", "list")
        .summary("Remove the last element in a list, prepend it to another list and return it")
        .complexity("O(1)");
  }

  private static void defsList3() {
    cmd("lmpop", -4, "write", 0, 0, 0, "list", KEYSPACE_WRITE,
        ListCommands::lmpop, ListCommands::checkLmpop)
        .keys("RW access delete|1|keynum 0,1,1")
        .doc("7.0.0", "list")
        .summary("Pop elements from a list")
        .complexity("O(N+M) where N is the number of provided keys and M is the number of elements"
            + " returned.");
    cmd("blpop", -3, "write noscript blocking", 1, -2, 1, "list", KEYSPACE_WRITE,
        ListCommands::blpop, ListCommands::checkBpop)
        .keys("RW access delete|1|-2,1,0")
        .doc("2.0.0", "list")
        .summary("Remove and get the first element in a list, or block until one is available")
        .complexity("O(N) where N is the number of provided keys.");
    cmd("brpop", -3, "write noscript blocking", 1, -2, 1, "list", KEYSPACE_WRITE,
        ListCommands::brpop, ListCommands::checkBpop)
        .keys("RW access delete|1|-2,1,0")
        .doc("2.0.0", "list")
        .summary("Remove and get the last element in a list, or block until one is available")
        .complexity("O(N) where N is the number of provided keys.");
    cmd("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, "list", KEYSPACE_WRITE,
        ListCommands::blmove, ListCommands::checkBlmove)
        .keys("RW access delete|1|0,1,0")
        .keys("RW insert|2|0,1,0")
        .doc("6.2.0", "list")
        .summary("Pop an element from a list, push it to another list and return it; or block"
            + " until one is available")
        .complexity("O(1)");
    cmd("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, "list", KEYSPACE_WRITE,
        ListCommands::brpoplpush, ListCommands::checkBrpoplpush)
        .keys("RW access delete|1|0,1,0")
        .keys("RW insert|2|0,1,0")
        .doc("2.2.0", "list")
        .summary("Pop an element from a list, push it to another list and return it; or block"
            + " until one is available")
        .complexity("O(1)");
    cmd("blmpop", -5, "write blocking", 0, 0, 0, "list", KEYSPACE_WRITE,
        ListCommands::blmpop, ListCommands::checkBlmpop)
        .keys("RW access delete|2|keynum 0,1,1")
        .doc("7.0.0", "list")
        .summary("Pop elements from a list, or block until one is available")
        .complexity("O(N+M) where N is the number of provided keys and M is the number of elements"
            + " returned.");
  }

  private static void defsBitmap() {
    cmd("setbit", 4, "write denyoom", 1, 1, 1, "bitmap", KEYSPACE_WRITE,
        BitCommands::setbit, BitCommands::checkSetbit)
        .keys("RW access update|1|0,1,0")
        .doc("2.2.0", "bitmap")
        .summary("Sets or clears the bit at offset in the string value stored at key")
        .complexity("O(1)");
    cmd("getbit", 3, "readonly fast", 1, 1, 1, "bitmap", KEYSPACE_READ,
        BitCommands::getbit, BitCommands::checkGetbit)
        .keys("RO access|1|0,1,0")
        .doc("2.2.0", "bitmap")
        .summary("Returns the bit value at offset in the string value stored at key")
        .complexity("O(1)");
    cmd("bitcount", -2, "readonly", 1, 1, 1, "bitmap", KEYSPACE_READ,
        BitCommands::bitcount, null)
        .keys("RO access|1|0,1,0")
        .doc("2.6.0", "bitmap")
        .summary("Count set bits in a string")
        .complexity("O(N)");
    cmd("bitpos", -3, "readonly", 1, 1, 1, "bitmap", KEYSPACE_READ,
        BitCommands::bitpos, null)
        .keys("RO access|1|0,1,0")
        .doc("2.8.7", "bitmap")
        .summary("Find first bit set or clear in a string")
        .complexity("O(N)");
    cmd("bitop", -4, "write denyoom", 2, -1, 1, "bitmap", KEYSPACE_WRITE,
        BitCommands::bitop, BitCommands::checkBitop)
        .keys("OW update|2|0,1,0")
        .keys("RO access|3|-1,1,0")
        .doc("2.6.0", "bitmap")
        .summary("Perform bitwise operations between strings")
        .complexity("O(N)");
    cmd("bitfield", -2, "write denyoom", 1, 1, 1, "bitmap", KEYSPACE_WRITE,
        BitCommands::bitfield, BitCommands::checkBitfield)
        .keys("RW access update variable_flags|1|0,1,0|This command allows both access and"
            + " modification of the key")
        .doc("3.2.0", "bitmap")
        .summary("Perform arbitrary bitfield integer operations on strings")
        .complexity("O(1) for each subcommand specified");
    cmd("bitfield_ro", -2, "readonly fast", 1, 1, 1, "bitmap", KEYSPACE_READ,
        BitCommands::bitfieldRo, BitCommands::checkBitfieldRo)
        .keys("RO access|1|0,1,0")
        .doc("6.0.0", "bitmap")
        .summary("Perform arbitrary bitfield integer operations on strings. Read-only variant of"
            + " BITFIELD")
        .complexity("O(1) for each subcommand specified");
  }

  private static void defsHyperLogLog() {
    cmd("pfadd", -2, "write denyoom fast", 1, 1, 1, "hyperloglog", KEYSPACE_WRITE,
        HyperLogLog::pfadd, null)
        .keys("RW insert|1|0,1,0")
        .doc("2.8.9", "hyperloglog")
        .summary("Adds the specified elements to the specified HyperLogLog.")
        .complexity("O(1) to add every element.");
    cmd("pfcount", -2, "readonly may_replicate", 1, -1, 1, "hyperloglog", KEYSPACE_READ,
        HyperLogLog::pfcount, null)
        .keys("RW access|1|-1,1,0|RW because it may change the internal representation of the"
            + " key, and propagate to replicas")
        .doc("2.8.9", "hyperloglog")
        .summary("Return the approximated cardinality of the set(s) observed by the HyperLogLog at"
            + " key(s).")
        .complexity("O(1) with a very small average constant time when called with a single key."
            + " O(N) with N being the number of keys, and much bigger constant times, when called"
            + " with multiple keys.");
    cmd("pfmerge", -2, "write denyoom", 1, -1, 1, "hyperloglog", KEYSPACE_WRITE,
        HyperLogLog::pfmerge, null)
        .keys("RW access insert|1|0,1,0")
        .keys("RO access|2|-1,1,0")
        .doc("2.8.9", "hyperloglog")
        .summary("Merge N different HyperLogLogs into a single one.")
        .complexity("O(N) to merge N HyperLogLogs, but with high constant times.");
  }

  /** Streams (t_stream.c), split in parts only to keep methods short. */
  private static void defsStream() {
    defsStream0();
    defsStream1();
    defsStream2();
    defsStream3();
    defsStream4();
  }

  private static void defsStream0() {
    cmd("xadd", -5, "write denyoom fast", 1, 1, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xadd, StreamCommands::checkXadd)
        .tips("nondeterministic_output")
        .keys("RW update|1|0,1,0|UPDATE instead of INSERT because of the optional "
            + "trimming feature")
        .doc("5.0.0", "stream")
        .summary("Appends a new entry to a stream")
        .complexity("O(1) when adding a new entry, O(N) when trimming where N being the "
            + "number of entries evicted.");
    cmd("xrange", -4, "readonly", 1, 1, 1, "stream", KEYSPACE_READ,
        StreamCommands::xrange, StreamCommands::checkXrange)
        .keys("RO access|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Return a range of elements in a stream, with IDs matching the "
            + "specified IDs interval")
        .complexity("O(N) with N being the number of elements being returned. If N is "
            + "constant (e.g. always asking for the first 10 elements with COUNT), "
            + "you can consider it O(1).");
    cmd("xrevrange", -4, "readonly", 1, 1, 1, "stream", KEYSPACE_READ,
        StreamCommands::xrevrange, StreamCommands::checkXrevrange)
        .keys("RO access|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Return a range of elements in a stream, with IDs matching the "
            + "specified IDs interval, in reverse order (from greater to smaller IDs) "
            + "compared to XRANGE")
        .complexity("O(N) with N being the number of elements returned. If N is constant "
            + "(e.g. always asking for the first 10 elements with COUNT), you can "
            + "consider it O(1).");
    cmd("xlen", 2, "readonly fast", 1, 1, 1, "stream", KEYSPACE_READ,
        StreamCommands::xlen, null)
        .keys("RO|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Return the number of entries in a stream")
        .complexity("O(1)");
    cmd("xdel", -3, "write fast", 1, 1, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xdel, null)
        .keys("RW delete|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Removes the specified entries from the stream. Returns the number of "
            + "items actually deleted, that may be different from the number of IDs "
            + "passed in case certain IDs do not exist.")
        .complexity("O(1) for each single item to delete in the stream, regardless of the "
            + "stream size.");
    cmd("xtrim", -4, "write", 1, 1, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xtrim, StreamCommands::checkXtrim)
        .tips("nondeterministic_output")
        .keys("RW delete|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Trims the stream to (approximately if '~' is passed) a certain size")
        .complexity("O(N), with N being the number of evicted entries. Constant times are "
            + "very small however, since entries are organized in macro nodes "
            + "containing multiple entries that can be released with a single "
            + "deallocation.");
  }

  private static void defsStream1() {
    cmd("xread", -4, "readonly blocking", 0, 0, 0, "stream", KEYSPACE_READ,
        StreamCommands::xread, StreamCommands::checkXread)
        .keys("RO access|STREAMS:1|-1,1,2")
        .doc("5.0.0", "stream")
        .summary("Return never seen elements in multiple streams, with IDs greater than "
            + "the ones reported by the caller for each stream. Can block.")
        .complexity("For each stream mentioned: O(N) with N being the number of elements "
            + "being returned, it means that XREAD-ing with a fixed COUNT is O(1). "
            + "Note that when the BLOCK option is used, XADD will pay O(M) time in "
            + "order to serve the M clients blocked on the stream getting new data.");
    cmd("xreadgroup", -7, "write blocking", 0, 0, 0, "stream", KEYSPACE_WRITE,
        StreamCommands::xreadgroup, StreamCommands::checkXreadgroup)
        .keys("RO access|STREAMS:4|-1,1,2")
        .doc("5.0.0", "stream")
        .summary("Return new entries from a stream using a consumer group, or access the "
            + "history of the pending entries for a given consumer. Can block.")
        .complexity("For each stream mentioned: O(M) with M being the number of elements "
            + "returned. If M is constant (e.g. always asking for the first 10 "
            + "elements with COUNT), you can consider it O(1). On the other side when "
            + "XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N "
            + "clients blocked on the stream getting new data.");
    cmd("xack", -4, "write fast", 1, 1, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xack, null)
        .keys("RW update|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Marks a pending message as correctly processed, effectively removing "
            + "it from the pending entries list of the consumer group. Return value "
            + "of the command is the number of messages successfully acknowledged, "
            + "that is, the IDs we were actually able to resolve in the PEL.")
        .complexity("O(1) for each message ID processed.");
    cmd("xpending", -3, "readonly", 1, 1, 1, "stream", KEYSPACE_READ,
        StreamCommands::xpending, StreamCommands::checkXpending)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Return information and entries from a stream consumer group pending "
            + "entries list, that are messages fetched but never acknowledged.")
        .complexity("O(N) with N being the number of elements returned, so asking for a "
            + "small fixed number of entries per call is O(1). O(M), where M is the "
            + "total number of entries scanned when used with the IDLE filter. When "
            + "the command returns just the summary and the list of consumers is "
            + "small, it runs in O(1) time; otherwise, an additional O(N) time for "
            + "iterating every consumer.");
    cmd("xclaim", -6, "write fast", 1, 1, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xclaim, null)
        .tips("nondeterministic_output")
        .keys("RW update|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Changes (or acquires) ownership of a message in a consumer group, as "
            + "if the message was delivered to the specified consumer.")
        .complexity("O(log N) with N being the number of messages in the PEL of the "
            + "consumer group.");
  }

  private static void defsStream2() {
    cmd("xautoclaim", -6, "write fast", 1, 1, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xautoclaim, StreamCommands::checkXautoclaim)
        .tips("nondeterministic_output")
        .keys("RW delete|1|0,1,0")
        .doc("6.2.0", "stream")
        .summary("Changes (or acquires) ownership of messages in a consumer group, as if "
            + "the messages were delivered to the specified consumer.")
        .complexity("O(1) if COUNT is small.");
    cmd("xsetid", -3, "write denyoom fast", 1, 1, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xsetid, StreamCommands::checkXsetid)
        .keys("RW update|1|0,1,0")
        .doc("5.0.0", "stream")
        .summary("An internal command for replicating stream values")
        .complexity("O(1)");
    cmd("xgroup", -2, "", 0, 0, 0, "", KEYSPACE_WRITE,
        null, null)
        .doc("5.0.0", "stream")
        .summary("A container for consumer groups commands")
        .complexity("Depends on subcommand.");
    sub("create", -5, "write denyoom", 2, 2, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xgroupCreate, StreamCommands::checkXgroupCreate)
        .keys("RW insert|2|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Create a consumer group.")
        .complexity("O(1)");
    sub("setid", -5, "write", 2, 2, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xgroupSetid, StreamCommands::checkXgroupSetid)
        .keys("RW update|2|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Set a consumer group to an arbitrary last delivered ID value.")
        .complexity("O(1)");
  }

  private static void defsStream3() {
    sub("destroy", 4, "write", 2, 2, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xgroupDestroy, null)
        .keys("RW delete|2|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Destroy a consumer group.")
        .complexity("O(N) where N is the number of entries in the group's pending entries "
            + "list (PEL).");
    sub("createconsumer", 5, "write denyoom", 2, 2, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xgroupCreateconsumer, null)
        .keys("RW insert|2|0,1,0")
        .doc("6.2.0", "stream")
        .summary("Create a consumer in a consumer group.")
        .complexity("O(1)");
    sub("delconsumer", 5, "write", 2, 2, 1, "stream", KEYSPACE_WRITE,
        StreamCommands::xgroupDelconsumer, null)
        .keys("RW delete|2|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Delete a consumer from a consumer group.")
        .complexity("O(1)");
    sub("help", 2, "loading stale", 0, 0, 0, "stream", LOCAL,
        StreamCommands::xgroupHelp, null)
        .doc("5.0.0", "stream")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
  }

  private static void defsStream4() {
    cmd("xinfo", -2, "", 0, 0, 0, "", KEYSPACE_READ,
        null, null)
        .doc("5.0.0", "stream")
        .summary("A container for stream introspection commands")
        .complexity("Depends on subcommand.");
    sub("consumers", 4, "readonly", 2, 2, 1, "stream", KEYSPACE_READ,
        StreamCommands::xinfoConsumers, null)
        .tips("nondeterministic_output")
        .keys("RO access|2|0,1,0")
        .doc("5.0.0", "stream")
        .summary("List the consumers in a consumer group")
        .complexity("O(1)");
    sub("groups", 3, "readonly", 2, 2, 1, "stream", KEYSPACE_READ,
        StreamCommands::xinfoGroups, null)
        .keys("RO access|2|0,1,0")
        .doc("5.0.0", "stream")
        .summary("List the consumer groups of a stream")
        .complexity("O(1)");
    sub("stream", -3, "readonly", 2, 2, 1, "stream", KEYSPACE_READ,
        StreamCommands::xinfoStream, null)
        .keys("RO access|2|0,1,0")
        .doc("5.0.0", "stream")
        .summary("Get information about a stream")
        .complexity("O(1)");
    sub("help", 2, "loading stale", 0, 0, 0, "stream", LOCAL,
        StreamCommands::xinfoHelp, null)
        .doc("5.0.0", "stream")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
  }

  /** Sorted sets (t_zset.c) and geo (geo.c), in parts to keep methods short. */
  private static void defsZset() {
    defsZset0();
    defsZset1();
    defsZset2();
    defsZset3();
    defsZset4();
    defsZset5();
    defsGeo0();
    defsGeo1();
  }

  private static void defsZset0() {
    cmd("zadd", -4, "write denyoom fast", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zadd, ZSetCommands::checkZadd)
        .keys("RW update|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Add one or more members to a sorted set, or update its score if it already"
            + " exists")
        .complexity("O(log(N)) for each item added, where N is the number of elements in the"
            + " sorted set.");
    cmd("zincrby", 4, "write denyoom fast", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zincrby, ZSetCommands::checkZincrby)
        .keys("RW access update|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Increment the score of a member in a sorted set")
        .complexity("O(log(N)) where N is the number of elements in the sorted set.");
    cmd("zrem", -3, "write fast", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zrem, null)
        .keys("RW delete|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Remove one or more members from a sorted set")
        .complexity("O(M*log(N)) with N being the number of elements in the sorted set and M the"
            + " number of elements to be removed.");
    cmd("zcard", 2, "readonly fast", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zcard, null)
        .keys("RO|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Get the number of members in a sorted set")
        .complexity("O(1)");
    cmd("zscore", 3, "readonly fast", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zscore, null)
        .keys("RO access|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Get the score associated with the given member in a sorted set")
        .complexity("O(1)");
    cmd("zmscore", -3, "readonly fast", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zmscore, null)
        .keys("RO access|1|0,1,0")
        .doc("6.2.0", "sorted-set")
        .summary("Get the score associated with the given members in a sorted set")
        .complexity("O(N) where N is the number of members being requested.");
  }

  private static void defsZset1() {
    cmd("zrank", 3, "readonly fast", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrank, null)
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "sorted-set")
        .summary("Determine the index of a member in a sorted set")
        .complexity("O(log(N))");
    cmd("zrevrank", 3, "readonly fast", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrevrank, null)
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "sorted-set")
        .summary("Determine the index of a member in a sorted set, with scores ordered from high"
            + " to low")
        .complexity("O(log(N))");
    cmd("zcount", 4, "readonly fast", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zcount, ZSetCommands::checkZcount)
        .keys("RO access|1|0,1,0")
        .doc("2.0.0", "sorted-set")
        .summary("Count the members in a sorted set with scores within the given values")
        .complexity("O(log(N)) with N being the number of elements in the sorted set.");
    cmd("zlexcount", 4, "readonly fast", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zlexcount, ZSetCommands::checkZlexcount)
        .keys("RO access|1|0,1,0")
        .doc("2.8.9", "sorted-set")
        .summary("Count the number of members in a sorted set between a given lexicographical"
            + " range")
        .complexity("O(log(N)) with N being the number of elements in the sorted set.");
    cmd("zrange", -4, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrange, ZSetCommands::checkZrange)
        .keys("RO access|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Return a range of members in a sorted set")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements returned.");
    cmd("zrangestore", -5, "write denyoom", 1, 2, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zrangestore, ZSetCommands::checkZrangestore)
        .keys("OW update|1|0,1,0")
        .keys("RO access|2|0,1,0")
        .doc("6.2.0", "sorted-set")
        .summary("Store a range of members from sorted set into another key")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements stored into the destination key.");
  }

  private static void defsZset2() {
    cmd("zrevrange", -4, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrevrange, ZSetCommands::checkZrevrange)
        .keys("RO access|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Return a range of members in a sorted set, by index, with scores ordered from"
            + " high to low")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements returned.");
    cmd("zrangebyscore", -4, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrangebyscore, ZSetCommands::checkZrangebyscore)
        .keys("RO access|1|0,1,0")
        .doc("1.0.5", "sorted-set")
        .summary("Return a range of members in a sorted set, by score")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements being returned. If M is constant (e.g. always asking for the"
            + " first 10 elements with LIMIT), you can consider it O(log(N)).");
    cmd("zrevrangebyscore", -4, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrevrangebyscore, ZSetCommands::checkZrevrangebyscore)
        .keys("RO access|1|0,1,0")
        .doc("2.2.0", "sorted-set")
        .summary("Return a range of members in a sorted set, by score, with scores ordered from"
            + " high to low")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements being returned. If M is constant (e.g. always asking for the"
            + " first 10 elements with LIMIT), you can consider it O(log(N)).");
    cmd("zrangebylex", -4, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrangebylex, ZSetCommands::checkZrangebylex)
        .keys("RO access|1|0,1,0")
        .doc("2.8.9", "sorted-set")
        .summary("Return a range of members in a sorted set, by lexicographical range")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements being returned. If M is constant (e.g. always asking for the"
            + " first 10 elements with LIMIT), you can consider it O(log(N)).");
    cmd("zrevrangebylex", -4, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrevrangebylex, ZSetCommands::checkZrevrangebylex)
        .keys("RO access|1|0,1,0")
        .doc("2.8.9", "sorted-set")
        .summary("Return a range of members in a sorted set, by lexicographical range, ordered"
            + " from higher to lower strings.")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements being returned. If M is constant (e.g. always asking for the"
            + " first 10 elements with LIMIT), you can consider it O(log(N)).");
    cmd("zremrangebyrank", 4, "write", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zremrangebyrank, ZSetCommands::checkZremrangebyrank)
        .keys("RW delete|1|0,1,0")
        .doc("2.0.0", "sorted-set")
        .summary("Remove all members in a sorted set within the given indexes")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements removed by the operation.");
  }

  private static void defsZset3() {
    cmd("zremrangebyscore", 4, "write", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zremrangebyscore, ZSetCommands::checkZcount)
        .keys("RW delete|1|0,1,0")
        .doc("1.2.0", "sorted-set")
        .summary("Remove all members in a sorted set within the given scores")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements removed by the operation.");
    cmd("zremrangebylex", 4, "write", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zremrangebylex, ZSetCommands::checkZlexcount)
        .keys("RW delete|1|0,1,0")
        .doc("2.8.9", "sorted-set")
        .summary("Remove all members in a sorted set between the given lexicographical range")
        .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the"
            + " number of elements removed by the operation.");
    cmd("zpopmin", -2, "write fast", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zpopmin, ZSetCommands::checkZpop)
        .keys("RW access delete|1|0,1,0")
        .doc("5.0.0", "sorted-set")
        .summary("Remove and return members with the lowest scores in a sorted set")
        .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M"
            + " being the number of elements popped.");
    cmd("zpopmax", -2, "write fast", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zpopmax, ZSetCommands::checkZpop)
        .keys("RW access delete|1|0,1,0")
        .doc("5.0.0", "sorted-set")
        .summary("Remove and return members with the highest scores in a sorted set")
        .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M"
            + " being the number of elements popped.");
    cmd("zmpop", -4, "write", 0, 0, 0, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zmpop, ZSetCommands::checkZmpop)
        .keys("RW access delete|1|keynum 0,1,1")
        .doc("7.0.0", "sorted-set")
        .summary("Remove and return members with scores in a sorted set")
        .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the"
            + " number of elements in the sorted set, and M being the number of elements popped.");
    cmd("bzpopmin", -3, "write noscript fast blocking", 1, -2, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::bzpopmin, ZSetCommands::checkBzpop)
        .keys("RW access delete|1|-2,1,0")
        .doc("5.0.0", "sorted-set")
        .summary("Remove and return the member with the lowest score from one or more sorted"
            + " sets, or block until one is available")
        .complexity("O(log(N)) with N being the number of elements in the sorted set.");
  }

  private static void defsZset4() {
    cmd("bzpopmax", -3, "write noscript fast blocking", 1, -2, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::bzpopmax, ZSetCommands::checkBzpop)
        .keys("RW access delete|1|-2,1,0")
        .doc("5.0.0", "sorted-set")
        .summary("Remove and return the member with the highest score from one or more sorted"
            + " sets, or block until one is available")
        .complexity("O(log(N)) with N being the number of elements in the sorted set.");
    cmd("bzmpop", -5, "write blocking", 0, 0, 0, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::bzmpop, ZSetCommands::checkBzmpop)
        .keys("RW access delete|2|keynum 0,1,1")
        .doc("7.0.0", "sorted-set")
        .summary("Remove and return members with scores in a sorted set or block until one is"
            + " available")
        .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the"
            + " number of elements in the sorted set, and M being the number of elements popped.");
    cmd("zrandmember", -2, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zrandmember, ZSetCommands::checkZrandmember)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("6.2.0", "sorted-set")
        .summary("Get one or multiple random elements from a sorted set")
        .complexity("O(N) where N is the number of elements returned");
    cmd("zunion", -3, "readonly", 0, 0, 0, "sortedset", KEYSPACE_READ,
        ZSetCommands::zunion, ZSetCommands::checkNumkeys1)
        .keys("RO access|1|keynum 0,1,1")
        .doc("6.2.0", "sorted-set")
        .summary("Add multiple sorted sets")
        .complexity("O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted"
            + " sets, and M being the number of elements in the resulting sorted set.");
    cmd("zinter", -3, "readonly", 0, 0, 0, "sortedset", KEYSPACE_READ,
        ZSetCommands::zinter, ZSetCommands::checkNumkeys1)
        .keys("RO access|1|keynum 0,1,1")
        .doc("6.2.0", "sorted-set")
        .summary("Intersect multiple sorted sets")
        .complexity("O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K"
            + " being the number of input sorted sets and M being the number of elements in the"
            + " resulting sorted set.");
    cmd("zdiff", -3, "readonly", 0, 0, 0, "sortedset", KEYSPACE_READ,
        ZSetCommands::zdiff, ZSetCommands::checkNumkeys1)
        .keys("RO access|1|keynum 0,1,1")
        .doc("6.2.0", "sorted-set")
        .summary("Subtract multiple sorted sets")
        .complexity("O(L + (N-K)log(N)) worst case where L is the total number of elements in"
            + " all the sets, N is the size of the first set, and K is the size of the result"
            + " set.");
  }

  private static void defsZset5() {
    cmd("zunionstore", -4, "write denyoom", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zunionstore, ZSetCommands::checkNumkeys2)
        .keys("OW update|1|0,1,0")
        .keys("RO access|2|keynum 0,1,1")
        .doc("2.0.0", "sorted-set")
        .summary("Add multiple sorted sets and store the resulting sorted set in a new key")
        .complexity("O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted"
            + " sets, and M being the number of elements in the resulting sorted set.");
    cmd("zinterstore", -4, "write denyoom", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zinterstore, ZSetCommands::checkNumkeys2)
        .keys("OW update|1|0,1,0")
        .keys("RO access|2|keynum 0,1,1")
        .doc("2.0.0", "sorted-set")
        .summary("Intersect multiple sorted sets and store the resulting sorted set in a new key")
        .complexity("O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K"
            + " being the number of input sorted sets and M being the number of elements in the"
            + " resulting sorted set.");
    cmd("zdiffstore", -4, "write denyoom", 1, 1, 1, "sortedset", KEYSPACE_WRITE,
        ZSetCommands::zdiffstore, ZSetCommands::checkNumkeys2)
        .keys("OW update|1|0,1,0")
        .keys("RO access|2|keynum 0,1,1")
        .doc("6.2.0", "sorted-set")
        .summary("Subtract multiple sorted sets and store the resulting sorted set in a new key")
        .complexity("O(L + (N-K)log(N)) worst case where L is the total number of elements in"
            + " all the sets, N is the size of the first set, and K is the size of the result"
            + " set.");
    cmd("zintercard", -3, "readonly", 0, 0, 0, "sortedset", KEYSPACE_READ,
        ZSetCommands::zintercard, ZSetCommands::checkNumkeys1)
        .keys("RO access|1|keynum 0,1,1")
        .doc("7.0.0", "sorted-set")
        .summary("Intersect multiple sorted sets and return the cardinality of the result")
        .complexity("O(N*K) worst case with N being the smallest input sorted set, K being the"
            + " number of input sorted sets.");
    cmd("zscan", -3, "readonly", 1, 1, 1, "sortedset", KEYSPACE_READ,
        ZSetCommands::zscan, ZSetCommands::checkZscan)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("2.8.0", "sorted-set")
        .summary("Incrementally iterate sorted sets elements and associated scores")
        .complexity("O(1) for every call. O(N) for a complete iteration, including enough"
            + " command calls for the cursor to return back to 0. N is the number of elements"
            + " inside the collection..");
  }

  private static void defsGeo0() {
    cmd("geoadd", -5, "write denyoom", 1, 1, 1, "geo", KEYSPACE_WRITE,
        GeoCommands::geoadd, GeoCommands::checkGeoadd)
        .keys("RW update|1|0,1,0")
        .doc("3.2.0", "geo")
        .summary("Add one or more geospatial items in the geospatial index represented using a"
            + " sorted set")
        .complexity("O(log(N)) for each item added, where N is the number of elements in the"
            + " sorted set.");
    cmd("geodist", -4, "readonly", 1, 1, 1, "geo", KEYSPACE_READ,
        GeoCommands::geodist, GeoCommands::checkGeodist)
        .keys("RO access|1|0,1,0")
        .doc("3.2.0", "geo")
        .summary("Returns the distance between two members of a geospatial index")
        .complexity("O(log(N))");
    cmd("geohash", -2, "readonly", 1, 1, 1, "geo", KEYSPACE_READ,
        GeoCommands::geohash, null)
        .keys("RO access|1|0,1,0")
        .doc("3.2.0", "geo")
        .summary("Returns members of a geospatial index as standard geohash strings")
        .complexity("O(log(N)) for each member requested, where N is the number of elements in"
            + " the sorted set.");
    cmd("geopos", -2, "readonly", 1, 1, 1, "geo", KEYSPACE_READ,
        GeoCommands::geopos, null)
        .keys("RO access|1|0,1,0")
        .doc("3.2.0", "geo")
        .summary("Returns longitude and latitude of members of a geospatial index")
        .complexity("O(N) where N is the number of members requested.");
    cmd("georadius", -6, "write denyoom", 1, 1, 1, "geo", KEYSPACE_WRITE,
        GeoCommands::georadius, null)
        .keys("RO access|1|0,1,0")
        .keys("OW update|STORE:6|0,1,0")
        .keys("OW update|STOREDIST:6|0,1,0")
        .doc("3.2.0", "geo")
        .summary("Query a sorted set representing a geospatial index to fetch members matching a"
            + " given maximum distance from a point")
        .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of"
            + " the circular area delimited by center and radius and M is the number of items"
            + " inside the index.");
  }

  private static void defsGeo1() {
    cmd("georadiusbymember", -5, "write denyoom", 1, 1, 1, "geo", KEYSPACE_WRITE,
        GeoCommands::georadiusbymember, null)
        .keys("RO access|1|0,1,0")
        .keys("OW update|STORE:5|0,1,0")
        .keys("OW update|STOREDIST:5|0,1,0")
        .doc("3.2.0", "geo")
        .summary("Query a sorted set representing a geospatial index to fetch members matching a"
            + " given maximum distance from a member")
        .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of"
            + " the circular area delimited by center and radius and M is the number of items"
            + " inside the index.");
    cmd("georadius_ro", -6, "readonly", 1, 1, 1, "geo", KEYSPACE_READ,
        GeoCommands::georadiusRo, null)
        .keys("RO access|1|0,1,0")
        .doc("3.2.10", "geo")
        .summary("A read-only variant for GEORADIUS")
        .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of"
            + " the circular area delimited by center and radius and M is the number of items"
            + " inside the index.");
    cmd("georadiusbymember_ro", -5, "readonly", 1, 1, 1, "geo", KEYSPACE_READ,
        GeoCommands::georadiusbymemberRo, null)
        .keys("RO access|1|0,1,0")
        .doc("3.2.10", "geo")
        .summary("A read-only variant for GEORADIUSBYMEMBER")
        .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of"
            + " the circular area delimited by center and radius and M is the number of items"
            + " inside the index.");
    cmd("geosearch", -7, "readonly", 1, 1, 1, "geo", KEYSPACE_READ,
        GeoCommands::geosearch, null)
        .keys("RO access|1|0,1,0")
        .doc("6.2.0", "geo")
        .summary("Query a sorted set representing a geospatial index to fetch members inside an"
            + " area of a box or a circle.")
        .complexity("O(N+log(M)) where N is the number of elements in the grid-aligned bounding"
            + " box area around the shape provided as the filter and M is the number of items"
            + " inside the shape");
    cmd("geosearchstore", -8, "write denyoom", 1, 2, 1, "geo", KEYSPACE_WRITE,
        GeoCommands::geosearchstore, null)
        .keys("OW update|1|0,1,0")
        .keys("RO access|2|0,1,0")
        .doc("6.2.0", "geo")
        .summary("Query a sorted set representing a geospatial index to fetch members inside an"
            + " area of a box or a circle, and store the result in another key.")
        .complexity("O(N+log(M)) where N is the number of elements in the grid-aligned bounding"
            + " box area around the shape provided as the filter and M is the number of items"
            + " inside the shape");
  }

  /** SORT (sort.c), DUMP and RESTORE (cluster.c), OBJECT and MEMORY (object.c). */
  private static void defsObjects() {
    defsSort();
    defsDump();
    defsObject();
    defsMemory();
    cmd("wait", 3, "noscript", 0, 0, 0, "connection", SESSION, null, ObjectCommands::checkWait)
        .tips("request_policy:all_shards", "response_policy:agg_min")
        .doc("3.0.0", "generic")
        .summary("Wait for the synchronous replication of all the write commands sent in the"
            + " context of the current connection")
        .complexity("O(1)");
  }

  private static void defsSort() {
    cmd("sort", -2, "write denyoom", 1, 1, 1, "set sortedset list dangerous", KEYSPACE_WRITE,
        SortCommand::sort, SortCommand::checkSort)
        .keyFinder(SortCommand::keys)
        .keys("RO access|1|0,1,0")
        .keys("RO access|unknown|unknown|For the optional BY/GET keyword. It is marked 'unknown'"
            + " because the key names derive from the content of the key we sort")
        .keys("OW update|unknown|unknown|For the optional STORE keyword. It is marked 'unknown'"
            + " because the keyword can appear anywhere in the argument array")
        .doc("1.0.0", "generic")
        .summary("Sort the elements in a list, set or sorted set")
        .complexity(SORT_COMPLEXITY);
    cmd("sort_ro", -2, "readonly", 1, 1, 1, "set sortedset list dangerous", KEYSPACE_READ,
        SortCommand::sortRo, SortCommand::checkSortRo)
        .keys("RO access|1|0,1,0")
        .keys("RO access|unknown|unknown|For the optional BY/GET keyword. It is marked 'unknown'"
            + " because the key names derive from the content of the key we sort")
        .doc("7.0.0", "generic")
        .summary("Sort the elements in a list, set or sorted set. Read-only variant of SORT.")
        .complexity(SORT_COMPLEXITY);
  }

  private static final String SORT_COMPLEXITY = "O(N+M*log(M)) where N is the number of"
      + " elements in the list or set to sort, and M the number of returned elements. When the"
      + " elements are not sorted, complexity is O(N).";

  private static void defsDump() {
    cmd("dump", 2, "readonly", 1, 1, 1, "keyspace", KEYSPACE_READ,
        ObjectCommands::dump, null)
        .tips("nondeterministic_output")
        .keys("RO access|1|0,1,0")
        .doc("2.6.0", "generic")
        .summary("Return a serialized version of the value stored at the specified key.")
        .complexity("O(1) to access the key and additional O(N*M) to serialize it, where N is"
            + " the number of Redis objects composing the value and M their average size. For"
            + " small string values the time complexity is thus O(1)+O(1*M) where M is small,"
            + " so simply O(1).");
    cmd("restore", -4, "write denyoom", 1, 1, 1, "keyspace dangerous", KEYSPACE_WRITE,
        ObjectCommands::restore, ObjectCommands::checkRestore)
        .keys("OW update|1|0,1,0")
        .doc("2.6.0", "generic")
        .summary("Create a key using the provided serialized value, previously obtained using"
            + " DUMP.")
        .complexity("O(1) to create the new key and additional O(N*M) to reconstruct the"
            + " serialized value, where N is the number of Redis objects composing the value"
            + " and M their average size. For small string values the time complexity is thus"
            + " O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the"
            + " complexity is O(N*M*log(N)) because inserting values into sorted sets is"
            + " O(log(N)).");
  }

  private static void defsObject() {
    cmd("object", -2, "", 0, 0, 0, "", KEYSPACE_READ, null, null)
        .doc("2.2.3", "generic")
        .summary("A container for object introspection commands")
        .complexity("Depends on subcommand.");
    objectSub("encoding", ObjectCommands::encoding, "2.2.3",
        "Inspect the internal encoding of a Redis object");
    objectSub("freq", ObjectCommands::freq, "4.0.0",
        "Get the logarithmic access frequency counter of a Redis object");
    objectSub("idletime", ObjectCommands::idletime, "2.2.3",
        "Get the time since a Redis object was last accessed");
    objectSub("refcount", ObjectCommands::refcount, "2.2.3",
        "Get the number of references to the value of the key");
    sub("help", 2, "loading stale", 0, 0, 0, "keyspace", LOCAL,
        ObjectCommands::objectHelp, null)
        .doc("6.2.0", "generic")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
  }

  private static void objectSub(String name, Handler handler, String since, String summary) {
    sub(name, 3, "readonly", 2, 2, 1, "keyspace", KEYSPACE_READ, handler, null)
        .tips("nondeterministic_output")
        .keys("RO|2|0,1,0")
        .doc(since, "generic")
        .summary(summary)
        .complexity("O(1)");
  }

  private static void defsMemory() {
    cmd("memory", -2, "", 0, 0, 0, "", KEYSPACE_READ, null, null)
        .doc("4.0.0", "server")
        .summary("A container for memory diagnostics commands")
        .complexity("Depends on subcommand.");
    sub("doctor", 2, "", 0, 0, 0, "", LOCAL, MemoryCommands::doctor, null)
        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
        .doc("4.0.0", "server")
        .summary("Outputs memory problems report")
        .complexity("O(1)");
    sub("usage", -3, "readonly", 2, 2, 1, "", KEYSPACE_READ,
        MemoryCommands::usage, MemoryCommands::checkUsage)
        .keys("RO|2|0,1,0")
        .doc("4.0.0", "server")
        .summary("Estimate the memory usage of a key")
        .complexity("O(N) where N is the number of samples.");
    sub("malloc-stats", 2, "", 0, 0, 0, "", LOCAL, MemoryCommands::mallocStats, null)
        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
        .doc("4.0.0", "server")
        .summary("Show allocator internal stats")
        .complexity("Depends on how much memory is allocated, could be slow");
    sub("stats", 2, "", 0, 0, 0, "", LOCAL, MemoryCommands::stats, null)
        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
        .doc("4.0.0", "server")
        .summary("Show memory usage details")
        .complexity("O(1)");
    sub("purge", 2, "", 0, 0, 0, "", LOCAL, (ctx, argv) -> Reply.OK, null)
        .tips("request_policy:all_shards", "response_policy:all_succeeded")
        .doc("4.0.0", "server")
        .summary("Ask the allocator to release memory")
        .complexity("Depends on how much memory is allocated, could be slow");
    sub("help", 2, "loading stale", 0, 0, 0, "", LOCAL, MemoryCommands::memoryHelp, null)
        .doc("4.0.0", "server")
        .summary("Show helpful text about the different subcommands")
        .complexity("O(1)");
  }
}
