package io.mneme.engine;

/**
 * Redis's geohash.c and geohash_helper.c: positions as 52-bit interleaved geohashes (the score
 * of a member in a geo sorted set), the nine boxes that cover a search area, and distances on
 * Redis's spherical earth. The arithmetic follows Redis's C step by step; StrictMath keeps the
 * results identical on every JVM, since replicas must store the same GEOSEARCHSTORE results.
 * fdlibm's sin, cos and asin may differ from glibc's in the last bit, so a distance can differ
 * from Redis's by an ulp: invisible in the 4 decimals replies show, visible only in the 17
 * digits of a STOREDIST score.
 */
final class GeoHash {
  /** Redis's GEO_STEP_MAX: 26 bits per coordinate. */
  static final int STEP_MAX = 26;
  // EPSG:900913 limits: no geocoding near the poles.
  static final double LAT_MIN = -85.05112878;
  static final double LAT_MAX = 85.05112878;
  static final double LONG_MIN = -180;
  static final double LONG_MAX = 180;
  /** Earth's quadratic mean radius for WGS-84, as Redis uses it. */
  static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
  /** Half the equator in Mercator meters (MERCATOR_MAX). */
  private static final double MERCATOR_MAX = 20037726.37;
  private static final double D_R = Math.PI / 180.0;
  /** Latitudes beyond which a search box needs one bigger step (twice, past the second). */
  private static final double POLAR_LAT = 66;
  private static final double HIGH_POLAR_LAT = 80;

  private GeoHash() {}

  /** A geohash of step bits per coordinate; step 0 marks a box excluded from a search. */
  record Bits(long bits, int step) {
    boolean isZero() {
      return bits == 0 && step == 0;
    }
  }

  /** A box: longitude and latitude ranges. */
  record Area(double longMin, double longMax, double latMin, double latMax) {}

  /** The center box, its eight neighbours (zero when useless) and the bounds of the area. */
  record Radius(Bits[] boxes) {}

  private static long interleave64(long xlo, long ylo) {
    long[] b = {0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL,
        0x00FF00FF00FF00FFL, 0x0000FFFF0000FFFFL};
    int[] s = {1, 2, 4, 8, 16};
    long x = xlo & 0xFFFFFFFFL;
    long y = ylo & 0xFFFFFFFFL;
    for (int i = 4; i >= 0; i--) {
      x = (x | (x << s[i])) & b[i];
      y = (y | (y << s[i])) & b[i];
    }
    return x | (y << 1);
  }

  private static long deinterleave64(long interleaved) {
    long[] b = {0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL,
        0x00FF00FF00FF00FFL, 0x0000FFFF0000FFFFL, 0x00000000FFFFFFFFL};
    int[] s = {0, 1, 2, 4, 8, 16};
    long x = interleaved;
    long y = interleaved >>> 1;
    for (int i = 0; i < 6; i++) {
      x = (x | (x >>> s[i])) & b[i];
      y = (y | (y >>> s[i])) & b[i];
    }
    return x | (y << 32);
  }

  /** C's conversion of a non-negative double to uint32_t (truncation). */
  private static long toUint32(double v) {
    return ((long) v) & 0xFFFFFFFFL;
  }

