package io.mneme.raft;

/** Why a shard could not serve a command here; resp/ turns each reason into a Redis error. */
public final class ShardException extends RuntimeException {

  public enum Reason {
    /** Another node leads the shard: redirect the client there (MOVED). */
    NOT_LEADER,
    /** No node leads the shard right now (CLUSTERDOWN). */
    NO_LEADER,
    /** The write reached the log but leadership changed before it was known to commit. */
    OUTCOME_UNKNOWN,
    /** Too many writes are queued; the client should back off. */
    OVERLOADED,
    /** The node is shutting down. */
    SHUTTING_DOWN
  }

  private final Reason reason;
  private final PeerAddress leader;

  public ShardException(Reason reason, PeerAddress leader, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.leader = leader;
  }

  public Reason reason() {
    return reason;
  }

  /** The node to redirect to, for {@link Reason#NOT_LEADER}. */
  public PeerAddress leader() {
    return leader;
  }
}
