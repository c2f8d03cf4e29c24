package io.mneme.engine;

/** Where a command runs. */
public enum CommandKind {
  /** Goes through the Raft log and {@link Engine#write}. */
  KEYSPACE_WRITE,
  /** Runs through {@link Engine#read} after a linearizable read barrier. */
  KEYSPACE_READ,
  /** Answered by {@link Engine#read} without touching keys (COMMAND and its subcommands). */
  LOCAL,
  /** Answered by the RESP layer from the connection's state; the engine has no handler. */
  SESSION
}
