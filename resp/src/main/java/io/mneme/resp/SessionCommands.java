package io.mneme.resp;

import io.mneme.engine.Reply;
import io.mneme.raft.PeerAddress;
import io.mneme.raft.Shard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** The commands a connection answers itself: connection state, server info, cluster view. */
final class SessionCommands {
  /** A reply now, or later; and whether to close the connection once it is sent. */
  record Outcome(Reply reply, boolean closeAfterReply, CompletableFuture<Reply> async) {
    static Outcome of(Reply reply) {
      return new Outcome(reply, false, null);
    }
  }

  private static final String NO_PASSWORD = "ERR AUTH <password> called without any password"
      + " configured for the default user. Are you sure your configuration is correct?";
  private static final String WRONGPASS =
      "WRONGPASS invalid username-password pair or user is disabled.";

  private final NodeContext node;
  private final ClientSession session;
  /** WAIT's answer now, from the connection's last write (set by the CommandHandler). */
  java.util.function.Supplier<Reply> waitNow = () -> Reply.ZERO;

  SessionCommands(NodeContext node, ClientSession session) {
    this.node = node;
    this.session = session;
  }

  Outcome run(byte[][] argv) {
    String name = lower(argv[0]);
    switch (name) {
      case "ping":
        return Outcome.of(argv.length == 1 ? Reply.PONG : new Reply.Bulk(argv[1]));
      case "echo":
        return Outcome.of(new Reply.Bulk(argv[1]));
      case "quit":
        return new Outcome(Reply.OK, true, null);
      case "select":
        return Outcome.of(select(argv[1]));
      case "hello":
        return Outcome.of(hello(argv));
      case "auth":
        return Outcome.of(auth(argv));
      case "client":
        return Outcome.of(client(argv));
      case "info":
        return Outcome.of(new Reply.Verbatim("txt", InfoReport.render(node, argv)
            .getBytes(StandardCharsets.UTF_8)));
      case "time":
        return Outcome.of(time());
      case "reset":
        session.protocol = 2;
        session.name = "";
        session.readOnly = false;
        return Outcome.of(new Reply.Simple("RESET"));
      case "readonly":
        session.readOnly = true;
        return Outcome.of(Reply.OK);
      case "readwrite":
        session.readOnly = false;
        return Outcome.of(Reply.OK);
      case "asking":
        // A slot's keys stay on its source until the handoff commits its new owner, so Mneme
        // never answers -ASK and nothing is importing: ASKING has nothing to allow.
        return Outcome.of(Reply.OK);
      case "cluster":
        return Outcome.of(ClusterCommands.run(node, argv));
      case "bgsave":
        node.cluster.localShards().forEach(Shard::snapshotNow);
        return Outcome.of(new Reply.Simple("Background saving started"));
      case "wait":
        return Outcome.of(waitNow.get());
      case "config":
        return Outcome.of(ConfigCommands.run(node, argv));
      case "script", "function": // SCRIPT KILL, FUNCTION KILL: the only session subcommands
        return Outcome.of(killScript(name.equals("function")));
      default:
        return Outcome.of(Reply.error("ERR unknown command '" + name + "'"));
    }
  }

  /**
   * SCRIPT KILL / FUNCTION KILL on every shard member of this node: only a read-only script
   * (EVAL_RO, FCALL_RO) can be stopped; one from the log is UNKILLABLE (see Scripts).
   */
  private Reply killScript(boolean function) {
    String answer = "NOTBUSY No scripts in execution right now.";
    for (Shard s : node.cluster.localShards()) {
      String a = s.killScript(function);
      if (a.equals("OK")) {
        return Reply.OK;
      }
      if (!a.startsWith("NOTBUSY")) {
        answer = a;
      }
    }
    return Reply.error(answer);
  }

  private Reply select(byte[] index) {
    String s = new String(index, StandardCharsets.US_ASCII);
    if (!s.matches("-?\\d{1,18}")) {
      return Reply.error("ERR value is not an integer or out of range");
    }
    // Redis Cluster has one database: SELECT 0 works, any other index is refused.
    return Long.parseLong(s) == 0 ? Reply.OK
        : Reply.error("ERR SELECT is not allowed in cluster mode");
  }

