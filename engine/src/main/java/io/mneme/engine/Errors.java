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
  /** Mneme's: a command on a slot in its handoff to another shard. */
  public static final String SLOT_MOVING =
      "TRYAGAIN Slot is being moved to another shard, try again";
  public static final String INVALID_ARGS = "ERR Invalid arguments specified for command";
  public static final String NOT_ENGINE_COMMAND = "ERR command is not handled by the engine";
  // Hashes and sets (t_hash.c, t_set.c, and the range checks of object.c they use).
  public static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
  public static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
  public static final String NAN_OR_INFINITY = "ERR value is NaN or Infinity";
  public static final String OUT_OF_RANGE = "ERR value is out of range";
  public static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
  public static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
  public static final String NUMKEYS_TOO_MANY =
      "ERR Number of keys can't be greater than number of args";
  public static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
  // Lists, bitmaps and HyperLogLogs.
  public static final String INDEX_RANGE = "ERR index out of range";
  public static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first"
      + " match, 2 from the second ... or use negative to start from the end of the list";
  public static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
  public static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
  public static final String COUNT_POSITIVE = "ERR count should be greater than 0";
  public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
  public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  public static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
  public static final String BIT_VALUE = "ERR bit is not an integer or out of range";
  public static final String BIT_ARGUMENT = "ERR The bit argument must be 1 or 0.";
  public static final String BITOP_NOT_ONE_KEY =
      "ERR BITOP NOT must be called with a single source key.";
  public static final String BITFIELD_TYPE = "ERR Invalid bitfield type. Use something like i16"
      + " u8. Note that u64 is not supported but i64 is.";
  public static final String BITFIELD_OVERFLOW = "ERR Invalid OVERFLOW type specified";
  public static final String BITFIELD_RO_GET_ONLY =
      "ERR BITFIELD_RO only supports the GET subcommand";
  public static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
  public static final String HLL_CORRUPT = "INVALIDOBJ Corrupted HLL object detected";

  // Streams (t_stream.c).
  public static final String INVALID_STREAM_ID =
      "ERR Invalid stream ID specified as stream command argument";
  public static final String XADD_ID_SMALL =
      "ERR The ID specified in XADD is equal or smaller than the target stream top item";
  public static final String XADD_ID_ZERO =
      "ERR The ID specified in XADD must be greater than 0-0";
  public static final String STREAM_EXHAUSTED =
      "ERR The stream has exhausted the last possible ID, unable to add more items";
  public static final String STREAM_TOO_LARGE = "ERR Elements are too large to be stored";
  public static final String MAXLEN_AND_MINID =
      "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
  public static final String TRIM_MAXLEN_NEGATIVE = "ERR The MAXLEN argument must be >= 0.";
  public static final String TRIM_LIMIT_NEGATIVE = "ERR The LIMIT argument must be >= 0.";
  public static final String LIMIT_WITHOUT_STRATEGY =
      "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
  public static final String LIMIT_WITHOUT_APPROX =
      "ERR syntax error, LIMIT cannot be used without the special ~ option";
  public static final String XTRIM_WITHOUT_STRATEGY =
      "ERR syntax error, XTRIM must be called with a trimming strategy";
  public static final String INTERVAL_START = "ERR invalid start ID for the interval";
  public static final String INTERVAL_END = "ERR invalid end ID for the interval";
  public static final String XSETID_BELOW_TOP =
      "ERR The ID specified in XSETID is smaller than the target stream top item";
  public static final String XSETID_ENTRIES_ADDED =
      "ERR The entries_added specified in XSETID is smaller than the target stream length";
  public static final String XSETID_BELOW_MAX_DELETED =
      "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
  public static final String ENTRIES_ADDED_NEGATIVE = "ERR entries_added must be positive";
  public static final String XGROUP_NO_KEY = "ERR The XGROUP subcommand requires the key to"
      + " exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty"
      + " stream automatically.";
  public static final String BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
  public static final String ENTRIES_READ_NEGATIVE =
      "ERR value for ENTRIESREAD must be positive or -1";
  public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
  public static final String XREAD_UNBALANCED = "ERR Unbalanced XREAD list of streams: for each"
      + " stream key an ID or '$' must be specified.";
  public static final String XREAD_GROUP =
      "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
  public static final String XREAD_NOACK =
      "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
  public static final String XREADGROUP_NO_GROUP = "ERR Missing GROUP option for XREADGROUP";
  public static final String XREADGROUP_DOLLAR = "ERR The $ ID is meaningless in the context of"
      + " XREADGROUP: you want to read the history of this consumer by specifying a proper ID,"
      + " or use the > ID to get new messages. The $ ID would just return an empty result set.";
  public static final String XREAD_GT = "ERR The > ID can be specified only when calling"
      + " XREADGROUP using the GROUP <group> <consumer> option.";
  public static final String XCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XCLAIM";
  public static final String XCLAIM_IDLE = "ERR Invalid IDLE option argument for XCLAIM";
  public static final String XCLAIM_TIME = "ERR Invalid TIME option argument for XCLAIM";
  public static final String XCLAIM_RETRYCOUNT =
      "ERR Invalid RETRYCOUNT option argument for XCLAIM";
  public static final String XAUTOCLAIM_MIN_IDLE =
      "ERR Invalid min-idle-time argument for XAUTOCLAIM";
  public static final String XAUTOCLAIM_COUNT = "ERR COUNT must be > 0";
  public static final String XAUTOCLAIM_MEMORY =
      "ERR Insufficient memory, failed allocating transient memory, COUNT too high.";

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

  // Keys as objects: SORT (sort.c), DUMP and RESTORE (cluster.c), OBJECT (object.c).
  public static final String SORT_SCORES =
      "ERR One or more scores can't be converted into double";
  public static final String SORT_BY_CLUSTER = "ERR BY option of SORT denied in Cluster mode.";
  public static final String SORT_GET_CLUSTER = "ERR GET option of SORT denied in Cluster mode.";
  public static final String BUSYKEY = "BUSYKEY Target key name already exists.";
  public static final String TTL_NEGATIVE = "ERR Invalid TTL value, must be >= 0";
  public static final String IDLETIME_NEGATIVE = "ERR Invalid IDLETIME value, must be >= 0";
  public static final String FREQ_RANGE = "ERR Invalid FREQ value, must be >= 0 and <= 255";
  public static final String DUMP_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
  public static final String BAD_DATA_FORMAT = "ERR Bad data format";
  /** Not a Redis text: only a value of a type no command creates can hit it. */
  public static final String DUMP_UNSUPPORTED =
      "ERR DUMP of this value type is not supported by this server";
  public static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected,"
      + " access frequency not tracked. Please note that when switching between policies at"
      + " runtime LRU and LFU data will take some time to adjust.";

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

  /** {@code ERR Unrecognized XCLAIM option 'foo'}. */
  public static String xclaimOption(byte[] opt) {
    return "ERR Unrecognized XCLAIM option '" + cString(opt) + "'";
  }

  /** The NOGROUP error of XREADGROUP. */
  public static String noGroupRead(byte[] key, byte[] group) {
    return "NOGROUP No such key '" + cString(key) + "' or consumer group '" + cString(group)
        + "' in XREADGROUP with GROUP option";
  }

  /** The NOGROUP error of XPENDING, XCLAIM and XAUTOCLAIM. */
  public static String noGroup(byte[] key, byte[] group) {
    return "NOGROUP No such key '" + cString(key) + "' or consumer group '" + cString(group)
        + "'";
  }

  /** The NOGROUP error of XGROUP and XINFO. */
  public static String noSuchGroup(byte[] group, byte[] key) {
    return "NOGROUP No such consumer group '" + cString(group) + "' for key name '"
        + cString(key) + "'";
  }

  /**
   * Redis's addReplySubcommandSyntaxError: the subcommand as typed (at most 128 bytes) and the
   * command name as typed, upper-cased.
   */
  public static String subcommandSyntax(byte[] command, byte[] sub) {
    String s = cString(sub);
    return "ERR unknown subcommand or wrong number of arguments for '" + abbreviate(s)
        + "'. Try " + cString(command).toUpperCase(java.util.Locale.ROOT) + " HELP.";
  }

  /** A name as Redis's "%s" prints it: up to its first NUL byte. */
  private static String cString(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        return new String(b, 0, i, StandardCharsets.UTF_8);
      }
    }
    return str(b);
  }

  /** Redis cuts names it echoes in errors at 128 bytes. */
  private static String abbreviate(String s) {
    return s.length() > UNKNOWN_ARGS_BYTES_MAX ? s.substring(0, UNKNOWN_ARGS_BYTES_MAX) : s;
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