  /** geohashEncode over the given ranges; null when the point is outside them. */
  static Bits encode(double longMin, double longMax, double latMin, double latMax,
      double longitude, double latitude, int step) {
    if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX
        || latitude < LAT_MIN) {
      return null;
    }
    if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
      return null;
    }
    double latOffset = (latitude - latMin) / (latMax - latMin);
    double longOffset = (longitude - longMin) / (longMax - longMin);
    latOffset *= (double) (1L << step);
    longOffset *= (double) (1L << step);
    return new Bits(interleave64(toUint32(latOffset), toUint32(longOffset)), step);
  }

  /** geohashEncodeWGS84. */
  static Bits encodeWgs84(double longitude, double latitude, int step) {
    return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
  }

  /** geohashAlign52Bits: the hash as a 52-bit score. */
  static long align52(Bits hash) {
    return hash.bits << (52 - hash.step * 2);
  }

  /** geohashDecode over the WGS84 ranges (Redis's limits). */
  static Area decode(Bits hash) {
    return decode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, hash);
  }

  static Area decode(double longMin, double longMax, double latMin, double latMax, Bits hash) {
    long sep = deinterleave64(hash.bits);
    double latScale = latMax - latMin;
    double longScale = longMax - longMin;
    long ilato = sep & 0xFFFFFFFFL;
    long ilono = sep >>> 32;
    double div = (double) (1L << hash.step);
    return new Area(longMin + (ilono * 1.0 / div) * longScale,
        longMin + ((ilono + 1) * 1.0 / div) * longScale,
        latMin + (ilato * 1.0 / div) * latScale,
        latMin + ((ilato + 1) * 1.0 / div) * latScale);
  }

  /** The position a score stands for (decodeGeohash): {longitude, latitude}. */
  static double[] decodeScore(double score) {
    Area a = decode(new Bits(toUint64(score), STEP_MAX));
    double x = Math.min(LONG_MAX, Math.max(LONG_MIN, (a.longMin + a.longMax) / 2));
    double y = Math.min(LAT_MAX, Math.max(LAT_MIN, (a.latMin + a.latMax) / 2));
    return new double[] {x, y};
  }

  /** C's (uint64_t) of a score; geo scores are non-negative integers below 2^52. */
  private static long toUint64(double v) {
    if (!(v > 0)) {
      return 0;
    }
    if (v >= 0x1p63) {
      return (long) (v - 0x1p63) ^ Long.MIN_VALUE;
    }
    return (long) v;
  }

  private static Bits moveX(Bits hash, int d) {
    if (d == 0) {
      return hash;
    }
    long x = hash.bits & 0xaaaaaaaaaaaaaaaaL;
    long y = hash.bits & 0x5555555555555555L;
    long zz = 0x5555555555555555L >>> (64 - hash.step * 2);
    if (d > 0) {
      x = x + (zz + 1);
    } else {
      x = x | zz;
      x = x - (zz + 1);
    }
    x &= 0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step * 2);
    return new Bits(x | y, hash.step);
  }

  private static Bits moveY(Bits hash, int d) {
    if (d == 0) {
      return hash;
    }
    long x = hash.bits & 0xaaaaaaaaaaaaaaaaL;
    long y = hash.bits & 0x5555555555555555L;
    long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step * 2);
    if (d > 0) {
      y = y + (zz + 1);
    } else {
      y = y | zz;
      y = y - (zz + 1);
    }
    y &= 0x5555555555555555L >>> (64 - hash.step * 2);
    return new Bits(x | y, hash.step);
  }

  // Box order of membersOfAllNeighbors: self, N, S, E, W, NE, NW, SE, SW.
  static final int SELF = 0;
  static final int NORTH = 1;
  static final int SOUTH = 2;
  static final int EAST = 3;
  static final int WEST = 4;
  static final int NORTH_EAST = 5;
  static final int NORTH_WEST = 6;
  static final int SOUTH_EAST = 7;
  static final int SOUTH_WEST = 8;
  private static final int BOXES = 9;

  /** geohashNeighbors, in the box order above, with the hash itself first. */
  static Bits[] neighbors(Bits hash) {
    Bits[] n = new Bits[BOXES];
    n[SELF] = hash;
    n[EAST] = moveY(moveX(hash, 1), 0);
    n[WEST] = moveY(moveX(hash, -1), 0);
    n[SOUTH] = moveY(moveX(hash, 0), -1);
    n[NORTH] = moveY(moveX(hash, 0), 1);
    n[NORTH_WEST] = moveY(moveX(hash, -1), 1);
    n[NORTH_EAST] = moveY(moveX(hash, 1), 1);
    n[SOUTH_EAST] = moveY(moveX(hash, 1), -1);
    n[SOUTH_WEST] = moveY(moveX(hash, -1), -1);
    return n;
  }

  /** geohashEstimateStepsByRadius. */
  static int estimateSteps(double rangeMeters, double lat) {
    if (rangeMeters == 0) {
      return STEP_MAX;
    }
    int step = 1;
    while (rangeMeters < MERCATOR_MAX) {
      rangeMeters *= 2;
      step++;
    }
    step -= 2;
    if (lat > POLAR_LAT || lat < -POLAR_LAT) {
      step--;
      if (lat > HIGH_POLAR_LAT || lat < -HIGH_POLAR_LAT) {
        step--;
      }
    }
    return Math.max(1, Math.min(STEP_MAX, step));
  }

  private static double degRad(double ang) {
    return ang * D_R;
  }

  private static double radDeg(double ang) {
    return ang / D_R;
  }

  /**
   * A search area (geo.h's GeoShape): a center, a radius or a width and height, and the
   * factor from the unit to meters.
   */
  record Shape(double lon, double lat, boolean circle, double radius, double width,
      double height, double conversion) {}

  /** geohashBoundingBox: {min lon, min lat, max lon, max lat}. */
  static double[] boundingBox(Shape s) {
    double height = s.conversion * (s.circle ? s.radius : s.height / 2);
    double width = s.conversion * (s.circle ? s.radius : s.width / 2);
    double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
    double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS
        / StrictMath.cos(degRad(s.lat + latDelta)));
    double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS
        / StrictMath.cos(degRad(s.lat - latDelta)));
    boolean southern = s.lat < 0;
    return new double[] {
      southern ? s.lon - longDeltaBottom : s.lon - longDeltaTop,
      s.lat - latDelta,
      southern ? s.lon + longDeltaBottom : s.lon + longDeltaTop,
      s.lat + latDelta};
  }

  /**
   * geohashCalculateAreasByShapeWGS84: the nine boxes to search, in the order of
   * {@link #neighbors}, with the useless ones zeroed.
   */
  static Bits[] areasByShape(Shape s) {
    double[] bounds = boundingBox(s);
    double radiusMeters = s.circle ? s.radius
        : StrictMath.sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2));
    radiusMeters *= s.conversion;
    int steps = estimateSteps(radiusMeters, s.lat);
    Bits hash = encodeWgs84(s.lon, s.lat, steps);
    Bits[] n = neighbors(hash);
    Area area = decode(hash);
    boolean decrease = decode(n[NORTH]).latMax < bounds[3]
        || decode(n[SOUTH]).latMin > bounds[1]
        || decode(n[EAST]).longMax < bounds[2]
        || decode(n[WEST]).longMin > bounds[0];
    if (steps > 1 && decrease) {
      steps--;
      hash = encodeWgs84(s.lon, s.lat, steps);
      n = neighbors(hash);
      area = decode(hash);
    }
    if (steps >= 2) {
      Bits zero = new Bits(0, 0);
      if (area.latMin < bounds[1]) {
        n[SOUTH] = zero;
        n[SOUTH_WEST] = zero;
        n[SOUTH_EAST] = zero;
      }
      if (area.latMax > bounds[3]) {
        n[NORTH] = zero;
        n[NORTH_EAST] = zero;
        n[NORTH_WEST] = zero;
      }
      if (area.longMin < bounds[0]) {
        n[WEST] = zero;
        n[SOUTH_WEST] = zero;
        n[NORTH_WEST] = zero;
      }
      if (area.longMax > bounds[2]) {
        n[EAST] = zero;
        n[SOUTH_EAST] = zero;
        n[NORTH_EAST] = zero;
      }
    }
    return n;
  }

  /** geohashGetDistance: the haversine great circle distance in meters. */
  static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
    double lat1r = degRad(lat1d);
    double lon1r = degRad(lon1d);
    double lat2r = degRad(lat2d);
    double lon2r = degRad(lon2d);
    double u = StrictMath.sin((lat2r - lat1r) / 2);
    double v = StrictMath.sin((lon2r - lon1r) / 2);
    return 2.0 * EARTH_RADIUS_IN_METERS * StrictMath.asin(StrictMath.sqrt(u * u
        + StrictMath.cos(lat1r) * StrictMath.cos(lat2r) * v * v));
  }

  /**
   * The distance from the shape's center to (x, y) when the point lies inside the shape
   * (geohashGetDistanceIfInRadiusWGS84, geohashGetDistanceIfInRectangle), else NaN.
   */
  static double distanceIfInside(Shape s, double x, double y) {
    if (s.circle) {
      double d = distance(s.lon, s.lat, x, y);
      return d > s.radius * s.conversion ? Double.NaN : d;
    }
    double widthM = s.width * s.conversion;
    double heightM = s.height * s.conversion;
    double lonDistance = distance(x, y, s.lon, y);
    double latDistance = distance(x, y, x, s.lat);
    if (lonDistance > widthM / 2 || latDistance > heightM / 2) {
      return Double.NaN;
    }
    return distance(s.lon, s.lat, x, y);
  }

  /** The 11-character standard geohash of GEOHASH ("0123456789bcdefghjkmnpqrstuvwxyz"). */
  static String standard(double score) {
    String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
    double[] xy = decodeScore(score);
    Bits hash = encode(-180, 180, -90, 90, xy[0], xy[1], STEP_MAX);
    char[] buf = new char[11];
    for (int i = 0; i < 11; i++) {
      int idx = i == 10 ? 0 : (int) ((hash.bits >>> (52 - ((i + 1) * 5))) & 0x1f);
      buf[i] = alphabet.charAt(idx);
    }
    return new String(buf);
  }
}
