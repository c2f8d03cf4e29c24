package io.mneme.resp;

import io.mneme.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CONFIG GET for the parameters clients and tools ask about (redis-benchmark asks for "save"
 * and "appendonly"). Parameters are set in the node's configuration; CONFIG SET changes only
 * notify-keyspace-events.
 */
final class ConfigCommands {
  private ConfigCommands() {}

  static Reply run(NodeContext node, byte[][] argv) {
    String sub = SessionCommands.lower(argv[1]);
    if (sub.equals("get")) {
      if (argv.length < 3) {
        return Reply.error("ERR wrong number of arguments for 'config|get' command");
      }
      Map<String, String> params = parameters(node);
      List<Reply> out = new ArrayList<>();
      for (int i = 2; i < argv.length; i++) {
        String pattern = new String(argv[i], StandardCharsets.UTF_8).toLowerCase();
        params.forEach((k, v) -> {
          if (globMatches(pattern, k)) {
            out.add(Reply.bulk(k));
            out.add(Reply.bulk(v));
          }
        });
      }
      return new Reply.MapReply(out.toArray(new Reply[0]));
    }
    if (sub.equals("set")) {
      return set(node, argv);
    }
    if (sub.equals("resetstat")) {
      return Reply.OK;
    }
    return Reply.error("ERR unknown subcommand '" + new String(argv[1], StandardCharsets.UTF_8)
        + "'. Try CONFIG HELP.");
  }

  /**
   * CONFIG SET for the parameters that may change at run time (notify-keyspace-events); the
   * others are set in the node's configuration file. All pairs are checked before any is set.
   */
  private static Reply set(NodeContext node, byte[][] argv) {
    if (argv.length < 4 || argv.length % 2 != 0) {
      return Reply.error("ERR wrong number of arguments for 'config|set' command");
    }
    for (int i = 2; i < argv.length; i += 2) {
      String name = new String(argv[i], StandardCharsets.UTF_8).toLowerCase();
      if (!name.equals(NOTIFY_KEYSPACE_EVENTS)) {
        return Reply.error("ERR CONFIG SET is not supported for '" + name + "': set it in the"
            + " node's configuration file");
      }
      if (io.mneme.engine.NotifyFlags.parse(new String(argv[i + 1], StandardCharsets.UTF_8))
          < 0) {
        return Reply.error("ERR CONFIG SET failed (possibly related to argument '"
            + NOTIFY_KEYSPACE_EVENTS + "') - Invalid event class character. Use"
            + " 'Ag$lshzxeKEtmdn'.");
      }
    }
    for (int i = 2; i < argv.length; i += 2) {
      node.setNotifyKeyspaceEvents(new String(argv[i + 1], StandardCharsets.UTF_8));
    }
    return Reply.OK;
  }

  static final String NOTIFY_KEYSPACE_EVENTS = "notify-keyspace-events";

  private static Map<String, String> parameters(NodeContext node) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bind", node.options.bind());
    p.put("port", Integer.toString(node.options.port()));
    p.put("maxclients", Integer.toString(node.options.maxClients()));
    p.put("proto-max-bulk-len", Long.toString(node.options.protoMaxBulkBytes()));
    p.put("appendonly", "yes");
    p.put("appendfsync", "always");
    p.put("save", "");
    p.put("databases", "1");
    p.put("cluster-enabled", "yes");
    p.put("maxmemory", "0");
    p.put("maxmemory-policy", "noeviction");
    p.put(NOTIFY_KEYSPACE_EVENTS, node.notifyKeyspaceEvents());
    return p;
  }

  private static boolean globMatches(String pattern, String text) {
    String regex = pattern.replace(".", "\\.").replace("?", ".").replace("*", ".*");
    return text.matches(regex);
  }
}
