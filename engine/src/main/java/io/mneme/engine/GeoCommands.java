package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The geo commands, after Redis's geo.c: a geo set is a sorted set whose scores are 52-bit
 * geohashes ({@link GeoHash}). GEOADD is ZADD with computed scores. The searches look the key
 * up before they parse their options, as Redis does, so they have no validator: a WRONGTYPE or
 * a missing member answers before a syntax error, exactly as in Redis.
 */
final class GeoCommands {
  /** Decimals of a distance (addReplyDoubleDistance's "%.4f"). */
  private static final int DISTANCE_DECIMALS = 4;
  /** Decimals of printf's "%f" in the coordinate error. */
  private static final int PRINTF_F_DECIMALS = 6;

  // georadiusGeneric's flags.
  private static final int RADIUS_COORDS = 1;
  private static final int RADIUS_MEMBER = 1 << 1;
  private static final int RADIUS_NOSTORE = 1 << 2;
  private static final int SEARCH = 1 << 3;
  private static final int SEARCH_STORE = 1 << 4;

  private static final int SORT_NONE = 0;
  private static final int SORT_ASC = 1;
  private static final int SORT_DESC = 2;

  private GeoCommands() {}

  // ---- argument helpers ----

  /** extractLongLatOrReply: two doubles, then the range check with "%f" in the error. */
  static double[] lonLat(byte[] lon, byte[] lat) {
    double x = Doubles.parseOr(lon, Errors.NOT_FLOAT);
    double y = Doubles.parseOr(lat, Errors.NOT_FLOAT);
    if (x < GeoHash.LONG_MIN || x > GeoHash.LONG_MAX || y < GeoHash.LAT_MIN
        || y > GeoHash.LAT_MAX) {
      throw new CommandError(Errors.badLonLat(Doubles.fixed(x, PRINTF_F_DECIMALS),
          Doubles.fixed(y, PRINTF_F_DECIMALS)));
    }
    return new double[] {x, y};
  }

  /** extractUnitOrReply: meters per unit. */
  static double unit(byte[] u) {
    if (Parse.is(u, "m")) {
      return 1;
    } else if (Parse.is(u, "km")) {
      return 1000;
    } else if (Parse.is(u, "ft")) {
      return 0.3048;
    } else if (Parse.is(u, "mi")) {
      return 1609.34;
    }
    throw new CommandError(Errors.GEO_UNIT);
  }

  /** The position of a member, or null when it is not there. */
  private static double[] position(ZSetValue z, byte[] member) {
    double s = z.score(member);
    return Double.isNaN(s) ? null : GeoHash.decodeScore(s);
  }

  private static Reply distance(double meters) {
    return Reply.bulk(Doubles.fixed(meters, DISTANCE_DECIMALS));
  }

  private static Reply coordinates(double[] xy) {
    return Reply.array(new Reply.DblText(Doubles.human(xy[0])),
        new Reply.DblText(Doubles.human(xy[1])));
  }

  // ---- GEOADD ----

  /** GEOADD's options and positions as ZADD arguments: scores are the 52-bit geohashes. */
  static ZSetCommands.AddArgs parseGeoadd(byte[][] argv) {
    int flags = 0;
    boolean ch = false;
    int idx = 2;
    for (; idx < argv.length; idx++) {
      if (Parse.is(argv[idx], "nx")) {
        flags |= ZSetValue.IN_NX;
      } else if (Parse.is(argv[idx], "xx")) {
        flags |= ZSetValue.IN_XX;
      } else if (Parse.is(argv[idx], "ch")) {
        ch = true;
      } else {
        break;
      }
    }
    int rest = argv.length - idx;
    if (rest % 3 != 0 || rest == 0
        || ((flags & ZSetValue.IN_NX) != 0 && (flags & ZSetValue.IN_XX) != 0)) {
      throw new CommandError(Errors.SYNTAX);
    }
    int n = rest / 3;
    double[] scores = new double[n];
    byte[][] members = new byte[n][];
    for (int i = 0; i < n; i++) {
      double[] xy = lonLat(argv[idx + 3 * i], argv[idx + 3 * i + 1]);
      scores[i] = GeoHash.align52(GeoHash.encodeWgs84(xy[0], xy[1], GeoHash.STEP_MAX));
      members[i] = argv[idx + 3 * i + 2];
    }
    return new ZSetCommands.AddArgs(flags, ch, scores, members);
  }

  static void checkGeoadd(byte[][] argv) {
    parseGeoadd(argv);
  }

