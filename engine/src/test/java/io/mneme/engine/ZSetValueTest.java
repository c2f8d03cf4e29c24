package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ZSetValue (both encodings) against a plain sorted-list model, and its number helpers. */
class ZSetValueTest {
  private static final double[] SCORES = {-1, 0, 0.5, 1, 2, 3, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY};

  /** The model: member to score; sorted on demand as Redis orders a sorted set. */
  private static List<Map.Entry<String, Double>> sorted(Map<String, Double> model) {
    List<Map.Entry<String, Double>> l = new ArrayList<>(model.entrySet());
    l.sort((a, b) -> a.getValue() < b.getValue() ? -1 : a.getValue() > b.getValue() ? 1
        : Arrays.compareUnsigned(bytes(a.getKey()), bytes(b.getKey())));
    return l;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static List<String> emitted(java.util.function.Consumer<ZSetValue.Sink> run) {
    List<String> out = new ArrayList<>();
    run.accept((m, s) -> out.add(str(m) + "=" + s));
    return out;
  }

  @Test
  void matchesTheModelUnderRandomOperations() {
    for (int seed = 0; seed < 6; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      ZSetValue z = ZSetValue.create();
      Map<String, Double> model = new HashMap<>();
      int members = seed % 2 == 0 ? 60 : 400;
      for (int i = 0; seed % 2 == 1 && i < 200; i++) {
        z.addNew(i, bytes("m" + i));
        model.put("m" + i, (double) i);
      }
      for (int i = 0; i < 4000; i++) {
        step(rnd, z, model, members);
        if (i % 97 == 0) {
          z.checkInvariants();
          compareAll(z, model);
        }
      }
      z.checkInvariants();
      compareAll(z, model);
      assertEquals(members > 128 ? "skiplist" : "listpack", z.encoding());
    }
  }

  private static void step(SplittableRandom rnd, ZSetValue z, Map<String, Double> model,
      int members) {
    String m = "m" + rnd.nextInt(members);
    double s = SCORES[rnd.nextInt(SCORES.length)];
    int op = rnd.nextInt(10);
    if (op < 5) {
      double[] out = new double[1];
      int flags = z.add(s, bytes(m), 0, out);
      assertEquals(model.containsKey(m) ? 0 : ZSetValue.OUT_ADDED,
          flags & ZSetValue.OUT_ADDED);
      model.put(m, s);
    } else if (op < 7) {
      assertEquals(model.remove(m) != null, z.remove(bytes(m)));
    } else if (op == 7 && z.size() > 0) {
      int a = rnd.nextInt(z.size());
      int b = a + rnd.nextInt(Math.min(5, z.size() - a));
      List<Map.Entry<String, Double>> l = sorted(model);
      for (int k = a; k <= b; k++) {
        model.remove(l.get(k).getKey());
      }
      assertEquals(b - a + 1, z.removeByRank(a, b));
    } else if (op == 8) {
      ZSetValue.ScoreRange r = new ZSetValue.ScoreRange(s, rnd.nextBoolean(),
          s + rnd.nextInt(2), rnd.nextBoolean());
      long expected = model.values().stream().filter(v -> r.gteMin(v) && r.lteMax(v)).count();
      model.values().removeIf(v -> r.gteMin(v) && r.lteMax(v));
      assertEquals(expected, z.remove(r));
    } else {
      double[] out = new double[1];
      z.add(s, bytes(m), ZSetValue.IN_INCR, out);
      if (!Double.isNaN(out[0]) && !(model.containsKey(m)
          && Double.isNaN(model.get(m) + s))) {
        model.put(m, model.getOrDefault(m, 0.0) + s);
      }
    }
  }

  private static void compareAll(ZSetValue z, Map<String, Double> model) {
    List<Map.Entry<String, Double>> l = sorted(model);
    List<String> expected = new ArrayList<>();
    for (Map.Entry<String, Double> e : l) {
      expected.add(e.getKey() + "=" + (e.getValue() == 0 ? 0.0 : e.getValue()));
    }
    assertEquals(expected, emitted(z::forEach));
    assertEquals(l.size(), z.size());
    for (int i = 0; i < l.size(); i++) {
      assertEquals(i, z.rank(bytes(l.get(i).getKey()), false));
      assertEquals(l.size() - 1 - i, z.rank(bytes(l.get(i).getKey()), true));
      assertEquals(l.get(i).getKey(), str(z.memberAt(i)));
    }
    if (l.size() > 3) {
      assertEquals(expected.subList(1, 4), emitted(s -> z.rangeByRank(1, 3, false, s)));
    }
    for (double min : SCORES) {
      ZSetValue.ScoreRange r = new ZSetValue.ScoreRange(min, true, min + 2, false);
      List<String> in = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        if (r.gteMin(l.get(i).getValue()) && r.lteMax(l.get(i).getValue())) {
          in.add(expected.get(i));
        }
      }
      assertEquals(in.size(), z.count(r));
      assertEquals(in.subList(Math.min(1, in.size()), Math.min(3, in.size())),
          emitted(s -> z.range(r, 1, 2, false, s)));
      List<String> rev = new ArrayList<>(in);
      java.util.Collections.reverse(rev);
      assertEquals(rev, emitted(s -> z.range(r, 0, -1, true, s)));
    }
  }

