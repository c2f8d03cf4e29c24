package io.mneme.jepsen.checker;

/**
 * A sequential specification for the linearizability checker. States must be immutable and
 * have value equality, since (linearized set, state) pairs are memoised.
 */
public interface Model {
  /** The state before any operation. */
  Object initial();

  /**
   * A state that stands for "anything": used when checking a window cut out of the middle of a
   * history, whose starting state is not known.
   */
  Object unknown();

  /** The state after {@code call}, or null if {@code call} cannot happen in {@code state}. */
  Object step(Object state, Call call);

  /** Whether {@code call} can be dropped when indeterminate (it changes no state). */
  boolean isReadOnly(Call call);

  /**
   * Removes calls that cannot change the verdict (for instance indeterminate reads), which keeps
   * the search small. The default keeps every call.
   */
  default java.util.List<Call> prune(java.util.List<Call> calls) {
    return calls;
  }

  /** Human form of a state, for explanations. */
  String show(Object state);
}
