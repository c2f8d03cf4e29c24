package io.mneme.engine;

/**
 * Where a write reports what it did to a key, as Redis's notifyKeyspaceEvent: the event's type
 * class (one of the {@code NotifyFlags} classes), its name ("set", "lpush", "expired"...) and
 * the key. The engine calls it during {@link Engine#write} (and {@link Engine#expire}) on the
 * applying thread, and during {@link Engine#read} for "keymiss" (class m: a read found no key),
 * and does nothing else with it: whoever set the sink turns the events into pub/sub messages
 * after the command, so the engine stays free of I/O.
 */
@FunctionalInterface
public interface KeyspaceEvents {
  void event(int typeClass, String event, byte[] key);
}
