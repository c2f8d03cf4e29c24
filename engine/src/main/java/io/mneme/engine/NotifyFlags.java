package io.mneme.engine;

/**
 * The notify-keyspace-events classes and their letters, as Redis 7.0's server.h and
 * notify.c define them (keyspaceEventsStringToFlags, keyspaceEventsFlagsToString).
 */
public final class NotifyFlags {
  public static final int KEYSPACE = 1 << 0;   // K
  public static final int KEYEVENT = 1 << 1;   // E
  public static final int GENERIC = 1 << 2;    // g
  public static final int STRING = 1 << 3;     // $
  public static final int LIST = 1 << 4;       // l
  public static final int SET = 1 << 5;        // s
  public static final int HASH = 1 << 6;       // h
  public static final int ZSET = 1 << 7;       // z
  public static final int EXPIRED = 1 << 8;    // x
  public static final int EVICTED = 1 << 9;    // e
  public static final int STREAM = 1 << 10;    // t
  public static final int KEY_MISS = 1 << 11;  // m (not part of A)
  public static final int LOADED = 1 << 12;    // module only
  public static final int MODULE = 1 << 13;    // d
  public static final int NEW = 1 << 14;       // n (not part of A)
  /** The classes "A" stands for. */
  public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED
      | EVICTED | STREAM | MODULE;

  private NotifyFlags() {}

  /** The flags a notify-keyspace-events string sets, or -1 if it has an unknown letter. */
  public static int parse(String classes) {
    int flags = 0;
    for (char c : classes.toCharArray()) {
      int f = switch (c) {
        case 'A' -> ALL;
        case 'g' -> GENERIC;
        case '$' -> STRING;
        case 'l' -> LIST;
        case 's' -> SET;
        case 'h' -> HASH;
        case 'z' -> ZSET;
        case 'x' -> EXPIRED;
        case 'e' -> EVICTED;
        case 'K' -> KEYSPACE;
        case 'E' -> KEYEVENT;
        case 't' -> STREAM;
        case 'm' -> KEY_MISS;
        case 'd' -> MODULE;
        case 'n' -> NEW;
        default -> -1;
      };
      if (f == -1) {
        return -1;
      }
      flags |= f;
    }
    return flags;
  }

  /** The string CONFIG GET shows for the flags, in Redis's letter order. */
  public static String format(int flags) {
    StringBuilder sb = new StringBuilder();
    if ((flags & ALL) == ALL) {
      sb.append('A');
    } else {
      append(sb, flags, GENERIC, 'g');
      append(sb, flags, STRING, '$');
      append(sb, flags, LIST, 'l');
      append(sb, flags, SET, 's');
      append(sb, flags, HASH, 'h');
      append(sb, flags, ZSET, 'z');
      append(sb, flags, EXPIRED, 'x');
      append(sb, flags, EVICTED, 'e');
      append(sb, flags, STREAM, 't');
      append(sb, flags, MODULE, 'd');
      // Redis 7.0 shows n only here, so "An" reads back as "A" though n stays set.
      append(sb, flags, NEW, 'n');
    }
    append(sb, flags, KEYSPACE, 'K');
    append(sb, flags, KEYEVENT, 'E');
    append(sb, flags, KEY_MISS, 'm');
    return sb.toString();
  }

  private static void append(StringBuilder sb, int flags, int flag, char letter) {
    if ((flags & flag) != 0) {
      sb.append(letter);
    }
  }
}
