package io.mneme.engine;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One command's declaration: arity, flags, keys, ACL categories, where it runs, its handler. */
public final class CommandSpec {
  /** Redis's ACL categories in the order COMMAND INFO prints them. */
  static final List<String> ACL_ORDER = List.of("keyspace", "read", "write", "set", "sortedset",
      "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin",
      "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting");

  private static final int[] NO_KEYS = new int[0];

  private final String name;
  private final String container;
  private final int arity;
  private final Set<CommandFlag> flags;
  private final int firstKey;
  private final int lastKey;
  private final int keyStep;
  private final List<String> aclCategories;
  private final CommandKind kind;
  final Handler handler;
  private final Validator validator;
  private final List<String> tips;
  private final List<KeySpec> keySpecs;
  private final List<String> docs;
  private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
  private final java.util.function.Function<byte[][], int[]> keyFinder;

  CommandSpec(CommandDefs.Def d, String container) {
    this.name = container == null ? d.name : container + "|" + d.name;
    this.container = container;
    this.arity = d.arity;
    EnumSet<CommandFlag> f = EnumSet.noneOf(CommandFlag.class);
    f.addAll(d.flags);
    // Redis's populateCommandMovableKeys: a spec other than index+range (a keyword begin
    // search, a keynum) moves the keys
    if (d.keySpecs.stream().anyMatch(k -> !k.indexRange())) {
      f.add(CommandFlag.MOVABLEKEYS);
    }
    this.flags = Collections.unmodifiableSet(f);
    this.firstKey = d.firstKey;
    this.lastKey = d.lastKey;
    this.keyStep = d.keyStep;
    this.aclCategories = implicitAcl(d.acl, f);
    this.kind = d.kind;
    this.handler = d.handler;
    this.validator = d.validator;
    this.tips = List.copyOf(d.tips);
    this.keySpecs = List.copyOf(d.keySpecs);
    this.docs = List.copyOf(d.docs);
    this.keyFinder = d.keyFinder;
  }

  /** Adds the categories Redis derives from the flags (setImplicitACLCategories). */
  private static List<String> implicitAcl(List<String> explicit, Set<CommandFlag> f) {
    Set<String> all = new java.util.HashSet<>(explicit);
    if (f.contains(CommandFlag.WRITE)) {
      all.add("write");
    }
    if (f.contains(CommandFlag.READONLY) && !all.contains("scripting")) {
      all.add("read");
    }
    if (f.contains(CommandFlag.ADMIN)) {
      all.add("admin");
      all.add("dangerous");
    }
    if (f.contains(CommandFlag.PUBSUB)) {
      all.add("pubsub");
    }
    if (f.contains(CommandFlag.FAST)) {
      all.add("fast");
    }
    if (f.contains(CommandFlag.BLOCKING)) {
      all.add("blocking");
    }
    if (!all.contains("fast")) {
      all.add("slow");
    }
    return ACL_ORDER.stream().filter(all::contains).toList();
  }

  void addSubcommand(CommandSpec sub) {
    subcommands.put(sub.name.substring(sub.name.indexOf('|') + 1), sub);
  }

  /** Lowercase full name, "get" or "command|info": the name Redis uses in arity errors. */
  public String name() {
    return name;
  }

  /** The container's name for a subcommand, else null. */
  public String container() {
    return container;
  }

  public int arity() {
    return arity;
  }

  /** Redis convention: positive arity is exact, negative a minimum; argc counts the name. */
  public boolean checkArity(int argc) {
    return arity >= 0 ? argc == arity : argc >= -arity;
  }

  public boolean isWrite() {
    return flags.contains(CommandFlag.WRITE);
  }

  public CommandKind kind() {
    return kind;
  }

  public Set<CommandFlag> flags() {
    return flags;
  }

  public int firstKey() {
    return firstKey;
  }

  public int lastKey() {
    return lastKey;
  }

  public int keyStep() {
    return keyStep;
  }

  /** ACL categories without the '@', implicit ones included, in Redis's order. */
  public List<String> aclCategories() {
    return aclCategories;
  }

  public List<String> tips() {
    return tips;
  }

  public List<KeySpec> keySpecs() {
    return keySpecs;
  }

  /** COMMAND DOCS facts: since, group, summary, complexity. */
  List<String> docs() {
    return docs;
  }

  public boolean hasSubcommands() {
    return !subcommands.isEmpty();
  }

  public Collection<CommandSpec> subcommands() {
    return Collections.unmodifiableCollection(subcommands.values());
  }

  /** The subcommand of this container with that name (any case), or null. */
  public CommandSpec subcommand(byte[] sub) {
    return subcommands.isEmpty() ? null : subcommands.get(Parse.lower(sub));
  }

  /**
   * Indexes of the key arguments: from the command's own key finder when it has one (SORT, as
   * Redis's getkeys_proc), else from the legacy (first, last, step) triple as Redis's
   * getKeysUsingLegacyRangeSpec does, or from the key specs for a command whose keys move; a
   * short argv yields no keys (the arity check reports it).
   */
  public int[] keyPositions(byte[][] argv) {
    if (keyFinder != null) {
      return argv.length < -arity || (arity > 0 && argv.length != arity) ? NO_KEYS
          : keyFinder.apply(argv);
    }
    if (flags.contains(CommandFlag.MOVABLEKEYS)) {
      return keysFromSpecs(argv);
    }
    if (firstKey == 0) {
      return NO_KEYS;
    }
    int argc = argv.length;
    int last = lastKey < 0 ? argc + lastKey : lastKey;
    if (last < firstKey || (lastKey >= 0 && last >= argc)) {
      return NO_KEYS;
    }
    int[] keys = new int[(last - firstKey) / keyStep + 1];
    int n = 0;
    for (int j = firstKey; j <= last; j += keyStep) {
      if (j >= argc) {
        return NO_KEYS;
      }
      keys[n++] = j;
    }
    return keys;
  }

  /**
   * Redis's getKeysUsingKeySpecs for a command whose keys move: every spec in order (a keyword
   * spec whose keyword is absent adds nothing); a spec that does not fit argv (a bad key count,
   * keys past the end) yields no keys at all, and the command itself reports the error.
   */
  private int[] keysFromSpecs(byte[][] argv) {
    int[] all = NO_KEYS;
    for (KeySpec k : keySpecs) {
      int[] p = k.positions(argv);
      if (p == null) {
        return NO_KEYS;
      }
      int[] joined = java.util.Arrays.copyOf(all, all.length + p.length);
      System.arraycopy(p, 0, joined, all.length, p.length);
      all = joined;
    }
    return all;
  }

  /** The syntax error Redis would give from the arguments alone, or null; arity not included. */
  public Reply validate(byte[][] argv) {
    if (validator == null) {
      return null;
    }
    try {
      validator.check(argv);
      return null;
    } catch (CommandError e) {
      return e.reply();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
