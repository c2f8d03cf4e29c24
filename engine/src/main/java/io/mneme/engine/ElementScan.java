package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * HSCAN and SSCAN (and ZSCAN): Redis's scanGenericCommand for the elements of one collection.
 * A compact encoding answers everything at once with cursor 0, as Redis does for listpacks and
 * intsets; a hash table is walked with Redis's reverse-binary cursor.
 */
final class ElementScan {
  /** COUNT when none is given. */
  static final long COUNT_DEFAULT = 10;
  /** A call visits at most COUNT times this many buckets (Redis's maxiterations). */
  static final long BUCKETS_PER_COUNT = 10;

  private ElementScan() {}

  /** The options after the cursor; MATCH null when absent or "*". */
  record Options(long count, byte[] match) {}

  /**
   * Parses COUNT and MATCH from argv[3] on. Redis does so only after it found the key and
   * checked its type, so a missing key hides these errors and no validator may report them.
   */
  static Options parseOptions(byte[][] argv) {
    long count = COUNT_DEFAULT;
    byte[] match = null;
    for (int i = 3; i < argv.length; i += 2) {
      boolean hasValue = i + 1 < argv.length;
      if (hasValue && Parse.is(argv[i], "count")) {
        count = Parse.longArg(argv[i + 1]);
        if (count < 1) {
          throw new CommandError(Errors.SYNTAX);
        }
      } else if (hasValue && Parse.is(argv[i], "match")) {
        match = Glob.matchesAll(argv[i + 1]) ? null : argv[i + 1];
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new Options(count, match);
  }

  /** The cursor, which Redis parses before looking the key up: the validator's part. */
  static void checkCursor(byte[][] argv) {
    KeyCommands.parseCursor(argv[2]);
  }

  /** One step of a table walk: adds the items of the bucket the cursor names to out. */
  @FunctionalInterface
  interface Walk {
    long step(long cursor, List<byte[]> out);
  }

  /**
   * Walks until COUNT items were gathered or the bucket budget is spent, as Redis does. Items
   * come in groups of {@code stride} (field and value for a hash), and MATCH tests the first of
   * each group. The budget and COUNT count items, so a hash gathers about COUNT/2 fields.
   */
  static Reply walk(long cursor, Options o, int stride, Walk walk) {
    List<byte[]> items = new ArrayList<>();
    long budget = o.count() > Long.MAX_VALUE / BUCKETS_PER_COUNT ? Long.MAX_VALUE
        : o.count() * BUCKETS_PER_COUNT;
    do {
      cursor = walk.step(cursor, items);
    } while (cursor != 0 && budget-- > 0 && items.size() < o.count());
    return reply(cursor, items, o.match(), stride);
  }

  /** The [cursor, [items...]] reply, MATCH applied. */
  static Reply reply(long cursor, List<byte[]> items, byte[] match, int stride) {
    List<Reply> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i += stride) {
      if (match != null && !Glob.match(match, items.get(i))) {
        continue;
      }
      for (int j = 0; j < stride; j++) {
        out.add(new Reply.Bulk(items.get(i + j)));
      }
    }
    return Reply.array(Reply.bulk(Long.toUnsignedString(cursor)),
        new Reply.Arr(out.toArray(new Reply[0])));
  }

  /** The reply for a missing key: cursor 0 and nothing. */
  static Reply empty() {
    return Reply.array(Reply.bulk("0"), Reply.EMPTY_ARRAY);
  }
}
