package io.mneme.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A {@link ReadOnlyTable} that is a luaj Globals: code compiled against it gets it as its
 * globals, and luaj calls the debug hooks (the run's {@link RunMonitor}) only for code whose
 * globals are a Globals. The globals of every run are one of these.
 */
final class ReadOnlyGlobals extends org.luaj.vm2.Globals {
  private boolean sealed;

  ReadOnlyGlobals seal() {
    sealed = true;
    return this;
  }

  private void check() {
    if (sealed) {
      throw new LuaError(ReadOnlyTable.MESSAGE);
    }
  }

  @Override
  public void rawset(int key, LuaValue value) {
    check();
    super.rawset(key, value);
  }

  @Override
  public void rawset(LuaValue key, LuaValue value) {
    check();
    super.rawset(key, value);
  }

  @Override
  public void hashset(LuaValue key, LuaValue value) {
    check();
    super.hashset(key, value);
  }

  @Override
  public LuaValue setmetatable(LuaValue metatable) {
    check();
    return super.setmetatable(metatable);
  }

  @Override
  public void insert(int pos, LuaValue value) {
    check();
    super.insert(pos, value);
  }

  @Override
  public LuaValue remove(int pos) {
    check();
    return super.remove(pos);
  }

  @Override
  public void sort(LuaValue comparator) {
    check();
    super.sort(comparator);
  }
}
