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
      List<Map<String, Object>> ks = (List<Map<String, Object>>) r.getOrDefault("key_specs",
          List.of());
      // The JSON may repeat a flag (XREAD's BLOCKING); Redis derives MOVABLEKEYS from specs
      // that are not an index and a range.
      List<String> flags = java.util.stream.Stream.concat(
          ((List<String>) r.getOrDefault("command_flags", List.of())).stream(),
          ks.stream().anyMatch(k -> !isIndexRange(k)) ? java.util.stream.Stream.of("MOVABLEKEYS")
              : java.util.stream.Stream.empty())
          .filter(f -> !f.equals("TOUCHES_ARBITRARY_KEYS")).distinct().sorted().toList();
      assertEquals(flags, s.flags().stream().map(Enum::name).sorted().toList(), key + " flags");
      for (String acl : (List<String>) r.getOrDefault("acl_categories", List.of())) {
        assertTrue(s.aclCategories().contains(acl.toLowerCase(Locale.ROOT)), key + " " + acl);
      }
      assertEquals(ks.size(), s.keySpecs().size(), key + " key specs");
      for (int i = 0; i < ks.size(); i++) {
        assertEquals(keyword(ks.get(i)), s.keySpecs().get(i).keyword(), key + " keyword");
        assertEquals(keynum(ks.get(i)), keynum(s.keySpecs().get(i)), key + " keynum");
      }
      assertEquals(legacy(ks), List.of(s.firstKey(), s.lastKey(), s.keyStep()), key + " keys");
      assertEquals(r.get("since"), s.docs().get(0), key + " since");
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean isIndexRange(Map<String, Object> k) {
    return ((Map<String, Object>) k.get("begin_search")).containsKey("index")
        && ((Map<String, Object>) k.get("find_keys")).containsKey("range");
  }

  @SuppressWarnings("unchecked")
  private static String keyword(Map<String, Object> k) {
    Map<String, Object> kw = (Map<String, Object>) ((Map<String, Object>) k.get("begin_search"))
        .get("keyword");
    return kw == null ? null : (String) kw.get("keyword");
  }

  /** A keynum spec's (keynumidx, firstkey, step), or null for a range spec. */
  @SuppressWarnings("unchecked")
  private static List<Integer> keynum(Map<String, Object> k) {
    Map<String, Object> kn = (Map<String, Object>) ((Map<String, Object>) k.get("find_keys"))
        .get("keynum");
    return kn == null ? null : List.of(((Long) kn.get("keynumidx")).intValue(),
        ((Long) kn.get("firstkey")).intValue(), ((Long) kn.get("step")).intValue());
  }

  private static List<Integer> keynum(KeySpec k) {
    return k.keynum() ? List.of(k.keynumIdx(), k.firstKey(), k.keyStep()) : null;
  }

  /** Redis's populateCommandLegacyRangeSpec: specs other than index+range are skipped. */
  @SuppressWarnings("unchecked")
  private static List<Integer> legacy(List<Map<String, Object>> all) {
    List<Map<String, Object>> ks = all.stream().filter(k -> isIndexRange(k)).toList();
    if (ks.isEmpty()) {
      return List.of(0, 0, 0);
    }
    int first = Integer.MAX_VALUE;
    long last = 0;
    int step = 1;
    for (Map<String, Object> k : ks) {
      int pos = ((Long) ((Map<String, Object>) ((Map<String, Object>) k.get("begin_search"))
          .get("index")).get("pos")).intValue();
      Map<String, Object> range = (Map<String, Object>) ((Map<String, Object>) k
          .get("find_keys")).get("range");
      int lk = ((Long) range.get("lastkey")).intValue();
      step = ((Long) range.get("step")).intValue();
      if (ks.size() == 1) {
        return List.of(pos, lk >= 0 ? pos + lk : lk, step);
      }
      first = Math.min(first, pos);
      long abs = lk >= 0 ? lk + pos : lk;
      last = Long.compareUnsigned(last & 0xffffffffL, abs & 0xffffffffL) >= 0 ? last : abs;
    }
    return List.of(first, (int) last, 1);
  }

  @Test
  void allKindsDeclared() {
    String session = CommandTable.standard().all().stream()
        .filter(s -> s.kind() == CommandKind.SESSION).map(CommandSpec::name)
        .collect(Collectors.joining(" "));
    assertEquals("ping echo quit select hello auth client info bgsave config time reset readonly"
        + " readwrite cluster", session);
  }
}
