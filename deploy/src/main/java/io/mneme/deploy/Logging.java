package io.mneme.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Maps Redis's loglevel names onto Logback's root level. */
final class Logging {
  private Logging() {}

  static void configure(String redisLevel) {
    Level level = switch (redisLevel.toLowerCase(Locale.ROOT)) {
      case "debug" -> Level.DEBUG;
      case "verbose" -> Level.INFO;
      case "warning" -> Level.WARN;
      case "nothing" -> Level.OFF;
      default -> Level.INFO;
    };
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
    // Ratis logs every election and snapshot at INFO; keep its routine chatter out.
    context.getLogger("org.apache.ratis").setLevel(level == Level.DEBUG ? Level.INFO
        : level == Level.INFO ? Level.WARN : level);
  }
}
