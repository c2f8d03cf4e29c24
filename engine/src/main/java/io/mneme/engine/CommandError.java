package io.mneme.engine;

/**
 * Thrown by argument parsing and command code to stop a command with an error reply. Commands
 * throw it only before they change state, so the keyspace is never left half-updated. It carries
 * no stack trace because it is ordinary control flow, not a bug.
 */
final class CommandError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Reply reply;

  CommandError(String text) {
    super(text, null, false, false);
    this.reply = Reply.error(text);
  }

  Reply reply() {
    return reply;
  }
}
