package io.mneme.engine.script;

import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's math library on StrictMath, whose results are the same on every JVM and CPU (Math
 * may differ by an ulp), and math.random drawn from the seed of the command that runs the
 * script, so replicas draw the same numbers.
 */
final class LuaMath {
  private LuaMath() {}

  static LuaTable create(long seed) {
    LuaTable m = new ReadOnlyTable();
    unary(m, "abs", Math::abs);
    unary(m, "acos", StrictMath::acos);
    unary(m, "asin", StrictMath::asin);
    unary(m, "atan", StrictMath::atan);
    binary(m, "atan2", StrictMath::atan2);
    unary(m, "ceil", StrictMath::ceil);
    unary(m, "cos", StrictMath::cos);
    unary(m, "cosh", StrictMath::cosh);
    unary(m, "deg", StrictMath::toDegrees);
    unary(m, "exp", StrictMath::exp);
    unary(m, "floor", StrictMath::floor);
    binary(m, "fmod", (a, b) -> a % b);
    binary(m, "mod", (a, b) -> a % b);
    binary(m, "ldexp", (a, b) -> a * StrictMath.pow(2, b));
    unary(m, "log", StrictMath::log);
    unary(m, "log10", StrictMath::log10);
    binary(m, "pow", StrictMath::pow);
    unary(m, "rad", StrictMath::toRadians);
    unary(m, "sin", StrictMath::sin);
    unary(m, "sinh", StrictMath::sinh);
    unary(m, "sqrt", StrictMath::sqrt);
    unary(m, "tan", StrictMath::tan);
    unary(m, "tanh", StrictMath::tanh);
    m.rawset("huge", LuaValue.valueOf(Double.POSITIVE_INFINITY));
    m.rawset("pi", LuaValue.valueOf(Math.PI));
    m.rawset("max", extreme(true));
    m.rawset("min", extreme(false));
    m.rawset("frexp", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        double x = args.checkdouble(1);
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
          return varargsOf(valueOf(x), valueOf(0));
        }
        int e = StrictMath.getExponent(x) + 1;
        double f = x / StrictMath.pow(2, e);
        if (Math.abs(f) < 0.5) { // subnormal numbers
          return varargsOf(valueOf(f * 2), valueOf(e - 1));
        }
        return varargsOf(valueOf(f), valueOf(e));
      }
    });
    m.rawset("modf", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        double x = args.checkdouble(1);
        double i = x > 0 ? StrictMath.floor(x) : StrictMath.ceil(x);
        return varargsOf(valueOf(i), valueOf(Double.isInfinite(x) ? 0 : x - i));
      }
    });
    random(m, seed);
    return m;
  }

  private static void random(LuaTable m, long seed) {
    SplittableRandom[] rng = {new SplittableRandom(seed)};
    m.rawset("random", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        double r = rng[0].nextDouble();
        switch (args.narg()) {
          case 0:
            return valueOf(r);
          case 1: {
            int u = args.checkint(1);
            if (u < 1) {
              throw new LuaError("bad argument #1 to 'random' (interval is empty)");
            }
            return valueOf((int) StrictMath.floor(r * u) + 1);
          }
          default: {
            int l = args.checkint(1);
            int u = args.checkint(2);
            if (l > u) {
              throw new LuaError("bad argument #2 to 'random' (interval is empty)");
            }
            return valueOf((int) StrictMath.floor(r * (u - l + 1)) + l);
          }
        }
      }
    });
    m.rawset("randomseed", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue s) {
        rng[0] = new SplittableRandom(Double.doubleToLongBits(s.checkdouble()));
        return NONE;
      }
    });
  }

  private static void unary(LuaTable m, String name, DoubleUnaryOperator f) {
    m.rawset(name, new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue x) {
        return valueOf(f.applyAsDouble(x.checkdouble()));
      }
    });
  }

  private static void binary(LuaTable m, String name, DoubleBinaryOperator f) {
    m.rawset(name, new TwoArgFunction() {
      @Override
      public LuaValue call(LuaValue x, LuaValue y) {
        return valueOf(f.applyAsDouble(x.checkdouble(), y.checkdouble()));
      }
    });
  }

  private static LuaValue extreme(boolean max) {
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        double best = args.checkdouble(1);
        for (int i = 2; i <= args.narg(); i++) {
          double v = args.checkdouble(i);
          best = max ? Math.max(best, v) : Math.min(best, v);
        }
        return valueOf(best);
      }
    };
  }
}
