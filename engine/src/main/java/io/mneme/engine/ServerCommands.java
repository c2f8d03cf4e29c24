package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;

/** DBSIZE, FLUSHALL/FLUSHDB and COMMAND with its subcommands. */
final class ServerCommands {
  private ServerCommands() {}

  static Reply dbsize(Ctx ctx, byte[][] argv) {
    return Reply.integer(ctx.ks.size());
  }

  /** FLUSHALL/FLUSHDB [ASYNC|SYNC]: both modes clear at once here. */
  static void checkFlush(byte[][] argv) {
    if (argv.length > 2
        || (argv.length == 2 && !Parse.is(argv[1], "sync") && !Parse.is(argv[1], "async"))) {
      throw new CommandError(Errors.SYNTAX);
    }
  }

  static Reply flushall(Ctx ctx, byte[][] argv) {
    checkFlush(argv);
    ctx.ks.clear();
    return Reply.OK;
  }

  // ---- COMMAND ----

  static Reply command(Ctx ctx, byte[][] argv) {
    return allInfo(ctx.engine.commands());
  }

  static Reply commandCount(Ctx ctx, byte[][] argv) {
    return Reply.integer(ctx.engine.commands().size());
  }

  private static Reply allInfo(CommandTable table) {
    List<Reply> out = new ArrayList<>();
    for (CommandSpec s : table.all()) {
      out.add(info(s));
    }
    return new Reply.Arr(out.toArray(new Reply[0]));
  }

  /** COMMAND INFO [name...]: unknown names answer nil; no names means every command. */
  static Reply commandInfo(Ctx ctx, byte[][] argv) {
    CommandTable table = ctx.engine.commands();
    if (argv.length == 2) {
      return allInfo(table);
    }
    Reply[] out = new Reply[argv.length - 2];
    for (int i = 2; i < argv.length; i++) {
      CommandSpec s = byFullName(table, argv[i]);
      out[i - 2] = s == null ? Reply.NULL : info(s);
    }
    return new Reply.Arr(out);
  }

  /** A command by "name" or "container|sub". */
  private static CommandSpec byFullName(CommandTable table, byte[] name) {
    String n = Parse.lower(name);
    int bar = n.indexOf('|');
    if (bar < 0) {
      return table.lookup(name);
    }
    CommandSpec top = table.lookup(n.substring(0, bar));
    return top == null ? null : top.subcommand(Parse.bytes(n.substring(bar + 1)));
  }

  /** The Redis 7 COMMAND INFO entry: ten fields. */
  static Reply info(CommandSpec s) {
    List<Reply> flags = new ArrayList<>();
    for (CommandFlag f : s.flags()) {
      flags.add(new Reply.Simple(f.wireName()));
    }
    List<Reply> acl = new ArrayList<>();
    for (String c : s.aclCategories()) {
      acl.add(new Reply.Simple("@" + c));
    }
    List<Reply> subs = new ArrayList<>();
    for (CommandSpec sub : s.subcommands()) {
      subs.add(info(sub));
    }
    return Reply.array(Reply.bulk(s.name()), Reply.integer(s.arity()), set(flags),
        Reply.integer(s.firstKey()), Reply.integer(s.lastKey()), Reply.integer(s.keyStep()),
        set(acl), set(bulks(s.tips())), keySpecs(s),
        // Redis: no subcommands is an empty set, some are an array
        subs.isEmpty() ? set(subs) : arr(subs));
  }

  private static Reply keySpecs(CommandSpec s) {
    List<Reply> out = new ArrayList<>();
    for (KeySpec k : s.keySpecs()) {
      List<Reply> m = new ArrayList<>();
      if (k.notes() != null) {
        m.add(Reply.bulk("notes"));
        m.add(Reply.bulk(k.notes()));
      }
      m.add(Reply.bulk("flags"));
      m.add(set(simples(List.of(k.flags()))));
      m.add(Reply.bulk("begin_search"));
      m.add(beginSearch(k));
      m.add(Reply.bulk("find_keys"));
      m.add(findKeys(k));
      out.add(new Reply.MapReply(m.toArray(new Reply[0])));
    }
    return set(out);
  }

  /** A key spec's begin_search part, as COMMAND INFO shows it. */
  private static Reply beginSearch(KeySpec k) {
    if (k.unknown()) {
      return map(Reply.bulk("type"), Reply.bulk("unknown"), Reply.bulk("spec"), map());
    }
    if (k.keyword() != null) {
      return map(Reply.bulk("type"), Reply.bulk("keyword"), Reply.bulk("spec"),
          map(Reply.bulk("keyword"), Reply.bulk(k.keyword()), Reply.bulk("startfrom"),
              Reply.integer(k.beginIndex())));
    }
    return map(Reply.bulk("type"), Reply.bulk("index"), Reply.bulk("spec"),
        map(Reply.bulk("index"), Reply.integer(k.beginIndex())));
  }

  /** A key spec's find_keys part, as COMMAND INFO shows it. */
  private static Reply findKeys(KeySpec k) {
    if (k.unknown()) {
      return map(Reply.bulk("type"), Reply.bulk("unknown"), Reply.bulk("spec"), map());
    }
    if (k.keynum()) {
      return map(Reply.bulk("type"), Reply.bulk("keynum"), Reply.bulk("spec"),
          map(Reply.bulk("keynumidx"), Reply.integer(k.keynumIdx()), Reply.bulk("firstkey"),
              Reply.integer(k.firstKey()), Reply.bulk("keystep"), Reply.integer(k.keyStep())));
    }
    return map(Reply.bulk("type"), Reply.bulk("range"), Reply.bulk("spec"),
        map(Reply.bulk("lastkey"), Reply.integer(k.lastKey()), Reply.bulk("keystep"),
            Reply.integer(k.keyStep()), Reply.bulk("limit"), Reply.integer(k.limit())));
  }

