package io.mneme.engine.script;

import io.mneme.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiPredicate;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/** FUNCTION LOAD / DELETE / FLUSH / LIST / DUMP / RESTORE / STATS and FCALL, FCALL_RO. */
public final class FunctionCommands {
  /** A stand-in host for loading a library: its top-level code may not call commands. */
  private static final ScriptHost LOADER = new ScriptHost() {
    @Override
    public Reply call(byte[][] argv, boolean writesAllowed, boolean crossSlotAllowed) {
      return Reply.error("ERR redis.call is not available while a library loads");
    }

    @Override
    public long timeMs() {
      return 0;
    }

    @Override
    public long seed() {
      return 0;
    }

    @Override
    public boolean readOnly() {
      return false;
    }

    @Override
    public String formatDouble(double value) {
      return Double.toString(value);
    }
  };

  private final Scripts scripts;

  public FunctionCommands(Scripts scripts) {
    this.scripts = scripts;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static boolean is(byte[] b, String word) {
    return text(b).equalsIgnoreCase(word);
  }

  /** FUNCTION LOAD [REPLACE] code. */
  public Reply load(byte[][] argv) {
    boolean replace = false;
    int pos = 2;
    while (pos < argv.length - 1) {
      byte[] a = argv[pos++];
      if (!is(a, "replace")) {
        return Reply.error("ERR Unknown option given: " + text(a));
      }
      replace = true;
    }
    if (pos >= argv.length) {
      return Reply.error("ERR Function code is missing");
    }
    return load(argv[pos], replace);
  }

  /** Loads a library; its name on success. The library's code runs once, in a fresh sandbox. */
  Reply load(byte[] code, boolean replace) {
    Scripts.Library lib;
    try {
      lib = compileAndRegister(code);
    } catch (ScriptError e) {
      return Reply.error(e.getMessage());
    }
    Scripts.Library old = scripts.libraries.get(lib.name());
    if (old != null && !replace) {
      return Reply.error("ERR Library '" + lib.name() + "' already exists");
    }
    for (String f : lib.functions().keySet()) {
      Scripts.Library owner = scripts.functionOwners.get(f);
      if (owner != null && owner != old) {
        return Reply.error("ERR Function " + f + " already exists");
      }
    }
    if (old != null) {
      remove(old);
    }
    scripts.libraries.put(lib.name(), lib);
    lib.functions().keySet().forEach(f -> scripts.functionOwners.put(f, lib));
    return Reply.bulk(lib.name());
  }

  private void remove(Scripts.Library lib) {
    scripts.libraries.remove(lib.name());
    lib.functions().keySet().forEach(scripts.functionOwners::remove);
  }

  private Scripts.Library compileAndRegister(byte[] code) {
    Functions.Header h = Functions.header(code, true);
    byte[] source = code.clone();
    for (int i = 0; i < h.bodyStart(); i++) {
      source[i] = ' ';
    }
    org.luaj.vm2.Prototype proto;
    try {
      proto = scripts.compile(source, Scripts.USER_FUNCTION);
    } catch (LuaError e) {
      throw new ScriptError("ERR Error compiling function: " + Libraries.normalize(e.getMessage()));
    }
    Run run = register(LOADER, proto, true);
    if (run.registered.isEmpty()) {
      throw new ScriptError("ERR No functions registered");
    }
    return new Scripts.Library(h.name(), code, proto, new LinkedHashMap<>(run.registered));
  }

  /** Runs a library's top-level code in a new run; the run, with the functions it registered. */
  private Run register(ScriptHost host, org.luaj.vm2.Prototype proto, boolean writes) {
    Run run = new Run(host, writes, true, null, Scripts.INSTRUCTIONS_MAX);
    run.seal(null, null);
    try {
      run.closure(proto).call();
    } catch (LuaError e) {
      throw new ScriptError("ERR Error registering functions: " + run.failure(e, "")
          .replaceAll(" script: , on @user_function:\\d+\\.$", ""));
    } catch (RunMonitor.Stop e) {
      throw new ScriptError("ERR FUNCTION LOAD timeout");
    }
    return run;
  }

  /** FCALL and FCALL_RO (host.readOnly()). */
  public Reply fcall(ScriptHost host, byte[][] argv) {
    Scripts.Library lib = scripts.functionOwners.get(text(argv[1]));
    if (lib == null) {
      return Reply.error("ERR Function not found");
    }
    byte[][][] keysArgs;
    try {
      if (!text(argv[2]).matches("-?\\d+")) {
        return Reply.error("ERR Bad number of keys provided");
      }
      keysArgs = Scripts.keysAndArgs(argv);
    } catch (ScriptError e) {
      return Reply.error(e.getMessage());
    }
    Scripts.Function declared = lib.functions().get(text(argv[1]));
    boolean noWrites = declared.flags().contains("no-writes");
    if (host.readOnly() && !noWrites) {
      return Reply.error(Scripts.RO_WITH_WRITE_FLAG);
    }
    // The library's code runs again for each call, so no state a function keeps in its
    // upvalues outlives the call: replicas (and a read-only run on one of them) stay equal.
    Run run;
    try {
      run = register(host, lib.proto(), !host.readOnly() && !noWrites);
    } catch (ScriptError e) {
      return Reply.error(e.getMessage());
    }
    run.loading = false;
    run.crossSlotAllowed = declared.flags().contains("allow-cross-slot-keys");
    Scripts.Function f = run.registered.get(declared.name());
    LuaValue callback = f.callback();
    return scripts.execute(run, (org.luaj.vm2.LuaFunction) callback, LuaValue.varargsOf(
        Libraries.strings(keysArgs[0]), Libraries.strings(keysArgs[1])), f.name(), true);
  }

  /** FUNCTION DELETE library. */
  public Reply delete(byte[] name) {
    Scripts.Library lib = scripts.libraries.get(text(name));
    if (lib == null) {
      return Reply.error("ERR Library not found");
    }
    remove(lib);
    return Reply.OK;
  }

  /** FUNCTION FLUSH [ASYNC|SYNC]. */
  public Reply flush(byte[][] argv) {
    if (argv.length > 3 || (argv.length == 3 && !Scripts.isSyncOrAsync(argv[2]))) {
      return Reply.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
    }
    scripts.libraries.clear();
    scripts.functionOwners.clear();
    return Reply.OK;
  }

  /** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]; glob matches a pattern and a name. */
  public Reply list(byte[][] argv, BiPredicate<byte[], byte[]> glob) {
    boolean withCode = false;
    byte[] pattern = null;
    for (int i = 2; i < argv.length; i++) {
      if (is(argv[i], "withcode")) {
        withCode = true;
      } else if (is(argv[i], "libraryname")) {
        if (i + 1 >= argv.length) {
          return Reply.error("ERR library name argument was not given");
        }
        pattern = argv[++i];
      } else {
        return Reply.error("ERR Unknown argument " + text(argv[i]));
      }
    }
    List<Reply> out = new ArrayList<>();
    for (Scripts.Library lib : scripts.libraries.values()) {
      if (pattern == null || glob.test(pattern, lib.name().getBytes(StandardCharsets.UTF_8))) {
        out.add(describe(lib, withCode));
      }
    }
    return Reply.array(out.toArray(Reply[]::new));
  }

  private static Reply describe(Scripts.Library lib, boolean withCode) {
    List<Reply> functions = new ArrayList<>();
    for (Scripts.Function f : lib.functions().values()) {
      functions.add(new Reply.MapReply(new Reply[] {Reply.bulk("name"), Reply.bulk(f.name()),
          Reply.bulk("description"), f.description() == null ? Reply.NULL
              : Reply.bulk(f.description()),
          Reply.bulk("flags"), new Reply.SetReply(f.flags().stream().map(Reply.Simple::new)
              .toArray(Reply[]::new))}));
    }
    List<Reply> kv = new ArrayList<>(List.of(Reply.bulk("library_name"), Reply.bulk(lib.name()),
        Reply.bulk("engine"), Reply.bulk("LUA"), Reply.bulk("functions"),
        Reply.array(functions.toArray(Reply[]::new))));
    if (withCode) {
      kv.add(Reply.bulk("library_code"));
      kv.add(Reply.bulk(lib.code()));
    }
    return new Reply.MapReply(kv.toArray(Reply[]::new));
  }

  /** FUNCTION STATS: no script is ever seen running by a command (they run inside one). */
  public Reply stats() {
    Reply lua = new Reply.MapReply(new Reply[] {Reply.bulk("libraries_count"),
        Reply.integer(scripts.libraries.size()), Reply.bulk("functions_count"),
        Reply.integer(scripts.functionOwners.size())});
    return new Reply.MapReply(new Reply[] {Reply.bulk("running_script"), Reply.NULL,
        Reply.bulk("engines"), new Reply.MapReply(new Reply[] {Reply.bulk("LUA"), lua})});
  }

  /** FUNCTION DUMP: Redis's payload (RDB function records, RDB version, CRC64). */
  public Reply dump() {
    return Reply.bulk(FunctionDump.write(scripts.libraryCodes()));
  }

  /** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]. */
  public Reply restore(byte[][] argv) {
    String policy = argv.length > 3 ? text(argv[3]).toUpperCase(java.util.Locale.ROOT) : "APPEND";
    if (argv.length > 4 || !List.of("FLUSH", "APPEND", "REPLACE").contains(policy)) {
      return Reply.error("ERR Wrong restore policy given, value should be either FLUSH, APPEND"
          + " or REPLACE.");
    }
    List<byte[]> codes = FunctionDump.read(argv[2]);
    if (codes == null) {
      return Reply.error("ERR DUMP payload version or checksum are wrong");
    }
    // Check everything first: a restore applies whole or not at all.
    Scripts shadow = new Scripts();
    FunctionCommands staged = new FunctionCommands(shadow);
    for (byte[] code : codes) {
      Reply r = staged.load(code, false);
      if (r.isError()) {
        return r;
      }
    }
    if (policy.equals("APPEND")) {
      for (String lib : shadow.libraries.keySet()) {
        if (scripts.libraries.containsKey(lib)) {
          return Reply.error("ERR Library " + lib + " already exists");
        }
      }
      for (String f : shadow.functionOwners.keySet()) {
        if (scripts.functionOwners.containsKey(f)) {
          return Reply.error("ERR Function " + f + " already exists");
        }
      }
    }
    if (policy.equals("REPLACE")) {
      for (String f : shadow.functionOwners.keySet()) {
        Scripts.Library owner = scripts.functionOwners.get(f);
        if (owner != null && !shadow.libraries.containsKey(owner.name())) {
          return Reply.error("ERR Function " + f + " already exists");
        }
      }
    }
    return install(shadow, policy);
  }

  private Reply install(Scripts shadow, String policy) {
    if (policy.equals("FLUSH")) {
      scripts.libraries.clear();
      scripts.functionOwners.clear();
    }
    if (policy.equals("REPLACE")) {
      for (Scripts.Library lib : shadow.libraries.values()) {
        Scripts.Library old = scripts.libraries.get(lib.name());
        if (old != null) {
          remove(old);
        }
      }
    }
    for (Scripts.Library lib : shadow.libraries.values()) {
      scripts.libraries.put(lib.name(), lib);
      lib.functions().keySet().forEach(f -> scripts.functionOwners.put(f, lib));
    }
    return Reply.OK;
  }
}
