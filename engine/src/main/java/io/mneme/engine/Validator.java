package io.mneme.engine;

/**
 * Finds the errors that depend on the arguments alone, before the command enters the log. It is
 * the same parse function the handler calls, so the two cannot disagree.
 */
@FunctionalInterface
interface Validator {
  void check(byte[][] argv);
}
