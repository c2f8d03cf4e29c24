package io.mneme.jepsen.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, iptables, kill) with a deadline each. */
public final class Shell {
  /** Default deadline of one system command. */
  public static final long COMMAND_TIMEOUT_MS = 10_000;

  private Shell() {}

  /**
   * The outcome of one command.
   *
   * @param exit the exit status (-1 on timeout or when it could not start)
   * @param output stdout and stderr together
   */
  public record Result(int exit, String output) {
    /** Whether the command succeeded. */
    public boolean ok() {
      return exit == 0;
    }
  }

  /** Runs {@code args} with the default deadline. */
  public static Result run(String... args) {
    return run(COMMAND_TIMEOUT_MS, List.of(args));
  }

  /** Runs {@code args}, failing with an exception unless it exits 0. */
  public static String check(String... args) {
    Result r = run(args);
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", args) + " failed (" + r.exit() + "): "
          + r.output().trim());
    }
    return r.output();
  }

  /** Runs {@code args}, killing it after {@code timeoutMillis}. */
  public static Result run(long timeoutMillis, List<String> args) {
    Process p;
    try {
      p = new ProcessBuilder(args).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    }
    try {
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copy(p.getInputStream(), out), "shell-reader");
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out after " + timeoutMillis + " ms: " + args);
      }
      reader.join(timeoutMillis);
      return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException | IOException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted: " + args);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      // The process is gone; whatever was read is kept.
    }
  }
}
