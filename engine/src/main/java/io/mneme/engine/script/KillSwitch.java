package io.mneme.engine.script;

/**
 * The one thing another thread may touch: SCRIPT KILL / FUNCTION KILL from the server layer ask
 * the read-only script running now (on the read path) to stop. Scripts in the log never look at
 * it, so killing cannot make replicas differ.
 */
public final class KillSwitch {
  /** The running script checks the switch every this many instructions plus one. */
  static final long CHECK_MASK = 0x3ff;

  /** What runs now: 0 nothing, 1 a read-only script, 2 a script from the log. */
  private volatile int running;
  private volatile boolean requested;
  private volatile boolean function;

  void started(boolean readOnly, boolean function) {
    requested = false;
    this.function = function;
    running = readOnly ? 1 : 2;
  }

  void finished() {
    running = 0;
    requested = false;
  }

  boolean requested() {
    return requested;
  }

  /**
   * SCRIPT KILL (function false) or FUNCTION KILL (true): Redis's replies. A script from the
   * log is never killed: it must end the same way on every replica, so its instruction budget
   * ends it instead.
   */
  public String kill(boolean function) {
    int now = running;
    if (now == 0) {
      return "NOTBUSY No scripts in execution right now.";
    }
    if (now == 2) {
      return "UNKILLABLE Sorry the script already executed write commands against the dataset."
          + " You can either wait the script termination or kill the server in a hard way using"
          + " the SHUTDOWN NOSAVE command.";
    }
    if (this.function != function) {
      return "BUSY Redis is busy running a script. You can only call "
          + (this.function ? "FUNCTION" : "SCRIPT") + " KILL or SHUTDOWN NOSAVE.";
    }
    requested = true;
    return "OK";
  }
}