  static Reply geoadd(Ctx ctx, byte[][] argv) {
    return ZSetCommands.addGeneric(ctx, argv, parseGeoadd(argv));
  }

  // ---- GEODIST, GEOHASH, GEOPOS ----

  static double checkGeodist(byte[][] argv) {
    if (argv.length > 5) {
      throw new CommandError(Errors.SYNTAX);
    }
    return argv.length == 5 ? unit(argv[4]) : 1;
  }

  static Reply geodist(Ctx ctx, byte[][] argv) {
    double toMeter = checkGeodist(argv);
    ZSetValue z = ZSetCommands.read(ctx, argv[1]);
    if (z == null) {
      return Reply.NULL;
    }
    double[] a = position(z, argv[2]);
    double[] b = a == null ? null : position(z, argv[3]);
    if (b == null) {
      return Reply.NULL;
    }
    return distance(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeter);
  }

  static Reply geohash(Ctx ctx, byte[][] argv) {
    ZSetValue z = ZSetCommands.read(ctx, argv[1]);
    Reply[] out = new Reply[argv.length - 2];
    for (int j = 2; j < argv.length; j++) {
      double s = z == null ? Double.NaN : z.score(argv[j]);
      out[j - 2] = Double.isNaN(s) ? Reply.NULL : Reply.bulk(GeoHash.standard(s));
    }
    return new Reply.Arr(out);
  }

  static Reply geopos(Ctx ctx, byte[][] argv) {
    ZSetValue z = ZSetCommands.read(ctx, argv[1]);
    Reply[] out = new Reply[argv.length - 2];
    for (int j = 2; j < argv.length; j++) {
      double[] xy = z == null ? null : position(z, argv[j]);
      out[j - 2] = xy == null ? Reply.NULL_ARRAY : coordinates(xy);
    }
    return new Reply.Arr(out);
  }

  // ---- searches ----

  static Reply georadius(Ctx ctx, byte[][] argv) {
    return search(ctx, argv, 1, RADIUS_COORDS);
  }

  static Reply georadiusbymember(Ctx ctx, byte[][] argv) {
    return search(ctx, argv, 1, RADIUS_MEMBER);
  }

  static Reply georadiusRo(Ctx ctx, byte[][] argv) {
    return search(ctx, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE);
  }

