package io.mneme.jepsen.client;

/**
 * What became of one client request.
 *
 * @param type ok (applied, with its reply), fail (certainly not applied) or info (unknown)
 * @param reply the reply when ok
 * @param reason why it failed or is unknown
 */
public record Outcome(Type type, Reply reply, String reason) {

  /** The three outcomes a Jepsen history knows. */
  public enum Type { OK, FAIL, INFO }

  /** Applied, with reply {@code r}. */
  public static Outcome ok(Reply r) {
    return new Outcome(Type.OK, r, null);
  }

  /** Certainly not applied. */
  public static Outcome fail(String why) {
    return new Outcome(Type.FAIL, null, why);
  }

  /** Perhaps applied. */
  public static Outcome info(String why) {
    return new Outcome(Type.INFO, null, why);
  }
}
