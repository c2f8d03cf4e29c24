package io.mneme.engine.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.DebugLib;

/**
 * Watches one script run through luaj's debug hooks: counts instructions against a fixed budget,
 * bounds the call depth, remembers where the script is (for Redis's "on @user_script:N"), and
 * stops a read-only run that SCRIPT KILL asked to stop.
 *
 * <p>Every bound here is counted in Lua instructions or calls, never in time, so every replica
 * that runs the same script on the same state stops it at the same instruction.
 */
final class RunMonitor extends DebugLib {
  private final long instructionsMax;
  private final KillSwitch kill;
  private long instructions;
  /** The Lua functions being run, innermost last; Java functions are not pushed. */
  private final Prototype[] frames = new Prototype[Scripts.CALL_DEPTH_MAX + 1];
  private final int[] pcs = new int[Scripts.CALL_DEPTH_MAX + 1];
  private int depth;
  /** The function and pc of the last instruction run: where an error was raised. */
  private Prototype last;
  private int lastPc;

  RunMonitor(long instructionsMax, KillSwitch kill) {
    this.instructionsMax = instructionsMax;
    this.kill = kill;
  }

  /** Thrown past pcall (it is an Error, which luaj's pcall does not catch) to stop the run. */
  static final class Stop extends Error {
    final String reply;

    Stop(String reply) {
      super(reply, null, false, false);
      this.reply = reply;
    }
  }

  @Override
  public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    if (depth >= Scripts.CALL_DEPTH_MAX) {
      // Lua's own words; a deterministic bound, unlike the Java stack's size
      throw new LuaError("stack overflow");
    }
    frames[depth] = c.p;
    pcs[depth] = 0;
    depth++;
  }

  @Override
  public void onCall(LuaFunction f) {
    // Java functions have no line; the Lua caller's position stays the current one.
  }

  @Override
  public void onReturn() {
    // luaj calls this for Lua frames only (Java functions called directly do not return here)
    if (depth > 0) {
      depth--;
    }
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    if (depth > 0) {
      pcs[depth - 1] = pc;
      last = frames[depth - 1];
      lastPc = pc;
    }
    if (++instructions > instructionsMax) {
      throw new Stop(Scripts.BUDGET_EXCEEDED);
    }
    if (kill != null && (instructions & KillSwitch.CHECK_MASK) == 0 && kill.requested()) {
      throw new Stop(Scripts.KILLED);
    }
  }

  int depth() {
    return depth;
  }

  /** After pcall caught an error: the frames it unwound are gone. */
  void unwindTo(int saved) {
    depth = Math.min(depth, saved);
  }

  long instructions() {
    return instructions;
  }

  /** luaj appends this to error messages; Redis's messages carry no traceback. */
  @Override
  public String traceback(int level) {
    return "";
  }

  /** "@user_script:3", where the last instruction ran (Redis's "on @user_script:3."), or null. */
  String lastPosition() {
    if (last == null) {
      return null;
    }
    int line = last.lineinfo != null && lastPc < last.lineinfo.length ? last.lineinfo[lastPc] : 0;
    return last.source.tojstring() + ":" + line;
  }

  /** "user_script" for the innermost Lua function {@code level - 1} frames up, or null. */
  String source(int level) {
    int i = depth - level;
    if (i < 0 || frames[i] == null) {
      return null;
    }
    String s = frames[i].source.tojstring();
    return s.startsWith("@") ? s.substring(1) : s;
  }

  /** The current line of that function, or 0 when unknown. */
  int line(int level) {
    int i = depth - level;
    if (i < 0 || frames[i] == null || frames[i].lineinfo == null) {
      return 0;
    }
    int pc = pcs[i];
    int[] lines = frames[i].lineinfo;
    return pc >= 0 && pc < lines.length ? lines[pc] : 0;
  }

  /**
   * The position of the Lua function {@code level} frames up, as Lua's luaL_where writes it:
   * "src:line: ". Level 1, the caller of a Java function, is where the last instruction ran
   * (its frame may already be gone when the call was a tail call).
   */
  String where(int level) {
    if (level == 1) {
      String at = lastPosition();
      return at == null ? "" : (at.startsWith("@") ? at.substring(1) : at) + ": ";
    }
    String src = source(level);
    return src == null ? "" : src + ":" + line(level) + ": ";
  }
}
