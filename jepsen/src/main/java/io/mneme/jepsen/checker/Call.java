package io.mneme.jepsen.checker;

import io.mneme.jepsen.history.Op;

/**
 * An invocation paired with its completion: what the checkers reason about.
 *
 * @param id dense number of this call within its key
 * @param f the function (read, write, cas, ...)
 * @param value the argument for writes and cas, the result for reads
 * @param callIndex history index of the invocation
 * @param returnIndex history index of the completion; {@link #NEVER} for indeterminate calls,
 *     which may take effect at any point after their invocation
 * @param invoke the invocation event
 * @param completion the completion event, or null if the run ended first
 */
public record Call(int id, String f, Object value, long callIndex, long returnIndex, Op invoke,
    Op completion) {

  /** The return index of a call that may never have taken effect, or at any later time. */
  public static final long NEVER = Long.MAX_VALUE;

  /** Whether the call's outcome is unknown (info, or no completion). */
  public boolean indeterminate() {
    return returnIndex == NEVER;
  }

  /** The process that made the call. */
  public int process() {
    return invoke.process();
  }

  /** A one-line human form, e.g. {@code p3 read x -> 5 [idx 10..14]}. */
  public String describe() {
    String arrow = "read".equals(f) ? " -> " : " ";
    String end = indeterminate() ? "?" : Long.toString(returnIndex);
    String kind = indeterminate() ? " (indeterminate)" : "";
    return "p" + process() + " " + f + " " + invoke.key() + arrow + value + kind
        + " [history " + callIndex + ".." + end + "]";
  }

  /** A copy with another id. */
  public Call withId(int newId) {
    return new Call(newId, f, value, callIndex, returnIndex, invoke, completion);
  }
}
