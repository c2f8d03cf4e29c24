package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Compares our table with Redis 7.0.15's own command metadata, when that file is present. */
class CommandTableReferenceTest {
  private static final String FILE = "redis-7.0.15-commands.json";

  private static Path reference() {
    for (Path p : List.of(Path.of("../../shared/reference", FILE),
        Path.of("../shared/reference", FILE), Path.of("/work/shared/reference", FILE))) {
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }

  @Test
  @SuppressWarnings("unchecked")
  void matchesRedis() throws Exception {
    Path ref = reference();
    Assumptions.assumeTrue(ref != null, "reference metadata not present");
    Map<String, Object> all = (Map<String, Object>) MiniJson.parse(Files.readString(ref));
    List<CommandSpec> specs = new ArrayList<>();
    for (CommandSpec s : CommandTable.standard().all()) {
      specs.add(s);
      specs.addAll(s.subcommands());
    }
    for (CommandSpec s : specs) {
      String key = s.name().toUpperCase(Locale.ROOT).replace('|', ' ');
      Map<String, Object> r = (Map<String, Object>) all.get(key);
      assertNotNull(r, key);
      assertEquals(((Long) r.get("arity")).intValue(), s.arity(), key + " arity");
      // the metadata may repeat a flag (XREAD's BLOCKING)
      List<String> flags = ((List<String>) r.getOrDefault("command_flags", List.of())).stream()
          .filter(f -> !f.equals("TOUCHES_ARBITRARY_KEYS")).distinct().sorted().toList();
      // Redis derives MOVABLEKEYS at startup (populateCommandMovableKeys), not in the metadata
      assertEquals(flags, s.flags().stream().filter(f -> f != CommandFlag.MOVABLEKEYS)
          .map(Enum::name).sorted().toList(), key + " flags");
      for (String acl : (List<String>) r.getOrDefault("acl_categories", List.of())) {
        assertTrue(s.aclCategories().contains(acl.toLowerCase(Locale.ROOT)), key + " " + acl);
      }
      List<Map<String, Object>> ks = (List<Map<String, Object>>) r.getOrDefault("key_specs",
          List.of());
      assertEquals(ks.size(), s.keySpecs().size(), key + " key specs");
      // as redis-server 7.0.15 shows it: movable exactly when a spec is not index+range
      boolean movable = !ks.stream().allMatch(CommandTableReferenceTest::isIndexRange);
      assertEquals(movable, s.flags().contains(CommandFlag.MOVABLEKEYS), key + " movablekeys");
      for (int i = 0; i < ks.size(); i++) {
        assertEquals(facts(ks.get(i)), facts(s.keySpecs().get(i)), key + " key spec " + i);
      }
      assertEquals(legacy(ks), List.of(s.firstKey(), s.lastKey(), s.keyStep()), key + " keys");
      assertEquals(r.get("since"), s.docs().get(0), key + " since");
    }
  }

  /** True for a spec found from a fixed index with a range (the only kind the legacy keeps). */
  @SuppressWarnings("unchecked")
  private static boolean isIndexRange(Map<String, Object> k) {
    return ((Map<String, Object>) k.get("begin_search")).containsKey("index")
        && ((Map<String, Object>) k.get("find_keys")).containsKey("range");
  }

  /**
   * A reference key spec as "FLAGS|begin|find", flags sorted (COMMAND INFO sends a set): begin
   * is "index N" or "keyword K startfrom N", find is "range lastkey,step,limit" or
   * "keynum keynumidx,firstkey,step".
   */
  @SuppressWarnings("unchecked")
  private static String facts(Map<String, Object> k) {
    String flags = String.join(" ", ((List<String>) k.getOrDefault("flags", List.of())).stream()
        .sorted().toList());
    Map<String, Object> begin = (Map<String, Object>) k.get("begin_search");
    if (begin.containsKey("unknown")) {
      return flags + "|unknown|unknown";
    }
    Map<String, Object> kw = (Map<String, Object>) begin.get("keyword");
    String b = kw == null ? "index " + ((Map<String, Object>) begin.get("index")).get("pos")
        : "keyword " + kw.get("keyword") + " startfrom " + kw.get("startfrom");
    Map<String, Object> find = (Map<String, Object>) k.get("find_keys");
    Map<String, Object> range = (Map<String, Object>) find.get("range");
    Map<String, Object> num = (Map<String, Object>) find.get("keynum");
    String f = range != null
        ? "range " + range.get("lastkey") + "," + range.get("step") + "," + range.get("limit")
        : "keynum " + num.get("keynumidx") + "," + num.get("firstkey") + "," + num.get("step");
    return flags + "|" + b + "|" + f;
  }

  /** Our key spec in the form of {@link #facts(Map)}. */
  private static String facts(KeySpec k) {
    String flags = String.join(" ", java.util.Arrays.stream(k.flags())
        .map(f -> f.toUpperCase(Locale.ROOT)).sorted().toList());
    if (k.unknown()) {
      return flags + "|unknown|unknown";
    }
    String b = k.keyword() == null ? "index " + k.beginIndex()
        : "keyword " + k.keyword() + " startfrom " + k.beginIndex();
    String f = k.keynum() ? "keynum " + k.keynumIdx() + "," + k.firstKey() + "," + k.keyStep()
        : "range " + k.lastKey() + "," + k.keyStep() + "," + k.limit();
    return flags + "|" + b + "|" + f;
  }

  /**
   * Redis's populateCommandLegacyRangeSpec: a lone index+range spec as it is, else the span of
   * the consecutive step-1 index+range specs (others are skipped).
   */
  @SuppressWarnings("unchecked")
  private static List<Integer> legacy(List<Map<String, Object>> ks) {
    int first = Integer.MAX_VALUE;
    long last = 0;
    for (Map<String, Object> k : ks) {
      if (!isIndexRange(k)) {
        continue;
      }
      int pos = ((Long) ((Map<String, Object>) ((Map<String, Object>) k.get("begin_search"))
          .get("index")).get("pos")).intValue();
      Map<String, Object> range = (Map<String, Object>) ((Map<String, Object>) k
          .get("find_keys")).get("range");
      int lk = ((Long) range.get("lastkey")).intValue();
      int step = ((Long) range.get("step")).intValue();
      if (ks.size() == 1) {
        return List.of(pos, lk >= 0 ? pos + lk : lk, step);
      }
      if (step != 1 || (last != 0 && last != pos - 1)) {
        continue;
      }
      first = Math.min(first, pos);
      long abs = lk >= 0 ? lk + pos : lk;
      last = Long.compareUnsigned(last & 0xffffffffL, abs & 0xffffffffL) >= 0 ? last : abs;
    }
    if (first == Integer.MAX_VALUE) {
      return List.of(0, 0, 0); // no index+range spec: the keys only move (LMPOP, XREAD)
    }
    return List.of(first, (int) last, 1);
  }

  @Test
  void allKindsDeclared() {
    String session = CommandTable.standard().all().stream()
        .filter(s -> s.kind() == CommandKind.SESSION).map(CommandSpec::name)
        .collect(Collectors.joining(" "));
    assertEquals("ping echo quit select hello auth client info bgsave config time reset readonly"
        + " asking readwrite cluster multi exec discard watch unwatch subscribe psubscribe"
        + " unsubscribe punsubscribe publish ssubscribe sunsubscribe spublish pubsub wait",
        session);
  }
}
