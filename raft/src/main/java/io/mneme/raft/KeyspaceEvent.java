package io.mneme.raft;

/**
 * One keyspace event a member caused while applying an entry (Redis's notifyKeyspaceEvent):
 * its class (an io.mneme.engine.NotifyFlags bit), name and key. Every member that applies the
 * entry, primary or replica, reports it for its own node's subscribers.
 */
public record KeyspaceEvent(int typeClass, String event, byte[] key) {}
