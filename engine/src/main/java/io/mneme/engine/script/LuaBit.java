package io.mneme.engine.script;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** LuaBitOp's "bit" library as Redis ships it: 32-bit operations with signed results. */
final class LuaBit {
  private LuaBit() {}

  private interface Op {
    int apply(Varargs args);
  }

  static LuaTable create() {
    LuaTable b = new ReadOnlyTable();
    put(b, "tobit", a -> bit(a, 1));
    put(b, "bnot", a -> ~bit(a, 1));
    put(b, "band", a -> fold(a, 0));
    put(b, "bor", a -> fold(a, 1));
    put(b, "bxor", a -> fold(a, 2));
    put(b, "lshift", a -> bit(a, 1) << (bit(a, 2) & 31));
    put(b, "rshift", a -> bit(a, 1) >>> (bit(a, 2) & 31));
    put(b, "arshift", a -> bit(a, 1) >> (bit(a, 2) & 31));
    put(b, "rol", a -> Integer.rotateLeft(bit(a, 1), bit(a, 2) & 31));
    put(b, "ror", a -> Integer.rotateRight(bit(a, 1), bit(a, 2) & 31));
    put(b, "bswap", a -> Integer.reverseBytes(bit(a, 1)));
    b.rawset("tohex", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        int x = bit(args, 1);
        int n = args.isnoneornil(2) ? 8 : bit(args, 2);
        boolean upper = n < 0;
        n = Math.min(Math.abs(n), 8);
        String hex = String.format(upper ? "%08X" : "%08x", x);
        return valueOf(hex.substring(8 - n));
      }
    });
    return b;
  }

  /** LuaBitOp's normalisation: the number modulo 2^32, as a signed 32-bit integer. */
  private static int bit(Varargs args, int i) {
    double d = args.checkdouble(i);
    return (int) (long) (d % 4294967296.0);
  }

  private static int fold(Varargs args, int op) {
    int acc = bit(args, 1);
    for (int i = 2; i <= args.narg(); i++) {
      int v = bit(args, i);
      acc = op == 0 ? acc & v : op == 1 ? acc | v : acc ^ v;
    }
    return acc;
  }

  private static void put(LuaTable t, String name, Op op) {
    t.rawset(name, new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.valueOf(op.apply(args));
      }
    });
  }
}
