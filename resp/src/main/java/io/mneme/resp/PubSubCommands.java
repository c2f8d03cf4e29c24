package io.mneme.resp;

/** Which commands are pub/sub commands, and which a RESP2 subscriber may still send. */
final class PubSubCommands {
  private PubSubCommands() {}

  static boolean isPubSub(String name) {
    return switch (name) {
      case "subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ssubscribe",
          "sunsubscribe", "publish", "spublish", "pubsub" -> true;
      default -> false;
    };
  }

  /** Redis's processCommand: the only commands a RESP2 connection in subscribed mode runs. */
  static boolean allowedWhileSubscribed(String name) {
    return switch (name) {
      case "subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ssubscribe",
          "sunsubscribe", "ping", "quit", "reset" -> true;
      default -> false;
    };
  }

  /** Containers the table declares without their subcommands (answered in the session). */
  static boolean isSessionContainer(String name) {
    return switch (name) {
      case "client", "config", "cluster" -> true;
      default -> false;
    };
  }
}
