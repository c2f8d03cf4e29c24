package io.mneme.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one table of commands. Lookup by name is case-insensitive and allocation-free: an
 * open-addressing array indexed by a hash of the lowercased name bytes.
 */
public final class CommandTable {
  /** Slots per command in the lookup array, so probe chains stay short. */
  private static final int SLOTS_PER_COMMAND = 4;

  private final List<CommandSpec> all;
  private final CommandSpec[] slots;
  private final byte[][] slotNames;
  private final int mask;

  CommandTable(List<CommandSpec> specs) {
    this.all = Collections.unmodifiableList(new ArrayList<>(specs));
    int size = Integer.highestOneBit(Math.max(1, specs.size() * SLOTS_PER_COMMAND) - 1) << 1;
    this.slots = new CommandSpec[size];
    this.slotNames = new byte[size][];
    this.mask = size - 1;
    for (CommandSpec s : specs) {
      byte[] n = Parse.bytes(s.name());
      int i = hashLower(n) & mask;
      while (slots[i] != null) {
        i = (i + 1) & mask;
      }
      slots[i] = s;
      slotNames[i] = n;
    }
  }

  /** The default table with every command Mneme knows. */
  public static CommandTable standard() {
    return CommandDefs.TABLE;
  }

  /** The top-level command with this name in any case, or null. */
  public CommandSpec lookup(byte[] name) {
    int i = hashLower(name) & mask;
    while (slots[i] != null) {
      if (equalsLower(name, slotNames[i])) {
        return slots[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  public CommandSpec lookup(String name) {
    return lookup(Parse.bytes(name));
  }

  /**
   * The spec that runs argv: the command, or for a container (COMMAND, CLIENT...) given a
   * subcommand, that subcommand. Null when the command or the subcommand is unknown.
   */
  public CommandSpec resolve(byte[][] argv) {
    CommandSpec spec = argv.length == 0 ? null : lookup(argv[0]);
    if (spec == null || !spec.hasSubcommands() || argv.length < 2) {
      return spec;
    }
    return spec.subcommand(argv[1]);
  }

  /**
   * Everything the RESP layer must refuse before running or logging argv: unknown command or
   * subcommand, wrong arity, syntax errors. Null when argv may run.
   */
  public Reply reject(byte[][] argv) {
    Reply shape = rejectShape(argv);
    return shape != null ? shape : resolve(argv).validate(argv);
  }

  /** Unknown command or subcommand, or wrong arity; null when argv names a runnable spec. */
  Reply rejectShape(byte[][] argv) {
    CommandSpec spec = resolve(argv);
    if (spec == null) {
      CommandSpec top = argv.length == 0 ? null : lookup(argv[0]);
      if (top != null && top.hasSubcommands()) {
        return Reply.error(Errors.unknownSubcommand(Errors.str(argv[1]), top.name()));
      }
      return Reply.error(Errors.unknownCommand(argv));
    }
    if (!spec.checkArity(argv.length)) {
      return Reply.error(Errors.wrongArity(spec.name()));
    }
    return null;
  }

  /** Every top-level command, in declaration order. */
  public List<CommandSpec> all() {
    return all;
  }

  public int size() {
    return all.size();
  }

  private static int hashLower(byte[] b) {
    int h = 0x811c9dc5;
    for (byte x : b) {
      int c = x >= 'A' && x <= 'Z' ? x + ('a' - 'A') : x;
      h = (h ^ c) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  private static boolean equalsLower(byte[] given, byte[] lower) {
    if (given.length != lower.length) {
      return false;
    }
    for (int i = 0; i < given.length; i++) {
      int c = given[i] >= 'A' && given[i] <= 'Z' ? given[i] + ('a' - 'A') : given[i];
      if (c != lower[i]) {
        return false;
      }
    }
    return true;
  }
}
