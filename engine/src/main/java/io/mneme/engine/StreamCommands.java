package io.mneme.engine;

import io.mneme.engine.StreamValue.Consumer;
import io.mneme.engine.StreamValue.Group;
import io.mneme.engine.StreamValue.Id;
import io.mneme.engine.StreamValue.Nack;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;

/**
 * The stream commands, after Redis 7.0's t_stream.c: argument parsing with Redis's rules and
 * error order, replies in Redis's shapes. The data structure is {@link StreamValue}.
 *
 * <p>Time: automatic IDs, delivery times, idle times and consumers' seen times all come from
 * {@code ctx.now}, the log entry's time for writes, so every replica computes the same.
 */
final class StreamCommands {
  /** Redis parses stream IDs in a 128-byte buffer: longer arguments are invalid IDs. */
  private static final int ID_CHARS_MAX = 127;
  /** 2^64-1 divided by 10, for unsigned overflow checks. */
  private static final long UNSIGNED_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
  /** XAUTOCLAIM's default COUNT. */
  private static final long AUTOCLAIM_COUNT_DEFAULT = 100;
  /** XAUTOCLAIM examines at most COUNT times this many pending entries (attempts_factor). */
  private static final long AUTOCLAIM_ATTEMPTS_PER_COUNT = 10;
  /** Redis allocates a 16-byte ID per COUNT for XAUTOCLAIM's deleted IDs. */
  private static final long AUTOCLAIM_BYTES_PER_COUNT = 16;
  /** XAUTOCLAIM's COUNT range: LONG_MAX / max(sizeof(streamID), attempts_factor). */
  private static final long AUTOCLAIM_COUNT_MAX = Long.MAX_VALUE / AUTOCLAIM_BYTES_PER_COUNT;
  /** jemalloc refuses one allocation above 2^46 bytes, so Redis fails larger COUNTs. */
  private static final long AUTOCLAIM_ALLOCATION_BYTES_MAX = 1L << 46;
  /** XINFO STREAM FULL's default COUNT. */
  private static final long INFO_FULL_COUNT_DEFAULT = 10;
  /** Approximate trimming without LIMIT removes at most this many entries (100 nodes). */
  private static final long TRIM_APPROX_LIMIT_DEFAULT = 100L * StreamValue.NODE_ENTRIES_MAX;

  private static final int TRIM_NONE = 0;
  private static final int TRIM_MAXLEN = 1;
  private static final int TRIM_MINID = 2;

  static {
    if (AUTOCLAIM_ALLOCATION_BYTES_MAX / AUTOCLAIM_BYTES_PER_COUNT > AUTOCLAIM_COUNT_MAX) {
      throw new AssertionError("the allocation bound must be below the COUNT range");
    }
  }

  private StreamCommands() {}

  // ---- IDs ----

  /** A parsed ID argument; seqGiven is false for XADD's {@code <ms>-*}. */
  private record ParsedId(Id id, boolean seqGiven) {}

  private static CommandError invalidId() {
    return new CommandError(Errors.INVALID_STREAM_ID);
  }

  /** streamParseStrictIDOrReply without the seq wildcard: "-" and "+" are refused. */
  static Id strictId(byte[] arg) {
    return parseId(arg, 0, arg.length, 0, true, false).id;
  }

  /**
   * Redis's streamGenericParseIDOrReply over arg[from, to): {@code <ms>[-<seq>]} with Redis's
   * number rules (string2ull), "-" and "+" unless strict, {@code <ms>-*} when allowed. Like
   * Redis's C string, the argument ends at a NUL byte.
   */
  private static ParsedId parseId(byte[] arg, int from, int to, long missingSeq, boolean strict,
      boolean seqStar) {
    if (to - from > ID_CHARS_MAX) {
      throw invalidId();
    }
    int end = from;
    while (end < to && arg[end] != 0) {
      end++;
    }
    if (end - from == 1 && (arg[from] == '-' || arg[from] == '+')) {
      if (strict) {
        throw invalidId();
      }
      return new ParsedId(arg[from] == '-' ? Id.MIN : Id.MAX, true);
    }
    int dash = from;
    while (dash < end && arg[dash] != '-') {
      dash++;
    }
    long ms = string2ull(arg, from, dash);
    if (dash == end) {
      return new ParsedId(new Id(ms, missingSeq), true);
    }
    if (seqStar && end - dash == 2 && arg[dash + 1] == '*') {
      return new ParsedId(new Id(ms, 0), false);
    }
    return new ParsedId(new Id(ms, string2ull(arg, dash + 1, end)), true);
  }

