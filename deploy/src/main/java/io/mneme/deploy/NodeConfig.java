package io.mneme.deploy;

import io.mneme.raft.PeerAddress;
import io.mneme.raft.RaftNodeOptions;
import io.mneme.shardmanager.ClusterNode;
import io.mneme.resp.RespOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node's configuration, read the way redis-server reads its own: an optional file of
 * {@code key value} lines, then {@code --key value} arguments, later settings winning.
 */
public final class NodeConfig {
  /** Every key the node knows, with its default; a value "" means computed. */
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("port", "6379");
    DEFAULTS.put("bind", "127.0.0.1");
    DEFAULTS.put("dir", "./data");
    DEFAULTS.put("node-id", "n1");
    DEFAULTS.put("raft-port", "");
    DEFAULTS.put("peers", "");
    DEFAULTS.put("cluster-shards", "1");
    DEFAULTS.put("cluster-replicas", "");
    DEFAULTS.put("cluster-bootstrap", "auto");
    DEFAULTS.put("io-threads", "2");
    DEFAULTS.put("maxclients", Integer.toString(RespOptions.MAX_CLIENTS_DEFAULT));
    DEFAULTS.put("proto-max-bulk-len", Long.toString(RespOptions.PROTO_MAX_BULK_BYTES_DEFAULT));
    DEFAULTS.put("client-output-buffer-limit-bytes",
        Long.toString(RespOptions.CLIENT_OUTPUT_BYTES_MAX_DEFAULT));
    DEFAULTS.put("election-timeout-min-ms",
        Long.toString(RaftNodeOptions.ELECTION_TIMEOUT_MIN_MS_DEFAULT));
    DEFAULTS.put("election-timeout-max-ms",
        Long.toString(RaftNodeOptions.ELECTION_TIMEOUT_MAX_MS_DEFAULT));
    DEFAULTS.put("snapshot-every-entries",
        Long.toString(RaftNodeOptions.SNAPSHOT_EVERY_ENTRIES_DEFAULT));
    DEFAULTS.put("raft-log-segment-bytes",
        Long.toString(RaftNodeOptions.LOG_SEGMENT_BYTES_DEFAULT));
    DEFAULTS.put("loglevel", "notice");
    DEFAULTS.put("debug-unsafe-reads", "no");
    DEFAULTS.put("notify-keyspace-events", "");
  }

  private final Map<String, String> values;

  private NodeConfig(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code [config-file] [--key value ...]}. */
  public static NodeConfig parse(String[] args) throws IOException {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    int i = 0;
    if (args.length > 0 && !args[0].startsWith("--")) {
      readFile(Path.of(args[0]), values);
      i = 1;
    }
    for (; i < args.length; i++) {
      if (!args[i].startsWith("--") || args[i].length() == 2) {
        throw new IllegalArgumentException("expected --key value, got '" + args[i] + "'");
      }
      String key = args[i].substring(2).toLowerCase(Locale.ROOT);
      List<String> words = new ArrayList<>();
      while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        words.add(args[++i]);
      }
      set(values, key, String.join(" ", words), "command line");
    }
    return new NodeConfig(values);
  }

  private static void readFile(Path file, Map<String, String> values) throws IOException {
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+", 2);
      set(values, parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? unquote(parts[1]) : "",
          file + ":" + lineNumber);
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static void set(Map<String, String> values, String key, String value, String where) {
    if (!DEFAULTS.containsKey(key)) {
      throw new IllegalArgumentException("unknown configuration key '" + key + "' (" + where
          + "); known keys: " + String.join(", ", DEFAULTS.keySet()));
    }
    values.put(key, value);
  }

  public String get(String key) {
    return values.get(key);
  }

  public int port() {
    return intValue("port", 1, 65535);
  }

  public String bind() {
    return get("bind");
  }

  public Path dir() {
    return Path.of(get("dir")).toAbsolutePath().normalize();
  }

  public String nodeId() {
    return get("node-id");
  }

  public int raftPort() {
    String raw = get("raft-port");
    return raw.isEmpty() ? port() + 10000 : intValue("raft-port", 1, 65535);
  }

  /** The shard's members; by default this node alone, a single-node cluster. */
  public List<PeerAddress> peers() {
    String raw = get("peers");
    if (raw.isBlank()) {
      return List.of(new PeerAddress(nodeId(), bind(), port(), raftPort()));
    }
    return PeerAddress.parseList(raw);
  }

  public RaftNodeOptions raftOptions() {
    return new RaftNodeOptions(nodeId(), dir(), peers(),
        longValue("election-timeout-min-ms"), longValue("election-timeout-max-ms"),
        longValue("snapshot-every-entries"), longValue("raft-log-segment-bytes"));
  }

  /**
   * How this node joins its first cluster: with {@code cluster-bootstrap auto} the nodes in
   * {@code peers} form a cluster of {@code cluster-shards} shards with {@code cluster-replicas}
   * replicas each (default: every peer holds every shard); with {@code none} the node waits for
   * {@code mneme-admin create-cluster}.
   */
  public ClusterNode.Spec clusterSpec() {
    String mode = get("cluster-bootstrap").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("auto") && !mode.equals("none")) {
      throw new IllegalArgumentException("cluster-bootstrap must be auto or none, got '"
          + get("cluster-bootstrap") + "'");
    }
    int peers = peers().size();
    int shards = intValue("cluster-shards", 1, 16384);
    int replicas = get("cluster-replicas").isBlank() ? Math.min(peers - 1, 5)
        : intValue("cluster-replicas", 0, 5);
    return new ClusterNode.Spec(shards, replicas, mode.equals("auto"));
  }

  public RespOptions respOptions() {
    return new RespOptions(bind(), port(), intValue("maxclients", 1, 1_000_000),
        longValue("proto-max-bulk-len"), longValue("client-output-buffer-limit-bytes"),
        RespOptions.PIPELINE_REPLIES_MAX_DEFAULT, yesNo("debug-unsafe-reads"));
  }

  /** Redis's notify-keyspace-events letters; CONFIG SET may change them later. */
  public String notifyKeyspaceEvents() {
    String v = get("notify-keyspace-events");
    if (io.mneme.engine.NotifyFlags.parse(v) < 0) {
      throw new IllegalArgumentException("notify-keyspace-events: invalid event class character"
          + " in '" + v + "'; use 'Ag$lshzxeKEtmdn'");
    }
    return v;
  }

  public int ioThreads() {
    return intValue("io-threads", 1, 64);
  }

  private boolean yesNo(String key) {
    String v = get(key).trim().toLowerCase(Locale.ROOT);
    if (!v.equals("yes") && !v.equals("no")) {
      throw new IllegalArgumentException(key + " must be yes or no, got '" + get(key) + "'");
    }
    return v.equals("yes");
  }

  private int intValue(String key, int min, int max) {
    long v = longValue(key);
    if (v < min || v > max) {
      throw new IllegalArgumentException(key + " must be between " + min + " and " + max
          + ", got " + v);
    }
    return (int) v;
  }

  private long longValue(String key) {
    try {
      return Long.parseLong(get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + get(key) + "'");
    }
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