  static Reply georadiusbymemberRo(Ctx ctx, byte[][] argv) {
    return search(ctx, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
  }

  static Reply geosearch(Ctx ctx, byte[][] argv) {
    return search(ctx, argv, 1, SEARCH);
  }

  static Reply geosearchstore(Ctx ctx, byte[][] argv) {
    return search(ctx, argv, 2, SEARCH | SEARCH_STORE);
  }

  /** Everything georadiusGeneric learns from its arguments. */
  private static final class Query {
    double lon;
    double lat;
    boolean circle;
    double radius;
    double width;
    double height;
    double conversion;
    byte[] storeKey;
    boolean storeDist;
    boolean withDist;
    boolean withHash;
    boolean withCoords;
    boolean fromMember;
    boolean fromLonLat;
    boolean byRadius;
    boolean byBox;
    int sort = SORT_NONE;
    boolean any;
    long count;

    GeoHash.Shape shape() {
      return new GeoHash.Shape(lon, lat, circle, radius, width, height, conversion);
    }

    void center(double[] xy) {
      lon = xy[0];
      lat = xy[1];
    }

    /** extractDistanceOrReply at argv[i]: a radius and its unit. */
    void radius(byte[][] argv, int i) {
      double d = Doubles.parseOr(argv[i], Errors.GEO_RADIUS_NOT_NUMBER);
      if (d < 0) {
        throw new CommandError(Errors.GEO_RADIUS_NEGATIVE);
      }
      radius = d;
      conversion = unit(argv[i + 1]);
      circle = true;
    }

    /** extractBoxOrReply at argv[i]: width, height and their unit. */
    void box(byte[][] argv, int i) {
      double w = Doubles.parseOr(argv[i], Errors.GEO_WIDTH_NOT_NUMBER);
      double h = Doubles.parseOr(argv[i + 1], Errors.GEO_HEIGHT_NOT_NUMBER);
      if (h < 0 || w < 0) {
        throw new CommandError(Errors.GEO_BOX_NEGATIVE);
      }
      width = w;
      height = h;
      conversion = unit(argv[i + 2]);
      circle = false;
    }
  }

  /** A member found in the search area. */
  record Point(byte[] member, double score, double lon, double lat, double dist) {}

  /** Redis's georadiusGeneric: parse in Redis's order, search, then reply or store. */
  private static Reply search(Ctx ctx, byte[][] argv, int srcIdx, int flags) {
    ZSetValue z = ZSetCommands.read(ctx, argv[srcIdx]);
    Query q = new Query();
    int base;
    if ((flags & RADIUS_COORDS) != 0) {
      base = 6;
      q.center(lonLat(argv[2], argv[3]));
      q.radius(argv, 4);
    } else if ((flags & RADIUS_MEMBER) != 0) {
      base = 5;
      if (z != null) {
        q.center(memberPosition(z, argv[2]));
        q.radius(argv, 3);
      }
    } else {
      base = (flags & SEARCH_STORE) != 0 ? 3 : 2;
      q.storeKey = (flags & SEARCH_STORE) != 0 ? argv[1] : null;
    }
    parseOptions(argv, base, flags, z, q);
    checkOptions(argv, flags, q);
    if (z == null) {
      return q.storeKey == null ? Reply.EMPTY_ARRAY : deleteStore(ctx, q.storeKey);
    }
    if (q.count != 0 && q.sort == SORT_NONE && !q.any) {
      q.sort = SORT_ASC;
    }
    GeoHash.Shape shape = q.shape();
    List<Point> points = membersOfAllNeighbors(z, GeoHash.areasByShape(shape), shape,
        q.any ? q.count : 0);
    if (points.isEmpty() && q.storeKey == null) {
      return Reply.EMPTY_ARRAY;
    }
    if (q.sort != SORT_NONE) {
      // A stable sort by distance, as glibc's qsort (a merge sort) is.
      points.sort(q.sort == SORT_ASC ? (a, b) -> Double.compare(a.dist, b.dist)
          : (a, b) -> Double.compare(b.dist, a.dist));
    }
    int returned = (int) (q.count == 0 || points.size() < q.count ? points.size() : q.count);
    List<Point> result = points.subList(0, returned);
    return q.storeKey == null ? reply(result, q) : store(ctx, result, q);
  }

  private static double[] memberPosition(ZSetValue z, byte[] member) {
    double[] xy = position(z, member);
    if (xy == null) {
      throw new CommandError(Errors.GEO_NO_MEMBER);
    }
    return xy;
  }

  /** The optional arguments from argv[base] on, in Redis's order of checks. */
  private static void parseOptions(byte[][] argv, int base, int flags, ZSetValue z, Query q) {
    boolean search = (flags & SEARCH) != 0;
    boolean storeOk = (flags & RADIUS_NOSTORE) == 0 && !search;
    int remaining = argv.length - base;
    for (int i = 0; i < remaining; i++) {
      byte[] arg = argv[base + i];
      if (Parse.is(arg, "withdist")) {
        q.withDist = true;
      } else if (Parse.is(arg, "withhash")) {
        q.withHash = true;
      } else if (Parse.is(arg, "withcoord")) {
        q.withCoords = true;
      } else if (Parse.is(arg, "any")) {
        q.any = true;
      } else if (Parse.is(arg, "asc")) {
        q.sort = SORT_ASC;
      } else if (Parse.is(arg, "desc")) {
        q.sort = SORT_DESC;
      } else if (Parse.is(arg, "count") && i + 1 < remaining) {
        q.count = Parse.longArg(argv[base + i + 1]);
        if (q.count <= 0) {
          throw new CommandError(Errors.GEO_COUNT);
        }
        i++;
      } else if (storeOk && i + 1 < remaining && (Parse.is(arg, "store")
          || Parse.is(arg, "storedist"))) {
        q.storeKey = argv[base + i + 1];
        q.storeDist = Parse.is(arg, "storedist");
        i++;
      } else if (search && (flags & SEARCH_STORE) != 0 && Parse.is(arg, "storedist")) {
        q.storeDist = true;
      } else {
        i += parseSearchOption(argv, base + i, remaining - i, search, z, q);
      }
    }
  }

  /** FROMMEMBER, FROMLONLAT, BYRADIUS, BYBOX; returns how many values followed the option. */
  private static int parseSearchOption(byte[][] argv, int at, int left, boolean search,
      ZSetValue z, Query q) {
    byte[] arg = argv[at];
    if (search && Parse.is(arg, "frommember") && left > 1 && !q.fromLonLat) {
      if (z != null) {
        q.center(memberPosition(z, argv[at + 1]));
      }
      q.fromMember = true;
      return 1;
    } else if (search && Parse.is(arg, "fromlonlat") && left > 2 && !q.fromMember) {
      q.center(lonLat(argv[at + 1], argv[at + 2]));
      q.fromLonLat = true;
      return 2;
    } else if (search && Parse.is(arg, "byradius") && left > 2 && !q.byBox) {
      q.radius(argv, at + 1);
      q.byRadius = true;
      return 2;
    } else if (search && Parse.is(arg, "bybox") && left > 3 && !q.byRadius) {
      q.box(argv, at + 1);
      q.byBox = true;
      return 3;
    }
    throw new CommandError(Errors.SYNTAX);
  }

  /** The checks after the options, with argv[0] as typed in the GEOSEARCH errors. */
  private static void checkOptions(byte[][] argv, int flags, Query q) {
    if (q.storeKey != null && (q.withDist || q.withHash || q.withCoords)) {
      throw new CommandError("ERR " + ((flags & SEARCH_STORE) != 0 ? "GEOSEARCHSTORE"
          : "STORE option in GEORADIUS") + " is not compatible with WITHDIST, WITHHASH and"
          + " WITHCOORD options");
    }
    if ((flags & SEARCH) != 0 && !(q.fromMember || q.fromLonLat)) {
      throw new CommandError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for "
          + Errors.str(argv[0]));
    }
    if ((flags & SEARCH) != 0 && !(q.byRadius || q.byBox)) {
      throw new CommandError("ERR exactly one of BYRADIUS and BYBOX can be specified for "
          + Errors.str(argv[0]));
    }
    if (q.any && q.count == 0) {
      throw new CommandError(Errors.GEO_ANY_COUNT);
    }
  }