  /**
   * Redis's string2ull: a strict decimal (string2ll) that is not negative, else whatever
   * strtoull accepts in full (leading spaces, a sign, leading zeros; a minus wraps around).
   */
  private static long string2ull(byte[] b, int from, int to) {
    Long strict = Parse.parseLong(java.util.Arrays.copyOfRange(b, from, to));
    if (strict != null) {
      if (strict < 0) {
        throw invalidId();
      }
      return strict;
    }
    int i = from;
    while (i < to && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) {
      i++;
    }
    boolean negative = false;
    if (i < to && (b[i] == '+' || b[i] == '-')) {
      negative = b[i] == '-';
      i++;
    }
    if (i == to) {
      throw invalidId();
    }
    long v = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw invalidId();
      }
      if (Long.compareUnsigned(v, UNSIGNED_MAX_DIV_10) > 0
          || (v == UNSIGNED_MAX_DIV_10 && d > 5)) {
        throw invalidId(); // ERANGE
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  /** streamIncrID: the next ID, or null past the last possible one. */
  private static Id incr(Id id) {
    if (id.seq() == -1) {
      return id.ms() == -1 ? null : new Id(id.ms() + 1, 0);
    }
    return new Id(id.ms(), id.seq() + 1);
  }

  /** streamDecrID: the previous ID, or null before 0-0. */
  private static Id decr(Id id) {
    if (id.seq() == 0) {
      return id.ms() == 0 ? null : new Id(id.ms() - 1, -1);
    }
    return new Id(id.ms(), id.seq() - 1);
  }

  /**
   * streamParseIntervalIDOrReply then the start/end adjustment: "(" makes the bound exclusive
   * (strict ID after it), which moves it by one.
   */
  private static Id bound(byte[] arg, boolean start) {
    long missingSeq = start ? 0 : -1;
    if (arg.length > 1 && arg[0] == '(') {
      Id id = parseId(arg, 1, arg.length, missingSeq, true, false).id;
      Id moved = start ? incr(id) : decr(id);
      if (moved == null) {
        throw new CommandError(start ? Errors.INTERVAL_START : Errors.INTERVAL_END);
      }
      return moved;
    }
    return parseId(arg, 0, arg.length, missingSeq, false, false).id;
  }

  // ---- shared helpers ----

  /** The stream in a live entry, null for none; WRONGTYPE for another type. */
  private static StreamValue stream(Keyspace.Entry e) {
    if (e == null) {
      return null;
    }
    if (e.value instanceof StreamValue s) {
      return s;
    }
    throw new CommandError(Errors.WRONGTYPE);
  }

  /** getLongLongFromObjectOrReply with Redis's generic or a specific message. */
  private static long longArg(byte[] arg, String error) {
    Long v = Parse.parseLong(arg);
    if (v == null) {
      throw new CommandError(error);
    }
    return v;
  }

  private static Reply idReply(Id id) {
    return new Reply.Bulk(id.bytes());
  }

  private static Reply idReply(long ms, long seq) {
    return idReply(new Id(ms, seq));
  }

  /** One entry as Redis sends it: [id, [field, value, ...]]. */
  private static Reply entryReply(long ms, long seq, byte[][] fieldsAndValues) {
    Reply[] fv = new Reply[fieldsAndValues.length];
    for (int i = 0; i < fv.length; i++) {
      fv[i] = new Reply.Bulk(fieldsAndValues[i]);
    }
    return Reply.array(idReply(ms, seq), new Reply.Arr(fv));
  }

  /** The entries with start &lt;= id &lt;= end as an array of entry replies. */
  private static List<Reply> entries(StreamValue s, Id start, Id end, boolean rev, long count) {
    List<Reply> out = new ArrayList<>();
    s.range(start, end, rev, count, (ms, seq, fv) -> out.add(entryReply(ms, seq, fv)));
    return out;
  }

  private static Reply arr(List<Reply> items) {
    return new Reply.Arr(items.toArray(new Reply[0]));
  }

  private static Reply lines(String... text) {
    Reply[] out = new Reply[text.length];
    for (int i = 0; i < text.length; i++) {
      out[i] = new Reply.Simple(text[i]);
    }
    return new Reply.Arr(out);
  }

  // ---- XADD, XTRIM ----

  /** Redis's streamAddTrimArgs. */
  static final class AddTrimArgs {
    int strategy = TRIM_NONE;
    long maxLen;
    Id minId;
    boolean approx;
    long limit;
    boolean noMkStream;
    /** XADD: the ID argument, null for "*". */
    ParsedId id;
    /** XADD: where the fields start. */
    int fieldsAt;
  }

  /** Redis's streamParseAddOrTrimArgsOrReply, plus XADD's checks that need no state. */
  static AddTrimArgs parseAddOrTrim(byte[][] argv, boolean xadd) {
    AddTrimArgs a = new AddTrimArgs();
    boolean limitGiven = false;
    int i = 2;
    for (; i < argv.length; i++) {
      int more = argv.length - 1 - i;
      byte[] opt = argv[i];
      if (xadd && opt.length == 1 && opt[0] == '*') {
        break;
      } else if (Parse.is(opt, "maxlen") && more > 0) {
        i = trimStrategy(argv, i, more, a, TRIM_MAXLEN);
      } else if (Parse.is(opt, "minid") && more > 0) {
        i = trimStrategy(argv, i, more, a, TRIM_MINID);
      } else if (Parse.is(opt, "limit") && more > 0) {
        a.limit = longArg(argv[i + 1], Errors.NOT_INTEGER);
        if (a.limit < 0) {
          throw new CommandError(Errors.TRIM_LIMIT_NEGATIVE);
        }
        limitGiven = true;
        i++;
      } else if (xadd && Parse.is(opt, "nomkstream")) {
        a.noMkStream = true;
      } else if (xadd) {
        a.id = parseId(opt, 0, opt.length, 0, true, true);
        break;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    finishTrimArgs(a, xadd, limitGiven);
    if (xadd) {
      checkAddFields(argv, i + 1, a);
    }
    return a;
  }

  /** MAXLEN or MINID with its optional "~" or "="; returns the index of its argument. */
  private static int trimStrategy(byte[][] argv, int i, int more, AddTrimArgs a, int strategy) {
    if (a.strategy != TRIM_NONE) {
      throw new CommandError(Errors.MAXLEN_AND_MINID);
    }
    a.approx = false;
    byte[] next = argv[i + 1];
    if (more >= 2 && next.length == 1 && (next[0] == '~' || next[0] == '=')) {
      a.approx = next[0] == '~';
      i++;
    }
    if (strategy == TRIM_MAXLEN) {
      a.maxLen = longArg(argv[i + 1], Errors.NOT_INTEGER);
      if (a.maxLen < 0) {
        throw new CommandError(Errors.TRIM_MAXLEN_NEGATIVE);
      }
    } else {
      a.minId = strictId(argv[i + 1]);
    }
    a.strategy = strategy;
    return i + 1;
  }

  private static void finishTrimArgs(AddTrimArgs a, boolean xadd, boolean limitGiven) {
    if (a.limit != 0 && a.strategy == TRIM_NONE) {
      throw new CommandError(Errors.LIMIT_WITHOUT_STRATEGY);
    }
    if (!xadd && a.strategy == TRIM_NONE) {
      throw new CommandError(Errors.XTRIM_WITHOUT_STRATEGY);
    }
    if (limitGiven) {
      if (!a.approx) {
        throw new CommandError(Errors.LIMIT_WITHOUT_APPROX);
      }
    } else {
      a.limit = a.approx ? TRIM_APPROX_LIMIT_DEFAULT : 0;
    }
  }

  private static void checkAddFields(byte[][] argv, int fieldsAt, AddTrimArgs a) {
    int n = argv.length - fieldsAt;
    if (n < 2 || n % 2 == 1) {
      throw new CommandError(Errors.wrongArity("xadd"));
    }
    a.fieldsAt = fieldsAt;
    if (a.id != null && a.id.seqGiven && a.id.id.isZero()) {
      throw new CommandError(Errors.XADD_ID_ZERO);
    }
  }

  static void checkXadd(byte[][] argv) {
    parseAddOrTrim(argv, true);
  }

  static void checkXtrim(byte[][] argv) {
    parseAddOrTrim(argv, false);
  }

  static Reply xadd(Ctx ctx, byte[][] argv) {
    AddTrimArgs a = parseAddOrTrim(argv, true);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    StreamValue s = stream(e);
    if (s == null) {
      if (a.noMkStream) {
        return Reply.NULL;
      }
      s = new StreamValue();
      s.append(newId(s, a, ctx.now), argv, a.fieldsAt);
      ctx.insert(argv[1], s, -1);
    } else {
      Id last = s.lastId();
      if (last.equals(Id.MAX)) {
        throw new CommandError(Errors.STREAM_EXHAUSTED);
      }
      Id id = newId(s, a, ctx.now);
      if (id.compareTo(last) <= 0) {
        throw new CommandError(Errors.XADD_ID_SMALL);
      }
      ctx.mutating(e);
      s.append(id, argv, a.fieldsAt);
    }
    Id added = s.lastId();
    ctx.notify(NotifyFlags.STREAM, "xadd", argv[1]);
    if (a.strategy != TRIM_NONE && trim(s, a) > 0) {
      ctx.notify(NotifyFlags.STREAM, "xtrim", argv[1]);
    }
    return idReply(added);
  }

  /** The ID XADD adds: streamNextID for "*", the next sequence for {@code <ms>-*}. */
  private static Id newId(StreamValue s, AddTrimArgs a, long now) {
    Id last = s.lastId();
    if (a.id == null) {
      if (Long.compareUnsigned(now, last.ms()) > 0) {
        return new Id(now, 0);
      }
      return incr(last);
    }
    if (a.id.seqGiven) {
      return a.id.id;
    }
    if (a.id.id.ms() != last.ms()) {
      return a.id.id;
    }
    if (last.seq() == -1) {
      // Redis fails here without setting its error code and answers this text.
      throw new CommandError(Errors.STREAM_TOO_LARGE);
    }
    return new Id(last.ms(), last.seq() + 1);
  }

  private static long trim(StreamValue s, AddTrimArgs a) {
    return s.trim(a.maxLen, a.strategy == TRIM_MINID ? a.minId : null, a.approx, a.limit);
  }

  static Reply xtrim(Ctx ctx, byte[][] argv) {
    AddTrimArgs a = parseAddOrTrim(argv, false);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    StreamValue s = stream(e);
    if (s == null) {
      return Reply.ZERO;
    }
    ctx.mutating(e);
    long trimmed = trim(s, a);
    if (trimmed > 0) {
      ctx.notify(NotifyFlags.STREAM, "xtrim", argv[1]);
    }
    return Reply.integer(trimmed);
  }

  // ---- XDEL, XLEN, XRANGE, XREVRANGE ----

  static Reply xdel(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    StreamValue s = stream(e);
    if (s == null) {
      return Reply.ZERO;
    }
    Id[] ids = new Id[argv.length - 2];
    for (int i = 2; i < argv.length; i++) {
      ids[i - 2] = strictId(argv[i]);
    }
    long deleted = 0;
    for (Id id : ids) {
      if (s.exists(id)) {
        if (deleted == 0) {
          ctx.mutating(e);
        }
        s.delete(id);
        deleted++;
      }
    }
    if (deleted > 0) {
      ctx.notify(NotifyFlags.STREAM, "xdel", argv[1]);
    }
    return Reply.integer(deleted);
  }

  static Reply xlen(Ctx ctx, byte[][] argv) {
    StreamValue s = stream(ctx.lookup(argv[1]));
    return Reply.integer(s == null ? 0 : s.length());
  }

  /** XRANGE/XREVRANGE arguments: the bounds and COUNT (-1 when not given). */
  private record RangeArgs(Id start, Id end, long count) {}

  private static RangeArgs parseRange(byte[][] argv, boolean rev) {
    Id start = bound(argv[rev ? 3 : 2], true);
    Id end = bound(argv[rev ? 2 : 3], false);
    long count = -1;
    for (int j = 4; j < argv.length; j++) {
      if (Parse.is(argv[j], "count") && j + 1 < argv.length) {
        count = Math.max(0, longArg(argv[++j], Errors.NOT_INTEGER));
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new RangeArgs(start, end, count);
  }

  static void checkXrange(byte[][] argv) {
    parseRange(argv, false);
  }

  static void checkXrevrange(byte[][] argv) {
    parseRange(argv, true);
  }

  static Reply xrange(Ctx ctx, byte[][] argv) {
    return range(ctx, argv, false);
  }

  static Reply xrevrange(Ctx ctx, byte[][] argv) {
    return range(ctx, argv, true);
  }

  private static Reply range(Ctx ctx, byte[][] argv, boolean rev) {
    RangeArgs r = parseRange(argv, rev);
    StreamValue s = stream(ctx.lookup(argv[1]));
    if (s == null) {
      return Reply.EMPTY_ARRAY;
    }
    if (r.count == 0) {
      return Reply.NULL_ARRAY;
    }
    return arr(entries(s, r.start, r.end, rev, Math.max(0, r.count)));
  }

  // ---- XSETID ----

  /** XSETID arguments; entriesAdded -1 and maxDeleted 0-0 when not given. */
  private record SetIdArgs(Id id, long entriesAdded, Id maxDeleted) {}

  private static SetIdArgs parseSetId(byte[][] argv) {
    Id id = strictId(argv[2]);
    long entriesAdded = -1;
    Id maxDeleted = Id.MIN;
    int i = 3;
    while (i < argv.length) {
      boolean more = i + 1 < argv.length;
      if (Parse.is(argv[i], "entriesadded") && more) {
        entriesAdded = longArg(argv[i + 1], Errors.NOT_INTEGER);
        if (entriesAdded < 0) {
          throw new CommandError(Errors.ENTRIES_ADDED_NEGATIVE);
        }
      } else if (Parse.is(argv[i], "maxdeletedid") && more) {
        maxDeleted = strictId(argv[i + 1]);
        if (id.compareTo(maxDeleted) < 0) {
          throw new CommandError(Errors.XSETID_BELOW_MAX_DELETED);
        }
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
      i += 2;
    }
    return new SetIdArgs(id, entriesAdded, maxDeleted);
  }

  static void checkXsetid(byte[][] argv) {
    parseSetId(argv);
  }

  static Reply xsetid(Ctx ctx, byte[][] argv) {
    SetIdArgs a = parseSetId(argv);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    StreamValue s = stream(e);
    if (s == null) {
      throw new CommandError(Errors.NO_SUCH_KEY);
    }
    if (s.length() > 0) {
      if (a.id.compareTo(s.edgeId(false)) < 0) {
        throw new CommandError(Errors.XSETID_BELOW_TOP);
      }
      if (a.entriesAdded != -1 && s.length() > a.entriesAdded) {
        throw new CommandError(Errors.XSETID_ENTRIES_ADDED);
      }
    }
    ctx.mutating(e);
    s.setLastId(a.id);
    if (a.entriesAdded != -1) {
      s.setEntriesAdded(a.entriesAdded);
    }
    if (!a.maxDeleted.isZero()) {
      s.setMaxDeletedId(a.maxDeleted);
    }
    ctx.notify(NotifyFlags.STREAM, "xsetid", argv[1]);
    return Reply.OK;
  }

  // ---- XREAD, XREADGROUP ----

  /** XREAD/XREADGROUP options: timeout -1 without BLOCK, count 0 for no limit. */
  static final class ReadArgs {
    long timeout = -1;
    long count;
    int streamsAt;
    int streams;
    byte[] group;
    byte[] consumer;
    boolean noack;
  }

  /** The option part of xreadCommand, up to STREAMS. */
  static ReadArgs parseRead(byte[][] argv, boolean xreadgroup) {
    ReadArgs a = new ReadArgs();
    for (int i = 1; i < argv.length; i++) {
      int more = argv.length - i - 1;
      byte[] o = argv[i];
      if (Parse.is(o, "block") && more > 0) {
        a.timeout = longArg(argv[++i], Errors.TIMEOUT_NOT_INTEGER);
        if (a.timeout < 0) {
          throw new CommandError(Errors.TIMEOUT_NEGATIVE);
        }
      } else if (Parse.is(o, "count") && more > 0) {
        a.count = Math.max(0, longArg(argv[++i], Errors.NOT_INTEGER));
      } else if (Parse.is(o, "streams") && more > 0) {
        a.streamsAt = i + 1;
        if ((argv.length - a.streamsAt) % 2 != 0) {
          throw new CommandError(Errors.XREAD_UNBALANCED);
        }
        a.streams = (argv.length - a.streamsAt) / 2;
        break;
      } else if (Parse.is(o, "group") && more >= 2) {
        if (!xreadgroup) {
          throw new CommandError(Errors.XREAD_GROUP);
        }
        a.group = argv[i + 1];
        a.consumer = argv[i + 2];
        i += 2;
      } else if (Parse.is(o, "noack")) {
        if (!xreadgroup) {
          throw new CommandError(Errors.XREAD_NOACK);
        }
        a.noack = true;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    if (a.streamsAt == 0) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (xreadgroup && a.group == null) {
      throw new CommandError(Errors.XREADGROUP_NO_GROUP);
    }
    return a;
  }

  static void checkXread(byte[][] argv) {
    parseRead(argv, false);
  }

  static void checkXreadgroup(byte[][] argv) {
    parseRead(argv, true);
  }

  static Reply xread(Ctx ctx, byte[][] argv) {
    return read(ctx, argv, false);
  }

  static Reply xreadgroup(Ctx ctx, byte[][] argv) {
    return read(ctx, argv, true);
  }

  /**
   * xreadCommand. Serves what it can now; when nothing can be served and BLOCK was given it
   * changes nothing and answers {@link Reply#BLOCKED}. ">" is kept as the largest ID, as Redis
   * does (so that ID given by hand reads like ">").
   */
  private static Reply read(Ctx ctx, byte[][] argv, boolean xreadgroup) {
    ReadArgs a = parseRead(argv, xreadgroup);
    Id[] ids = new Id[a.streams];
    Group[] groups = xreadgroup ? new Group[a.streams] : null;
    for (int i = 0; i < a.streams; i++) {
      byte[] key = argv[a.streamsAt + i];
      StreamValue s = stream(ctx.lookup(key));
      if (xreadgroup) {
        groups[i] = s == null ? null : s.group(a.group);
        if (groups[i] == null) {
          throw new CommandError(Errors.noGroupRead(key, a.group));
        }
      }
      ids[i] = readId(argv[a.streamsAt + a.streams + i], s, xreadgroup);
    }
    List<Reply> out = new ArrayList<>();
    for (int i = 0; i < a.streams; i++) {
      byte[] key = argv[a.streamsAt + i];
      Keyspace.Entry e = ctx.lookup(key);
      if (e != null) {
        Reply served = serve(ctx, e, a, ids[i], xreadgroup ? groups[i] : null);
        if (served != null) {
          out.add(new Reply.Bulk(key));
          out.add(served);
        }
      }
    }
    if (!out.isEmpty()) {
      return new Reply.PairMap(out.toArray(new Reply[0]));
    }
    return a.timeout != -1 ? Reply.BLOCKED : Reply.NULL_ARRAY;
  }

  /** The ID argument of one stream: "$", ">" or a strict ID. */
  private static Id readId(byte[] arg, StreamValue s, boolean xreadgroup) {
    if (arg.length == 1 && arg[0] == '$') {
      if (xreadgroup) {
        throw new CommandError(Errors.XREADGROUP_DOLLAR);
      }
      return s == null ? Id.MIN : s.lastId();
    }
    if (arg.length == 1 && arg[0] == '>') {
      if (!xreadgroup) {
        throw new CommandError(Errors.XREAD_GT);
      }
      return Id.MAX;
    }
    return strictId(arg);
  }

  /** The entries of one stream after gt, or null when Redis would not serve it now. */
  private static Reply serve(Ctx ctx, Keyspace.Entry e, ReadArgs a, Id gt, Group group) {
    StreamValue s = (StreamValue) e.value;
    boolean history = false;
    if (group != null) {
      if (!gt.equals(Id.MAX)) {
        history = true;
      } else if (s.length() > 0 && s.edgeId(false).compareTo(group.lastId()) > 0) {
        gt = group.lastId();
      } else {
        return null;
      }
    } else if (s.length() == 0 || s.edgeId(false).compareTo(gt) <= 0) {
      return null;
    }
    Id start = incr(gt);
    if (start == null) {
      start = Id.MIN; // Redis's streamIncrID wraps the largest ID to 0-0
    }
    if (group == null) {
      return arr(entries(s, start, Id.MAX, false, a.count));
    }
    ctx.mutating(e);
    Consumer consumer = lookupOrCreateConsumer(ctx, e.key, group, a.consumer);
    if (history) {
      return history(s, consumer, start, a.count, ctx.now);
    }
    return deliverNew(s, group, consumer, start, a, ctx.now);
  }

  /** streamLookupConsumer (refreshing its seen time) or streamCreateConsumer. */
  private static Consumer lookupOrCreateConsumer(Ctx ctx, byte[] key, Group g, byte[] name) {
    Consumer c = g.consumer(name);
    if (c == null) {
      c = g.addConsumer(name, ctx.now);
      ctx.notify(NotifyFlags.STREAM, "xgroup-createconsumer", key);
      return c;
    }
    c.seenTime = ctx.now;
    return c;
  }

  /** Delivers entries after the group's last ID, creating or moving their NACKs. */
  private static Reply deliverNew(StreamValue s, Group g, Consumer c, Id start, ReadArgs a,
      long now) {
    List<Reply> out = new ArrayList<>();
    s.range(start, Id.MAX, false, a.count, (ms, seq, fv) -> {
      Id id = new Id(ms, seq);
      s.advanceGroup(g, id);
      out.add(entryReply(ms, seq, fv));
      if (!a.noack) {
        deliver(g, c, id, now);
      }
      return true;
    });
    return arr(out);
  }

  /** Adds the entry to both PELs, or moves an existing NACK to this consumer afresh. */
  private static void deliver(Group g, Consumer c, Id id, long now) {
    Nack n = g.pel.get(id);
    if (n == null) {
      n = new Nack(id, c, now, 1);
      g.pel.put(id, n);
    } else {
      n.consumer.pel.remove(id);
      n.consumer = c;
      n.deliveryTime = now;
      n.deliveryCount = 1;
    }
    c.pel.put(id, n);
  }

  /**
   * streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from start; an entry
   * deleted since comes as [id, nil] and keeps its delivery data.
   */
  private static Reply history(StreamValue s, Consumer c, Id start, long count, long now) {
    List<Reply> out = new ArrayList<>();
    for (Nack n : c.pel.tailMap(start, true).values()) {
      if (count != 0 && out.size() >= count) {
        break;
      }
      byte[][] fv = s.get(n.id);
      if (fv == null) {
        out.add(Reply.array(idReply(n.id), Reply.NULL_ARRAY));
      } else {
        out.add(entryReply(n.id.ms(), n.id.seq(), fv));
        n.deliveryTime = now;
        n.deliveryCount++;
      }
    }
    return arr(out);
  }

  /**
   * A blocked XREAD must wait for entries after the last ID as it was when the client blocked,
   * not when it is run again: returns argv with each "$" ID replaced by that stream's current
   * last ID ("0-0" for a missing key), or argv itself when there is nothing to replace.
   */
  static byte[][] resolveDollarIds(Ctx ctx, byte[][] argv) {
    if (argv.length == 0 || !Parse.is(argv[0], "xread")) {
      return argv;
    }
    ReadArgs a;
    try {
      a = parseRead(argv, false);
    } catch (CommandError e) {
      return argv;
    }
    byte[][] out = argv;
    for (int i = 0; i < a.streams; i++) {
      int at = a.streamsAt + a.streams + i;
      if (argv[at].length == 1 && argv[at][0] == '$') {
        Keyspace.Entry e = ctx.lookup(argv[a.streamsAt + i]);
        Id last = e != null && e.value instanceof StreamValue s ? s.lastId() : Id.MIN;
        if (out == argv) {
          out = argv.clone();
        }
        out[at] = last.bytes();
      }
    }
    return out;
  }

  /**
   * What Redis serves a blocked XREAD or XREADGROUP when one of its keys is written: that one
   * stream, from the ID given for its first mention. Returns argv with the STREAMS part cut
   * down to that key and ID, or null when argv is not such a command or does not read the key.
   */
  static byte[][] narrowToKey(byte[][] argv, byte[] key) {
    if (argv.length == 0) {
      return null;
    }
    boolean group = Parse.is(argv[0], "xreadgroup");
    if (!group && !Parse.is(argv[0], "xread")) {
      return null;
    }
    ReadArgs a;
    try {
      a = parseRead(argv, group);
    } catch (CommandError e) {
      return null;
    }
    for (int i = 0; i < a.streams; i++) {
      if (java.util.Arrays.equals(argv[a.streamsAt + i], key)) {
        byte[][] out = java.util.Arrays.copyOf(argv, a.streamsAt + 2);
        out[a.streamsAt] = key;
        out[a.streamsAt + 1] = argv[a.streamsAt + a.streams + i];
        return out;
      }
    }
    return null;
  }

  // ---- XACK, XPENDING ----

  static Reply xack(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    StreamValue s = stream(e);
    Group g = s == null ? null : s.group(argv[2]);
    if (g == null) {
      return Reply.ZERO;
    }
    Id[] ids = new Id[argv.length - 3];
    for (int i = 3; i < argv.length; i++) {
      ids[i - 3] = strictId(argv[i]);
    }
    long acked = 0;
    for (Id id : ids) {
      if (g.pel.containsKey(id)) {
        if (acked == 0) {
          ctx.mutating(e);
        }
        g.ack(id);
        acked++;
      }
    }
    return Reply.integer(acked);
  }

  /** XPENDING's extended form; null for the summary form. */
  private record PendingArgs(long minIdle, Id start, Id end, long count, byte[] consumer) {}

  private static PendingArgs parsePending(byte[][] argv) {
    int argc = argv.length;
    if (argc != 3 && (argc < 6 || argc > 9)) {
      throw new CommandError(Errors.SYNTAX);
    }
    if (argc == 3) {
      return null;
    }
    int at = 3;
    long minIdle = 0;
    if (Parse.is(argv[3], "idle")) {
      minIdle = longArg(argv[4], Errors.NOT_INTEGER);
      if (argc < 8) {
        throw new CommandError(Errors.SYNTAX);
      }
      at += 2;
    }
    long count = Math.max(0, longArg(argv[at + 2], Errors.NOT_INTEGER));
    Id start = bound(argv[at], true);
    Id end = bound(argv[at + 1], false);
    byte[] consumer = at + 3 < argc ? argv[at + 3] : null;
    return new PendingArgs(minIdle, start, end, count, consumer);
  }

  static void checkXpending(byte[][] argv) {
    parsePending(argv);
  }

  static Reply xpending(Ctx ctx, byte[][] argv) {
    PendingArgs p = parsePending(argv);
    StreamValue s = stream(ctx.lookup(argv[1]));
    Group g = s == null ? null : s.group(argv[2]);
    if (g == null) {
      throw new CommandError(Errors.noGroup(argv[1], argv[2]));
    }
    return p == null ? pendingSummary(g) : pendingRange(g, p, ctx.now);
  }

  private static Reply pendingSummary(Group g) {
    if (g.pel.isEmpty()) {
      return Reply.array(Reply.ZERO, Reply.NULL, Reply.NULL, Reply.NULL_ARRAY);
    }
    List<Reply> consumers = new ArrayList<>();
    for (Consumer c : g.consumers.values()) {
      if (!c.pel.isEmpty()) {
        consumers.add(Reply.array(new Reply.Bulk(c.name), Reply.bulk(Parse.bytes(c.pel.size()))));
      }
    }
    return Reply.array(Reply.integer(g.pel.size()), idReply(g.pel.firstKey()),
        idReply(g.pel.lastKey()), arr(consumers));
  }

  private static Reply pendingRange(Group g, PendingArgs p, long now) {
    NavigableMap<Id, Nack> pel = g.pel;
    if (p.consumer != null) {
      Consumer c = g.consumer(p.consumer);
      if (c == null) {
        return Reply.EMPTY_ARRAY;
      }
      pel = c.pel;
    }
    if (p.start.compareTo(p.end) > 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<Reply> out = new ArrayList<>();
    long count = p.count;
    for (Nack n : pel.subMap(p.start, true, p.end, true).values()) {
      if (count == 0) {
        break;
      }
      long idle = now - n.deliveryTime;
      if (p.minIdle != 0 && idle < p.minIdle) {
        continue;
      }
      count--;
      out.add(Reply.array(idReply(n.id), new Reply.Bulk(n.consumer.name),
          Reply.integer(Math.max(0, idle)), Reply.integer(n.deliveryCount)));
    }
    return arr(out);
  }

  // ---- XCLAIM, XAUTOCLAIM ----

  /** XCLAIM's options after the IDs. */
  private static final class ClaimArgs {
    int lastIdArg;
    long deliveryTime = -1;
    long retryCount = -1;
    boolean force;
    boolean justId;
    Id lastId = Id.MIN;
  }

  /** The IDs run until the first argument that is not one; options follow. */
  private static ClaimArgs parseClaimOptions(byte[][] argv, long now) {
    ClaimArgs a = new ClaimArgs();
    int j = 5;
    while (j < argv.length && isStrictId(argv[j])) {
      j++;
    }
    a.lastIdArg = j - 1;
    for (; j < argv.length; j++) {
      boolean more = j + 1 < argv.length;
      byte[] opt = argv[j];
      if (Parse.is(opt, "force")) {
        a.force = true;
      } else if (Parse.is(opt, "justid")) {
        a.justId = true;
      } else if (Parse.is(opt, "idle") && more) {
        a.deliveryTime = now - longArg(argv[++j], Errors.XCLAIM_IDLE);
      } else if (Parse.is(opt, "time") && more) {
        a.deliveryTime = longArg(argv[++j], Errors.XCLAIM_TIME);
      } else if (Parse.is(opt, "retrycount") && more) {
        a.retryCount = longArg(argv[++j], Errors.XCLAIM_RETRYCOUNT);
      } else if (Parse.is(opt, "lastid") && more) {
        a.lastId = strictId(argv[++j]);
      } else {
        throw new CommandError(Errors.xclaimOption(opt));
      }
    }
    if (a.deliveryTime < 0 || a.deliveryTime > now) {
      // Redis takes a bogus or missing time as now rather than failing
      a.deliveryTime = now;
    }
    return a;
  }

  private static boolean isStrictId(byte[] arg) {
    try {
      strictId(arg);
      return true;
    } catch (CommandError e) {
      return false;
    }
  }

  static Reply xclaim(Ctx ctx, byte[][] argv) {
    Keyspace.Entry e = ctx.lookup(argv[1]);
    StreamValue s = stream(e);
    Group g = s == null ? null : s.group(argv[2]);
    if (g == null) {
      throw new CommandError(Errors.noGroup(argv[1], argv[2]));
    }
    long minIdle = Math.max(0, longArg(argv[4], Errors.XCLAIM_MIN_IDLE));
    ClaimArgs a = parseClaimOptions(argv, ctx.now);
    ctx.mutating(e);
    if (a.lastId.compareTo(g.lastId()) > 0) {
      g.lastMs = a.lastId.ms();
      g.lastSeq = a.lastId.seq();
    }
    List<Reply> out = new ArrayList<>();
    Consumer consumer = null;
    for (int j = 5; j <= a.lastIdArg; j++) {
      Id id = strictId(argv[j]);
      Nack n = g.pel.get(id);
      if (!s.exists(id)) {
        if (n != null) {
          g.ack(id); // the entry is gone: drop it from the PELs
        }
        continue;
      }
      if (a.force && n == null) {
        n = new Nack(id, null, ctx.now, 1);
        g.pel.put(id, n);
      }
      if (n == null || (n.consumer != null && minIdle != 0
          && ctx.now - n.deliveryTime < minIdle)) {
        continue;
      }
      if (consumer == null) {
        consumer = lookupOrCreateConsumer(ctx, argv[1], g, argv[3]);
      }
      claim(n, consumer, a.deliveryTime, a.retryCount, a.justId);
      out.add(a.justId ? idReply(id) : entryReply(id.ms(), id.seq(), s.get(id)));
    }
    return arr(out);
  }

  /** Moves a NACK to the consumer with its new delivery time and count. */
  private static void claim(Nack n, Consumer c, long deliveryTime, long retryCount,
      boolean justId) {
    if (n.consumer != c && n.consumer != null) {
      n.consumer.pel.remove(n.id);
    }
    n.deliveryTime = deliveryTime;
    if (retryCount >= 0) {
      n.deliveryCount = retryCount;
    } else if (!justId) {
      n.deliveryCount++;
    }
    if (n.consumer != c) {
      c.pel.put(n.id, n);
      n.consumer = c;
    }
  }

  /** XAUTOCLAIM's arguments after the consumer. */
  private record AutoClaimArgs(long minIdle, Id start, long count, boolean justId) {}

  private static AutoClaimArgs parseAutoClaim(byte[][] argv) {
    long minIdle = Math.max(0, longArg(argv[4], Errors.XAUTOCLAIM_MIN_IDLE));
    Id start = bound(argv[5], true);
    long count = AUTOCLAIM_COUNT_DEFAULT;
    boolean justId = false;
    for (int j = 6; j < argv.length; j++) {
      if (Parse.is(argv[j], "count") && j + 1 < argv.length) {
        Long v = Parse.parseLong(argv[++j]);
        if (v == null || v < 1 || v > AUTOCLAIM_COUNT_MAX) {
          throw new CommandError(Errors.XAUTOCLAIM_COUNT);
        }
        count = v;
      } else if (Parse.is(argv[j], "justid")) {
        justId = true;
      } else {
        throw new CommandError(Errors.SYNTAX);
      }
    }
    return new AutoClaimArgs(minIdle, start, count, justId);
  }

  static void checkXautoclaim(byte[][] argv) {
    parseAutoClaim(argv);
  }

  static Reply xautoclaim(Ctx ctx, byte[][] argv) {
    AutoClaimArgs a = parseAutoClaim(argv);
    Keyspace.Entry e = ctx.lookup(argv[1]);
    StreamValue s = stream(e);
    Group g = s == null ? null : s.group(argv[2]);
    if (g == null) {
      throw new CommandError(Errors.noGroup(argv[1], argv[2]));
    }
    if (a.count > AUTOCLAIM_ALLOCATION_BYTES_MAX / AUTOCLAIM_BYTES_PER_COUNT) {
      throw new CommandError(Errors.XAUTOCLAIM_MEMORY);
    }
    ctx.mutating(e);
    long count = a.count;
    long attempts = count * AUTOCLAIM_ATTEMPTS_PER_COUNT;
    List<Reply> claimed = new ArrayList<>();
    List<Reply> deleted = new ArrayList<>();
    Consumer consumer = null;
    Iterator<Nack> it = g.pel.tailMap(a.start, true).values().iterator();
    while (attempts-- > 0 && count > 0 && it.hasNext()) {
      Nack n = it.next();
      if (!s.exists(n.id)) {
        it.remove();
        n.consumer.pel.remove(n.id);
        deleted.add(idReply(n.id));
        count--;
        continue;
      }
      if (a.minIdle != 0 && ctx.now - n.deliveryTime < a.minIdle) {
        continue;
      }
      if (consumer == null) {
        consumer = lookupOrCreateConsumer(ctx, argv[1], g, argv[3]);
      }
      claim(n, consumer, ctx.now, -1, a.justId);
      claimed.add(a.justId ? idReply(n.id) : entryReply(n.id.ms(), n.id.seq(), s.get(n.id)));
      count--;
    }
    Reply next = idReply(it.hasNext() ? it.next().id : Id.MIN);
    return Reply.array(next, arr(claimed), arr(deleted));
  }

  // ---- XGROUP ----

  /**
   * The part of xgroupCommand before dispatch: the key must hold a stream (unless MKSTREAM);
   * SETID, CREATECONSUMER and DELCONSUMER need the group. Returns the group or null.
   */
  private static Group groupPreamble(Ctx ctx, byte[][] argv, boolean mkstream,
      boolean needsGroup) {
    StreamValue s = stream(ctx.lookup(argv[2]));
    if (mkstream) {
      return null;
    }
    if (s == null) {
      throw new CommandError(Errors.XGROUP_NO_KEY);
    }
    Group g = s.group(argv[3]);
    if (g == null && needsGroup) {
      throw new CommandError(Errors.noSuchGroup(argv[3], argv[2]));
    }
    return g;
  }

  /** XGROUP CREATE's options: MKSTREAM and ENTRIESREAD; entriesRead -1 when not given. */
  private record CreateArgs(boolean mkstream, long entriesRead) {}

  private static CreateArgs parseCreate(byte[][] argv) {
    boolean mkstream = false;
    long entriesRead = StreamValue.ENTRIES_READ_INVALID;
    int i = 5;
    while (i < argv.length) {
      if (Parse.is(argv[i], "mkstream")) {
        mkstream = true;
        i++;
      } else if (Parse.is(argv[i], "entriesread") && i + 1 < argv.length) {
        entriesRead = entriesReadArg(argv[i + 1]);
        i += 2;
      } else {
        throw new CommandError(Errors.subcommandSyntax(argv[0], argv[1]));
      }
    }
    return new CreateArgs(mkstream, entriesRead);
  }

  private static long entriesReadArg(byte[] arg) {
    long v = longArg(arg, Errors.NOT_INTEGER);
    if (v < 0 && v != StreamValue.ENTRIES_READ_INVALID) {
      throw new CommandError(Errors.ENTRIES_READ_NEGATIVE);
    }
    return v;
  }

  static void checkXgroupCreate(byte[][] argv) {
    parseCreate(argv);
  }

  /** The largest XGROUP CREATE Redis accepts: key, group, id and three option words. */
  private static final int XGROUP_CREATE_ARGS_MAX = 8;

  static Reply xgroupCreate(Ctx ctx, byte[][] argv) {
    CreateArgs a = parseCreate(argv);
    groupPreamble(ctx, argv, a.mkstream, false);
    if (argv.length > XGROUP_CREATE_ARGS_MAX) {
      throw new CommandError(Errors.subcommandSyntax(argv[0], argv[1]));
    }
    Keyspace.Entry e = ctx.lookup(argv[2]);
    StreamValue s = e == null ? null : (StreamValue) e.value;
    Id id;
    if (argv[4].length == 1 && argv[4][0] == '$') {
      id = s == null ? Id.MIN : s.lastId();
    } else {
      id = strictId(argv[4]);
    }
    if (s == null) {
      s = new StreamValue();
      ctx.insert(argv[2], s, -1);
    } else if (s.group(argv[3]) != null) {
      throw new CommandError(Errors.BUSYGROUP);
    } else {
      ctx.mutating(e);
    }
    s.createGroup(argv[3], id, a.entriesRead);
    ctx.notify(NotifyFlags.STREAM, "xgroup-create", argv[2]);
    return Reply.OK;
  }

  /** SETID's ENTRIESREAD, parsed before the key is looked up; -1 when not given. */
  private static long parseSetIdEntriesRead(byte[][] argv) {
    if (argv.length == 7) {
      if (!Parse.is(argv[5], "entriesread")) {
        throw new CommandError(Errors.subcommandSyntax(argv[0], argv[1]));
      }
      return entriesReadArg(argv[6]);
    } else if (argv.length != 5) {
      throw new CommandError(Errors.subcommandSyntax(argv[0], argv[1]));
    }
    return StreamValue.ENTRIES_READ_INVALID;
  }

  static void checkXgroupSetid(byte[][] argv) {
    parseSetIdEntriesRead(argv);
  }

  static Reply xgroupSetid(Ctx ctx, byte[][] argv) {
    long entriesRead = parseSetIdEntriesRead(argv);
    Group g = groupPreamble(ctx, argv, false, true);
    Keyspace.Entry e = ctx.lookup(argv[2]);
    StreamValue s = (StreamValue) e.value;
    Id id;
    if (argv[4].length == 1 && argv[4][0] == '$') {
      id = s.lastId();
    } else {
      id = parseId(argv[4], 0, argv[4].length, 0, false, false).id;
    }
    ctx.mutating(e);
    g.lastMs = id.ms();
    g.lastSeq = id.seq();
    g.entriesRead = entriesRead;
    ctx.notify(NotifyFlags.STREAM, "xgroup-setid", argv[2]);
    return Reply.OK;
  }

  static Reply xgroupDestroy(Ctx ctx, byte[][] argv) {
    Group g = groupPreamble(ctx, argv, false, false);
    if (g == null) {
      return Reply.ZERO;
    }
    Keyspace.Entry e = ctx.lookup(argv[2]);
    ctx.mutating(e);
    ((StreamValue) e.value).destroyGroup(argv[3]);
    ctx.notify(NotifyFlags.STREAM, "xgroup-destroy", argv[2]);
    return Reply.ONE;
  }

  static Reply xgroupCreateconsumer(Ctx ctx, byte[][] argv) {
    Group g = groupPreamble(ctx, argv, false, true);
    if (g.consumer(argv[4]) != null) {
      return Reply.ZERO;
    }
    ctx.mutating(ctx.lookup(argv[2]));
    g.addConsumer(argv[4], ctx.now);
    ctx.notify(NotifyFlags.STREAM, "xgroup-createconsumer", argv[2]);
    return Reply.ONE;
  }

  static Reply xgroupDelconsumer(Ctx ctx, byte[][] argv) {
    Group g = groupPreamble(ctx, argv, false, true);
    Consumer c = g.consumer(argv[4]);
    if (c == null) {
      return Reply.ZERO;
    }
    ctx.mutating(ctx.lookup(argv[2]));
    long pending = c.pel.size();
    g.removeConsumer(c);
    ctx.notify(NotifyFlags.STREAM, "xgroup-delconsumer", argv[2]);
    return Reply.integer(pending);
  }

  static Reply xgroupHelp(Ctx ctx, byte[][] argv) {
    return lines(
        "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
        "HELP",
        "    Prints this help.");
  }

  // ---- XINFO ----

  /** The stream for XINFO: "no such key" when missing. */
  private static StreamValue infoStream(Ctx ctx, byte[] key) {
    StreamValue s = stream(ctx.lookup(key));
    if (s == null) {
      throw new CommandError(Errors.NO_SUCH_KEY);
    }
    return s;
  }

  private static Reply map(List<Reply> keysAndValues) {
    return new Reply.MapReply(keysAndValues.toArray(new Reply[0]));
  }

  private static void put(List<Reply> m, String key, Reply value) {
    m.add(Reply.bulk(key));
    m.add(value);
  }

  private static Reply nullable(Long v) {
    return v == null ? Reply.NULL : Reply.integer(v);
  }

  static Reply xinfoConsumers(Ctx ctx, byte[][] argv) {
    StreamValue s = infoStream(ctx, argv[2]);
    Group g = s.group(argv[3]);
    if (g == null) {
      throw new CommandError(Errors.noSuchGroup(argv[3], argv[2]));
    }
    List<Reply> out = new ArrayList<>();
    for (Consumer c : g.consumers.values()) {
      List<Reply> m = new ArrayList<>();
      put(m, "name", new Reply.Bulk(c.name));
      put(m, "pending", Reply.integer(c.pel.size()));
      put(m, "idle", Reply.integer(Math.max(0, ctx.now - c.seenTime)));
      out.add(map(m));
    }
    return arr(out);
  }

  static Reply xinfoGroups(Ctx ctx, byte[][] argv) {
    StreamValue s = infoStream(ctx, argv[2]);
    List<Reply> out = new ArrayList<>();
    for (Group g : s.groups()) {
      List<Reply> m = new ArrayList<>();
      put(m, "name", new Reply.Bulk(g.name));
      put(m, "consumers", Reply.integer(g.consumers.size()));
      put(m, "pending", Reply.integer(g.pel.size()));
      put(m, "last-delivered-id", idReply(g.lastId()));
      put(m, "entries-read", nullable(entriesRead(g)));
      put(m, "lag", nullable(s.lag(g)));
      out.add(map(m));
    }
    return arr(out);
  }

  private static Long entriesRead(Group g) {
    return g.entriesRead == StreamValue.ENTRIES_READ_INVALID ? null : g.entriesRead;
  }

  static Reply xinfoStream(Ctx ctx, byte[][] argv) {
    StreamValue s = infoStream(ctx, argv[2]);
    int argc = argv.length - 2;
    if (argc == 1) {
      return streamInfo(s, false, 0);
    }
    if ((argc != 2 && argc != 4) || !Parse.is(argv[3], "full")) {
      throw new CommandError(Errors.subcommandSyntax(argv[0], argv[1]));
    }
    long count = INFO_FULL_COUNT_DEFAULT;
    if (argc == 4) {
      if (!Parse.is(argv[4], "count")) {
        throw new CommandError(Errors.subcommandSyntax(argv[0], argv[1]));
      }
      count = Math.max(0, longArg(argv[5], Errors.NOT_INTEGER));
    }
    return streamInfo(s, true, count);
  }

  private static Reply streamInfo(StreamValue s, boolean full, long count) {
    List<Reply> m = new ArrayList<>();
    put(m, "length", Reply.integer(s.length()));
    put(m, "radix-tree-keys", Reply.integer(s.nodeCount()));
    put(m, "radix-tree-nodes", Reply.integer(s.raxNodes()));
    put(m, "last-generated-id", idReply(s.lastId()));
    put(m, "max-deleted-entry-id", idReply(s.maxDeletedId()));
    put(m, "entries-added", Reply.integer(s.entriesAdded()));
    put(m, "recorded-first-entry-id", idReply(s.firstId()));
    if (!full) {
      put(m, "groups", Reply.integer(s.groupCount()));
      List<Reply> first = entries(s, Id.MIN, Id.MAX, false, 1);
      List<Reply> last = entries(s, Id.MIN, Id.MAX, true, 1);
      put(m, "first-entry", first.isEmpty() ? Reply.NULL : first.get(0));
      put(m, "last-entry", last.isEmpty() ? Reply.NULL : last.get(0));
      return map(m);
    }
    put(m, "entries", arr(entries(s, Id.MIN, Id.MAX, false, count)));
    List<Reply> groups = new ArrayList<>();
    for (Group g : s.groups()) {
      groups.add(groupInfoFull(s, g, count));
    }
    put(m, "groups", arr(groups));
    return map(m);
  }

  private static Reply groupInfoFull(StreamValue s, Group g, long count) {
    List<Reply> m = new ArrayList<>();
    put(m, "name", new Reply.Bulk(g.name));
    put(m, "last-delivered-id", idReply(g.lastId()));
    put(m, "entries-read", nullable(entriesRead(g)));
    put(m, "lag", nullable(s.lag(g)));
    put(m, "pel-count", Reply.integer(g.pel.size()));
    List<Reply> pending = new ArrayList<>();
    for (Nack n : g.pel.values()) {
      if (count != 0 && pending.size() >= count) {
        break;
      }
      pending.add(Reply.array(idReply(n.id), new Reply.Bulk(n.consumer.name),
          Reply.integer(n.deliveryTime), Reply.integer(n.deliveryCount)));
    }
    put(m, "pending", arr(pending));
    List<Reply> consumers = new ArrayList<>();
    for (Consumer c : g.consumers.values()) {
      List<Reply> cm = new ArrayList<>();
      put(cm, "name", new Reply.Bulk(c.name));
      put(cm, "seen-time", Reply.integer(c.seenTime));
      put(cm, "pel-count", Reply.integer(c.pel.size()));
      List<Reply> own = new ArrayList<>();
      for (Nack n : c.pel.values()) {
        if (count != 0 && own.size() >= count) {
          break;
        }
        own.add(Reply.array(idReply(n.id), Reply.integer(n.deliveryTime),
            Reply.integer(n.deliveryCount)));
      }
      put(cm, "pending", arr(own));
      consumers.add(map(cm));
    }
    put(m, "consumers", arr(consumers));
    return map(m);
  }

  static Reply xinfoHelp(Ctx ctx, byte[][] argv) {
    return lines(
        "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
        "HELP",
        "    Prints this help.");
  }
}
