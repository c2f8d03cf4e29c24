package io.mneme.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real redis-cli against a node, as a user would. */
final class RedisCli {
  private RedisCli() {}

  static boolean available() {
    try {
      return new ProcessBuilder("redis-cli", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The command's output, trimmed. */
  static String run(NodeProcess node, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", node.host, "-p",
        Integer.toString(node.port)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-cli did not finish: " + command);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