  @Test
  void lexRangesOnEqualScores() {
    for (int n : new int[] {50, 300}) {
      ZSetValue z = ZSetValue.create();
      List<String> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String m = String.format("k%04d", i * 7 % n);
        z.addNew(0, bytes(m));
        all.add(m);
      }
      all.sort(null);
      ZSetValue.LexRange r = new ZSetValue.LexRange(bytes("k0010"), true, bytes("k0020"),
          false);
      List<String> expected = new ArrayList<>();
      for (String m : all) {
        if (m.compareTo("k0010") > 0 && m.compareTo("k0020") <= 0) {
          expected.add(m + "=0.0");
        }
      }
      assertEquals(expected, emitted(s -> z.range(r, 0, -1, false, s)));
      assertEquals(expected.size(), z.count(r));
      ZSetValue.LexRange everything = new ZSetValue.LexRange(ZSetValue.LexRange.MIN, true,
          ZSetValue.LexRange.MAX, true);
      assertEquals(n, z.count(everything));
      assertEquals(expected.size(), z.remove(r));
      assertEquals(n - expected.size(), z.size());
      z.checkInvariants();
    }
  }

  @Test
  void skiplistUpdatesInPlaceAndMoves() {
    ZSkiplist sl = new ZSkiplist();
    for (int i = 0; i < 1000; i++) {
      sl.insert(i, bytes("n" + i));
    }
    ZSkiplist.Node n = sl.find(bytes("n500"));
    assertTrue(sl.updateScore(n, 500.5) == n, "stays between its neighbours");
    ZSkiplist.Node moved = sl.updateScore(n, -1);
    assertEquals(1, sl.rank(moved));
    assertEquals(998, sl.deleteRangeByRank(2, 999));
    sl.checkInvariants();
    assertEquals(2, sl.length());
    for (int i = 0; i < 64 && sl.isRehashing(); i++) {
      sl.delete(sl.insert(5000 + i, bytes("t" + i)));
      sl.checkInvariants();
    }
    assertEquals(4, sl.bucketCount(), "the table shrank with the set, a bucket per change");
  }

  // ---- number helpers ----

  @Test
  void strtodAsGlibc() {
    assertEquals(16.0, Doubles.parse(bytes("0x10")));
    assertEquals(1.5, Doubles.parse(bytes("0x1.8")));
    assertEquals(1024.0, Doubles.parse(bytes("0x1p10")));
    assertEquals(Double.POSITIVE_INFINITY, Doubles.parse(bytes("inf")));
    assertEquals(Double.NEGATIVE_INFINITY, Doubles.parse(bytes("-Infinity")));
    assertEquals(4e-320, Doubles.parse(bytes("4e-320")));
    assertEquals(-0.0, Doubles.parse(bytes("-0")));
    assertEquals(5.0, Doubles.parse(bytes("5.")));
    assertEquals(0.5, Doubles.parse(bytes(".5")));
    for (String bad : new String[] {"", " 1", "1 ", "nan", "1e400", "-1e400", "1e-400",
        "abc", "1e", "0x", "--1", "1\u00001", "infinit"}) {
      assertTrue(Double.isNaN(Doubles.parse(bytes(bad))), bad);
    }
    assertEquals(0.0, Doubles.parseCString(bytes(""), 0));
    assertEquals(1.0, Doubles.parseCString(bytes(" 1"), 0));
    assertEquals(Double.POSITIVE_INFINITY, Doubles.parseCString(bytes("1e400"), 0));
    assertEquals(2.0, Doubles.parseCString(bytes("(2"), 1));
    assertEquals(3.0, Doubles.parseCString(new byte[] {'3', 0, 'x'}, 0));
    assertTrue(Double.isNaN(Doubles.parseCString(bytes("1x"), 0)));
    assertTrue(Double.isNaN(Doubles.parseCString(bytes(" "), 0)));
  }

  @Test
  void formatsAsRedis() {
    assertEquals("0.10000000000000001", Doubles.format(0.1));
    assertEquals("1e+20", Doubles.format(1e20));
    assertEquals("1.2345678901234568e+17", Doubles.format(123456789012345678.0));
    assertEquals("3.999955468730732e-320", Doubles.format(4e-320));
    assertEquals("-0", Doubles.format(-0.0));
    assertEquals("inf", Doubles.format(Double.POSITIVE_INFINITY));
    assertEquals("0.0001", Doubles.format(0.0001));
    assertEquals("1.0000000000000001e-05", Doubles.format(0.00001));
    assertEquals("123456789012345680", Doubles.listpackText(123456789012345678.0));
    assertEquals("0", Doubles.listpackText(-0.0));
    assertEquals("1e+20", Doubles.listpackText(1e20));
    assertEquals("13.36138933897018433", Doubles.human(13.361389338970184));
    assertEquals("-inf", Doubles.human(Double.NEGATIVE_INFINITY));
    assertEquals("166.2742", Doubles.fixed(166274.2 / 1000, 4));
    assertEquals("-0.000000", Doubles.fixed(-1e-9, 6));
    assertEquals("200.000000", Doubles.fixed(200, 6));
  }

  @Test
  void geohashRoundTrip() {
    GeoHash.Bits h = GeoHash.encodeWgs84(13.361389, 38.115556, GeoHash.STEP_MAX);
    assertEquals(3479099956230698L, GeoHash.align52(h));
    double[] xy = GeoHash.decodeScore(3479099956230698.0);
    assertEquals("13.36138933897018433", Doubles.human(xy[0]));
    assertEquals("38.11555639549629859", Doubles.human(xy[1]));
    assertEquals("sqc8b49rny0", GeoHash.standard(3479099956230698.0));
    double[] catania = GeoHash.decodeScore(
        GeoHash.align52(GeoHash.encodeWgs84(15.087269, 37.502669, GeoHash.STEP_MAX)));
    assertEquals("166274.1516",
        Doubles.fixed(GeoHash.distance(xy[0], xy[1], catania[0], catania[1]), 4));
  }

  @Test
  void packedScoresKeepTheirValue() {
    double[] values = {0, -0.0, 1, -1, 127, 128, -128, -129, 32767, 32768, -32768, -32769,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 2147483648.0, -2147483649.0, 0.1, 1e300,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4e-320, 123456789012345678.0};
    for (double v : values) {
      byte[] e = ZListpack.entry(v, bytes("m"));
      assertEquals(v == 0 ? 0.0 : v, ZListpack.score(e, 0), Double.toString(v));
      assertEquals(e.length, ZListpack.next(e, 0));
    }
    assertEquals(4, ZListpack.entry(5, bytes("m")).length, "a small integer takes one byte");
    assertEquals(11, ZListpack.entry(0.5, bytes("m")).length);
    ZSetValue z = ZSetValue.create();
    z.addNew(1, bytes("a"));
    ZSetValue c = z.copy();
    z.addNew(2, bytes("b"));
    assertEquals(1, c.size(), "a copy shares the packed bytes but not later changes");
  }
}
