package io.mneme.resp;

import java.nio.charset.StandardCharsets;

/**
 * Where each blocking command keeps its timeout, in milliseconds (0: wait forever). The engine
 * has already refused malformed timeouts with Redis's errors before a command gets here.
 */
final class BlockTimeouts {
  private BlockTimeouts() {}

  static long millis(String command, byte[][] argv) {
    try {
      return switch (command) {
        case "blpop", "brpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax" ->
            seconds(argv[argv.length - 1]);
        case "blmpop", "bzmpop" -> seconds(argv[1]);
        case "xread", "xreadgroup" -> blockOption(argv);
        default -> 0;
      };
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether this form of the command may block (XREAD and XREADGROUP only with BLOCK). */
  static boolean blocks(String command, byte[][] argv) {
    if (!command.equals("xread") && !command.equals("xreadgroup")) {
      return true;
    }
    for (int i = 1; i < argv.length; i++) {
      String a = new String(argv[i], StandardCharsets.US_ASCII);
      if (a.equalsIgnoreCase("streams")) {
        return false;
      }
      if (a.equalsIgnoreCase("block")) {
        return true;
      }
    }
    return false;
  }

  private static long seconds(byte[] arg) {
    double s = Double.parseDouble(new String(arg, StandardCharsets.US_ASCII));
    return s <= 0 ? 0 : Math.max(1, (long) Math.ceil(s * 1000));
  }

  private static long blockOption(byte[][] argv) {
    for (int i = 1; i + 1 < argv.length; i++) {
      String a = new String(argv[i], StandardCharsets.US_ASCII);
      if (a.equalsIgnoreCase("streams")) {
        break;
      }
      if (a.equalsIgnoreCase("block")) {
        return Math.max(0, Long.parseLong(new String(argv[i + 1], StandardCharsets.US_ASCII)));
      }
    }
    return 0;
  }
}
