package io.mneme.deploy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/** Keyspace notifications of reads on a real node, byte for byte as Redis 7.0 sends them. */
class KeyspaceEventsNodeTest {
  private static final int PORT = 8490;
  private static final String PATTERN = "__key*";
  @TempDir
  Path dir;
  private MnemeServer server;

  @BeforeEach
  void start() throws Exception {
    server = InJvmNode.start(PORT, dir);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /**
   * Class m: a read that finds no key sends "keymiss" from the node that served it, through
   * a plain read, a read in MULTI, a write that reads (GETDEL), but not with "A" alone, which
   * leaves m out as in Redis.
   */
  @Test
  void aReadOfAMissingKeyIsAnnouncedAsKeymiss() throws Exception {
    try (Socket subscriber = new Socket("127.0.0.1", PORT);
        Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      jedis.configSet("notify-keyspace-events", "KEA");
      RawResp.assertExchange(subscriber, "*3\r\n$10\r\npsubscribe\r\n" + bulk(PATTERN)
          + ":1\r\n", "PSUBSCRIBE " + PATTERN);
      jedis.get("{k}unseen");
      jedis.configSet("notify-keyspace-events", "KEm");
      jedis.set("{k}present", "v");
      jedis.get("{k}present");
      jedis.get("{k}a");
      RawResp.assertExchange(subscriber, keymiss("{k}a"));
      Transaction t = jedis.multi();
      t.get("{k}b");
      t.getDel("{k}c");
      t.exec();
      RawResp.assertExchange(subscriber, keymiss("{k}b") + keymiss("{k}c"));
      jedis.configSet("notify-keyspace-events", "Em");
      jedis.exists("{k}d");
      RawResp.assertExchange(subscriber,
          pmessage("__keyevent@0__:keymiss", "{k}d"));
    }
  }

  private static String keymiss(String key) {
    return pmessage("__keyspace@0__:" + key, "keymiss")
        + pmessage("__keyevent@0__:keymiss", key);
  }

  private static String pmessage(String channel, String message) {
    return "*4\r\n$8\r\npmessage\r\n" + bulk(PATTERN) + bulk(channel) + bulk(message);
  }

  private static String bulk(String s) {
    return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
  }
}