  private Reply hello(byte[][] argv) {
    int i = 1;
    int protocol = session.protocol;
    if (argv.length > 1) {
      String ver = new String(argv[1], StandardCharsets.US_ASCII);
      if (!ver.matches("-?\\d{1,18}")) {
        return Reply.error("ERR Protocol version is not an integer or out of range");
      }
      long requested = Long.parseLong(ver);
      if (requested < 2 || requested > 3) {
        return Reply.error("NOPROTO unsupported protocol version");
      }
      protocol = (int) requested;
      i = 2;
    }
    String setName = null;
    for (; i < argv.length; i++) {
      String option = lower(argv[i]);
      if (option.equals("auth") && i + 2 < argv.length) {
        Reply denied = authenticate(argv[i + 1], argv[i + 2]);
        if (denied != null) {
          return denied;
        }
        i += 2;
      } else if (option.equals("setname") && i + 1 < argv.length) {
        setName = new String(argv[++i], StandardCharsets.UTF_8);
        Reply bad = checkClientName(setName);
        if (bad != null) {
          return bad;
        }
      } else {
        return Reply.error("ERR Syntax error in HELLO option '"
            + new String(argv[i], StandardCharsets.UTF_8) + "'");
      }
    }
    session.protocol = protocol;
    if (setName != null) {
      session.name = setName;
    }
    return new Reply.MapReply(new Reply[] {
        Reply.bulk("server"), Reply.bulk("redis"),
        Reply.bulk("version"), Reply.bulk(NodeContext.REDIS_VERSION),
        Reply.bulk("proto"), Reply.integer(protocol),
        Reply.bulk("id"), Reply.integer(session.id),
        Reply.bulk("mode"), Reply.bulk("cluster"),
        Reply.bulk("role"), Reply.bulk(
            node.homeShard() == null || node.homeShard().isLeader() ? "master" : "replica"),
        Reply.bulk("modules"), Reply.EMPTY_ARRAY});
  }

  private Reply auth(byte[][] argv) {
    if (argv.length == 2) {
      return Reply.error(NO_PASSWORD);
    }
    if (argv.length != 3) {
      return Reply.error("ERR syntax error");
    }
    Reply denied = authenticate(argv[1], argv[2]);
    return denied != null ? denied : Reply.OK;
  }

  /** Until ACL users exist, the only user is "default" with no password (Redis's nopass). */
  private Reply authenticate(byte[] user, byte[] password) {
    return "default".equals(new String(user, StandardCharsets.UTF_8)) ? null
        : Reply.error(WRONGPASS);
  }

  private Reply client(byte[][] argv) {
    String sub = lower(argv[1]);
    long now = System.currentTimeMillis();
    switch (sub) {
      case "id":
        return Reply.integer(session.id);
      case "getname":
        return session.name.isEmpty() ? Reply.NULL : Reply.bulk(session.name);
      case "setname": {
        String name = new String(argv[2], StandardCharsets.UTF_8);
        Reply bad = checkClientName(name);
        if (bad != null) {
          return bad;
        }
        session.name = name;
        return Reply.OK;
      }
      case "setinfo":
        return setInfo(argv);
      case "info":
        return new Reply.Verbatim("txt",
            (session.describe(now) + "\n").getBytes(StandardCharsets.UTF_8));
      case "list":
        return clientList(now);
      case "no-evict":
      case "no-touch":
        return Reply.OK;
      default:
        return Reply.error("ERR unknown subcommand '" + new String(argv[1], StandardCharsets.UTF_8)
            + "'. Try CLIENT HELP.");
    }
  }

  private Reply setInfo(byte[][] argv) {
    if (argv.length != 4) {
      return Reply.error("ERR wrong number of arguments for 'client|setinfo' command");
    }
    String attr = lower(argv[2]);
    String value = new String(argv[3], StandardCharsets.UTF_8);
    for (char c : value.toCharArray()) {
      if (c < '!' || c > '~') {
        return Reply.error("ERR " + attr.toUpperCase(Locale.ROOT)
            + " cannot contain spaces, newlines or special characters.");
      }
    }
    if (attr.equals("lib-name")) {
      session.libName = value;
    } else if (attr.equals("lib-ver")) {
      session.libVersion = value;
    } else {
      return Reply.error("ERR Unrecognized option '" + new String(argv[2], StandardCharsets.UTF_8)
          + "'");
    }
    return Reply.OK;
  }

  private Reply clientList(long now) {
    StringBuilder sb = new StringBuilder();
    node.clients.values().stream().sorted((a, b) -> Long.compare(a.id, b.id))
        .forEach(c -> sb.append(c.describe(now)).append('\n'));
    return new Reply.Verbatim("txt", sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Reply checkClientName(String name) {
    for (char c : name.toCharArray()) {
      if (c < '!' || c > '~') {
        return Reply.error("ERR Client names cannot contain spaces, newlines or special"
            + " characters.");
      }
    }
    return null;
  }

  private static Reply time() {
    java.time.Instant now = java.time.Instant.now();
    return Reply.array(Reply.bulk(Long.toString(now.getEpochSecond())),
        Reply.bulk(Long.toString(now.getNano() / 1000)));
  }

  static String lower(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  /** The members of the shard, leader first, as CLUSTER replies list them. */
  static List<PeerAddress> leaderFirst(NodeContext node, Shard shard) {
    List<PeerAddress> members = new ArrayList<>();
    for (String id : shard.memberIds()) {
      PeerAddress a = node.cluster.addressOf(id);
      if (a != null) {
        members.add(a);
      }
    }
    PeerAddress leader = shard.leader();
    members.sort((a, b) -> a.id().compareTo(b.id()));
    if (leader != null) {
      members.remove(leader);
      members.add(0, leader);
    }
    return members;
  }
}
