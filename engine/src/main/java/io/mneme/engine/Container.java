package io.mneme.engine;

/**
 * A value that commands change in place: every type but strings (which are immutable byte[]
 * once stored). Before a command changes a container it calls {@link Ctx#mutating}, so that an
 * open snapshot can keep a copy of the value as it was.
 */
interface Container {
  /** The name TYPE answers: "hash", "list", "set", "zset", "stream". */
  String typeName();

  /** The name OBJECT ENCODING answers, as Redis would for the same contents. */
  String encoding();

  /** A deep copy that shares nothing mutable with this value (for COPY and snapshots). */
  Container copy();

  /** True when the container holds no element; Redis deletes such keys. */
  boolean isEmpty();
}
