package io.mneme.engine;

import java.nio.charset.StandardCharsets;

/** Redis 7.0's error texts, without the leading '-' of the protocol. */
public final class Errors {
  public static final String WRONGTYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String INT_RANGE =
      "ERR value is out of range, value must between -2147483648 and 2147483647";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String SYNTAX = "ERR syntax error";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String DECR_OVERFLOW = "ERR decrement would overflow";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String STRING_TOO_LONG =
      "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  public static final String OFFSET_RANGE = "ERR offset is out of range";
  public static final String NX_XX_GT_LT =
      "ERR NX and XX, GT or LT options at the same time are not compatible";
  public static final String GT_LT = "ERR GT and LT options at the same time are not compatible";
  public static final String DB_INDEX = "ERR DB index is out of range";
  public static final String NAN_OR_INF = "ERR increment would produce NaN or Infinity";
  public static final String SAME_OBJECT = "ERR source and destination objects are the same";
  public static final String INVALID_CURSOR = "ERR invalid cursor";
  public static final String INVALID_COMMAND = "ERR Invalid command specified";
  public static final String INVALID_ARG_COUNT =
      "ERR Invalid number of arguments specified for command";
  public static final String NO_KEY_ARGS = "ERR The command has no key arguments";
  public static final String NOT_ENGINE_COMMAND = "ERR command is not handled by the engine";
  public static final String INVALID_ARGS = "ERR Invalid arguments specified for command";
  // Shared with other types (object.c's range checks, blocking timeouts, numkeys).
  public static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
  public static final String OUT_OF_RANGE = "ERR value is out of range";
  public static final String NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
  public static final String COUNT_POSITIVE = "ERR count should be greater than 0";
  public static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
  public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
  public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  // Sorted sets (t_zset.c) and geo (geo.c).
  public static final String ZSET_NAN = "ERR resulting score is not a number (NaN)";
  public static final String ZADD_NX_XX =
      "ERR XX and NX options at the same time are not compatible";
  public static final String ZADD_GT_LT_NX =
      "ERR GT, LT, and/or NX options at the same time are not compatible";
  public static final String ZADD_INCR_PAIRS =
      "ERR INCR option supports a single increment-element pair";
  public static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
  public static final String MIN_MAX_NOT_STRING = "ERR min or max not valid string range item";
  public static final String LIMIT_NEEDS_BY = "ERR syntax error, LIMIT is only supported in"
      + " combination with either BYSCORE or BYLEX";
  public static final String WITHSCORES_BYLEX =
      "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
  public static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";
  public static final String GEO_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
  public static final String GEO_NO_MEMBER = "ERR could not decode requested zset member";
  public static final String GEO_RADIUS_NOT_NUMBER = "ERR need numeric radius";
  public static final String GEO_RADIUS_NEGATIVE = "ERR radius cannot be negative";
  public static final String GEO_WIDTH_NOT_NUMBER = "ERR need numeric width";
  public static final String GEO_HEIGHT_NOT_NUMBER = "ERR need numeric height";
  public static final String GEO_BOX_NEGATIVE = "ERR height or width cannot be negative";
  public static final String GEO_COUNT = "ERR COUNT must be > 0";
  public static final String GEO_ANY_COUNT = "ERR the ANY argument requires COUNT argument";

  /** Redis quotes at most this many bytes of the first arguments in "unknown command". */
  private static final int UNKNOWN_ARGS_BYTES_MAX = 128;

  private Errors() {}

  /** {@code ERR wrong number of arguments for 'get' command}; name is the lowercase fullname. */
  public static String wrongArity(String name) {
    return "ERR wrong number of arguments for '" + name + "' command";
  }

  /** getRangeLongFromObjectOrReply's text: {@code ERR value is out of range, value must...}. */
  public static String longRange(long min, long max) {
    return "ERR value is out of range, value must between " + min + " and " + max;
  }

  /** {@code ERR at least 1 input key is needed for 'zunion' command}. */
  public static String noInputKey(String name) {
    return "ERR at least 1 input key is needed for '" + name + "' command";
  }

  /** geo.c's extractLongLatOrReply: the pair printed with "%f". */
  public static String badLonLat(String lon, String lat) {
    return "ERR invalid longitude,latitude pair " + lon + "," + lat;
  }

  /** {@code ERR invalid expire time in 'set' command}. */
  public static String invalidExpire(String name) {
    return "ERR invalid expire time in '" + name + "' command";
  }

  /** {@code ERR unknown subcommand 'foo'. Try COMMAND HELP.} */
  public static String unknownSubcommand(String sub, String container) {
    return "ERR unknown subcommand '" + abbreviate(sub) + "'. Try "
        + container.toUpperCase(java.util.Locale.ROOT) + " HELP.";
  }

  public static String unsupportedOption(byte[] opt) {
    return "ERR Unsupported option " + str(opt);
  }

  /**
   * Redis: {@code ERR unknown command 'foo', with args beginning with: 'a' 'b' }; each argument
   * is quoted and followed by one space, and the quoted arguments stop at 128 bytes in total.
   */
  public static String unknownCommand(byte[][] argv) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < UNKNOWN_ARGS_BYTES_MAX; i++) {
      int room = UNKNOWN_ARGS_BYTES_MAX - args.length();
      String arg = str(argv[i]);
      args.append('\'').append(arg.length() > room ? arg.substring(0, room) : arg).append("' ");
    }
    String name = argv.length == 0 ? "" : abbreviate(str(argv[0]));
    return "ERR unknown command '" + name + "', with args beginning with: " + args;
  }

  /** Redis cuts names it echoes in errors at 128 bytes. */
  private static String abbreviate(String s) {
    return s.length() > UNKNOWN_ARGS_BYTES_MAX ? s.substring(0, UNKNOWN_ARGS_BYTES_MAX) : s;
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