  /** COMMAND DOCS [name...]: a map of name to its docs; unknown names are left out. */
  static Reply commandDocs(Ctx ctx, byte[][] argv) {
    CommandTable table = ctx.engine.commands();
    List<Reply> out = new ArrayList<>();
    if (argv.length == 2) {
      for (CommandSpec s : table.all()) {
        out.add(Reply.bulk(s.name()));
        out.add(docs(s));
      }
    }
    for (int i = 2; i < argv.length; i++) {
      CommandSpec s = byFullName(table, argv[i]);
      if (s != null) {
        out.add(Reply.bulk(s.name()));
        out.add(docs(s));
      }
    }
    return new Reply.MapReply(out.toArray(new Reply[0]));
  }

  private static Reply docs(CommandSpec s) {
    List<String> d = s.docs();
    List<Reply> m = new ArrayList<>(List.of(Reply.bulk("summary"), Reply.bulk(d.get(2)),
        Reply.bulk("since"), Reply.bulk(d.get(0)), Reply.bulk("group"), Reply.bulk(d.get(1)),
        Reply.bulk("complexity"), Reply.bulk(d.get(3))));
    if (s.hasSubcommands()) {
      List<Reply> subs = new ArrayList<>();
      for (CommandSpec sub : s.subcommands()) {
        subs.add(Reply.bulk(sub.name()));
        subs.add(docs(sub));
      }
      m.add(Reply.bulk("subcommands"));
      m.add(new Reply.MapReply(subs.toArray(new Reply[0])));
    }
    return new Reply.MapReply(m.toArray(new Reply[0]));
  }

  /** COMMAND LIST [FILTERBY MODULE name | ACLCAT cat | PATTERN glob]. */
  static void checkCommandList(byte[][] argv) {
    if (argv.length == 2) {
      return;
    }
    if (argv.length != 5 || !Parse.is(argv[2], "filterby") || !(Parse.is(argv[3], "module")
        || Parse.is(argv[3], "aclcat") || Parse.is(argv[3], "pattern"))) {
      throw new CommandError(Errors.SYNTAX);
    }
  }

  static Reply commandList(Ctx ctx, byte[][] argv) {
    checkCommandList(argv);
    List<Reply> out = new ArrayList<>();
    for (CommandSpec s : ctx.engine.commands().all()) {
      listInto(out, s, argv);
      for (CommandSpec sub : s.subcommands()) {
        listInto(out, sub, argv);
      }
    }
    return arr(out);
  }

  private static void listInto(List<Reply> out, CommandSpec s, byte[][] argv) {
    if (argv.length == 5) {
      String arg = Parse.lower(argv[4]);
      boolean keep = Parse.is(argv[3], "aclcat") ? s.aclCategories().contains(arg)
          : Parse.is(argv[3], "pattern") && Glob.match(Parse.bytes(arg), Parse.bytes(s.name()));
      if (!keep) {
        return;
      }
    }
    out.add(Reply.bulk(s.name()));
  }

  /** COMMAND GETKEYS cmd args...: the key arguments the table finds. */
  static Reply commandGetkeys(Ctx ctx, byte[][] argv) {
    byte[][] sub = java.util.Arrays.copyOfRange(argv, 2, argv.length);
    CommandSpec s = ctx.engine.commands().resolve(sub);
    if (s == null) {
      throw new CommandError(Errors.INVALID_COMMAND);
    }
    if (!s.checkArity(sub.length)) {
      throw new CommandError(Errors.INVALID_ARG_COUNT);
    }
    if (s.keySpecs().isEmpty()) {
      throw new CommandError(Errors.NO_KEY_ARGS);
    }
    int[] pos = s.keyPositions(sub);
    if (pos.length == 0) {
      throw new CommandError(Errors.INVALID_ARGS);
    }
    Reply[] out = new Reply[pos.length];
    for (int i = 0; i < pos.length; i++) {
      out[i] = new Reply.Bulk(sub[pos[i]]);
    }
    return new Reply.Arr(out);
  }

  static Reply commandHelp(Ctx ctx, byte[][] argv) {
    String[] lines = {
      "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "(no subcommand)", "    Return details about all Redis commands.",
      "COUNT", "    Return the total number of commands in this Redis server.",
      "LIST", "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "GETKEYS <full-command>",
      "    Return the keys from a full Redis command.",
      "HELP", "    Print this help."};
    return arr(simples(List.of(lines)));
  }

  /** Redis sends command tips as bulk strings (addReplyCommandTips). */
  private static List<Reply> bulks(List<String> items) {
    List<Reply> out = new ArrayList<>();
    for (String t : items) {
      out.add(Reply.bulk(t));
    }
    return out;
  }

  private static List<Reply> simples(List<String> items) {
    List<Reply> out = new ArrayList<>();
    for (String t : items) {
      out.add(new Reply.Simple(t));
    }
    return out;
  }

  private static Reply set(List<Reply> items) {
    return new Reply.SetReply(items.toArray(new Reply[0]));
  }

  private static Reply arr(List<Reply> items) {
    return new Reply.Arr(items.toArray(new Reply[0]));
  }

  private static Reply map(Reply... kv) {
    return new Reply.MapReply(kv);
  }
}
