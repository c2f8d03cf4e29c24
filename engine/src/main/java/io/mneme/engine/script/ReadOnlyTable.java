package io.mneme.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A table scripts may read but not change, as Redis 7.0 protects the globals and the libraries:
 * any write raises "Attempt to modify a readonly table". Filled before {@link #seal}.
 */
final class ReadOnlyTable extends LuaTable {
  static final String MESSAGE = "Attempt to modify a readonly table";
  private boolean sealed;

  ReadOnlyTable seal() {
    sealed = true;
    return this;
  }

  private void check() {
    if (sealed) {
      throw new LuaError(MESSAGE);
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
