package io.mneme.jepsen.checker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * A single register holding a value or nil. Values compare by their string form, so a value
 * written as the number 5 and read back as the bulk string "5" are the same.
 * Functions: read (value = result, null for nil), write (value), cas (value = [old, new]).
 */
public final class RegisterModel implements Model {
  private static final Object NIL = new Object() {
    @Override
    public String toString() {
      return "nil";
    }
  };
  private static final Object UNKNOWN = new Object() {
    @Override
    public String toString() {
      return "unknown";
    }
  };

  @Override
  public Object initial() {
    return NIL;
  }

  @Override
  public Object unknown() {
    return UNKNOWN;
  }

  @Override
  public Object step(Object state, Call call) {
    switch (call.f()) {
      case "read" -> {
        Object seen = norm(call.value());
        return state == UNKNOWN || state.equals(seen) ? seen : null;
      }
      case "write" -> {
        return norm(call.value());
      }
      case "cas" -> {
        List<?> args = (List<?>) call.value();
        boolean matches = state == UNKNOWN || state.equals(norm(args.get(0)));
        return matches ? norm(args.get(1)) : null;
      }
      default -> throw new IllegalArgumentException("register: unknown function " + call.f());
    }
  }

  @Override
  public boolean isReadOnly(Call call) {
    return "read".equals(call.f());
  }

  /**
   * Drops indeterminate reads (they change nothing), and indeterminate writes and cas whose
   * new value no read or cas ever observed: once such a call took effect, no read can follow
   * and no cas can succeed until a write overwrites its value, so a linearization applying it
   * is one not applying it. Values are unique per run, so this removes most of the open calls
   * that partitions leave behind.
   */
  @Override
  public List<Call> prune(List<Call> calls) {
    Set<Object> observed = new HashSet<>();
    for (Call c : calls) {
      if ("read".equals(c.f()) && !c.indeterminate()) {
        observed.add(norm(c.value()));
      } else if ("cas".equals(c.f())) {
        observed.add(norm(((List<?>) c.value()).get(0)));
      }
    }
    List<Call> kept = new ArrayList<>();
    for (Call c : calls) {
      boolean useless = c.indeterminate() && ("read".equals(c.f())
          || !"read".equals(c.f()) && !observed.contains(norm(written(c))));
      if (!useless) {
        kept.add(c);
      }
    }
    return Calls.renumber(kept);
  }

  /** The value a write or cas leaves in the register. */
  private static Object written(Call c) {
    return "cas".equals(c.f()) ? ((List<?>) c.value()).get(1) : c.value();
  }

  @Override
  public String show(Object state) {
    return Objects.toString(state);
  }

  /** The canonical form of a register value: its string, or NIL. */
  static Object norm(Object v) {
    return v == null ? NIL : v.toString();
  }
}
