package io.mneme.engine;

import java.util.Locale;

/**
 * Command flags as Redis 7.0 reports them in COMMAND INFO. The declaration order is the order in
 * which Redis prints them, so an EnumSet iterates in Redis's order.
 */
public enum CommandFlag {
  WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE,
  SKIP_MONITOR, SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL,
  NO_MANDATORY_KEYS, PROTECTED, MOVABLEKEYS, NO_ASYNC_LOADING, NO_MULTI, ALLOW_BUSY;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The lowercase name COMMAND INFO prints. */
  public String wireName() {
    return wire;
  }
}