  /**
   * membersOfAllNeighbors: the members in each box (the center, then its neighbours) that lie
   * inside the shape, in that order; a box equal to the one processed last is skipped (huge
   * radii repeat boxes). With a limit (ANY) the search stops once it has that many.
   */
  static List<Point> membersOfAllNeighbors(ZSetValue z, GeoHash.Bits[] boxes,
      GeoHash.Shape shape, long limit) {
    List<Point> out = new ArrayList<>();
    int last = 0;
    for (int i = 0; i < boxes.length; i++) {
      GeoHash.Bits box = boxes[i];
      if (box.isZero()) {
        continue;
      }
      if (last != 0 && box.bits() == boxes[last].bits() && box.step() == boxes[last].step()) {
        continue;
      }
      if (limit != 0 && out.size() >= limit) {
        break;
      }
      double min = GeoHash.align52(box);
      double max = GeoHash.align52(new GeoHash.Bits(box.bits() + 1, box.step()));
      ZSetValue.ScoreRange range = new ZSetValue.ScoreRange(min, false, max, true);
      z.visit(range, (member, score) -> {
        double[] xy = GeoHash.decodeScore(score);
        double d = GeoHash.distanceIfInside(shape, xy[0], xy[1]);
        if (!Double.isNaN(d)) {
          out.add(new Point(member, score, xy[0], xy[1], d));
        }
        return limit == 0 || out.size() < limit;
      });
      last = i;
    }
    return out;
  }

  private static Reply reply(List<Point> points, Query q) {
    Reply[] out = new Reply[points.size()];
    boolean nested = q.withDist || q.withHash || q.withCoords;
    for (int i = 0; i < out.length; i++) {
      Point p = points.get(i);
      if (!nested) {
        out[i] = new Reply.Bulk(p.member);
        continue;
      }
      List<Reply> item = new ArrayList<>(4);
      item.add(new Reply.Bulk(p.member));
      if (q.withDist) {
        item.add(distance(p.dist / q.conversion));
      }
      if (q.withHash) {
        item.add(Reply.integer((long) p.score));
      }
      if (q.withCoords) {
        item.add(coordinates(new double[] {p.lon, p.lat}));
      }
      out[i] = new Reply.Arr(item.toArray(new Reply[0]));
    }
    return new Reply.Arr(out);
  }

  private static Reply store(Ctx ctx, List<Point> points, Query q) {
    ZSetCommands.Collected c = new ZSetCommands.Collected();
    for (Point p : points) {
      c.accept(p.member, q.storeDist ? p.dist / q.conversion : p.score);
    }
    return ZSetCommands.store(ctx, q.storeKey, c);
  }

  private static Reply deleteStore(Ctx ctx, byte[] storeKey) {
    return ZSetCommands.store(ctx, storeKey, new ZSetCommands.Collected());
  }
}
