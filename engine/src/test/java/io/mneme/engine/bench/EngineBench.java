package io.mneme.engine.bench;

import io.mneme.engine.Engine;
import io.mneme.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's hot paths, one command per call, as the state machine applies them: writes
 * through {@link Engine#write}, reads through {@link Engine#read}, on a keyspace of
 * {@link #KEYS} keys per type. Run with deploy/bench/jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBench {
  static final int KEYS = 100_000;
  /** Members per collection key, and the cap that keeps lists and streams from growing. */
  static final int MEMBERS = 16;

  private Engine engine;
  private byte[][] strings;
  private byte[][] hashes;
  private byte[][] zsets;
  private byte[][] lists;
  private byte[][] streams;
  private byte[][] fields;
  private final byte[] value = bytes("0123456789abcdef");
  private long time = 1_700_000_000_000L;
  private int next;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[][] names(String prefix, int n) {
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      out[i] = bytes(prefix + i);
    }
    return out;
  }

  @Setup(Level.Trial)
  public void load() {
    engine = new Engine();
    strings = names("str:", KEYS);
    hashes = names("hash:", KEYS);
    zsets = names("zset:", KEYS);
    lists = names("list:", KEYS);
    streams = names("stream:", KEYS / 100);
    fields = names("f", MEMBERS);
    for (int i = 0; i < KEYS; i++) {
      write("SET", strings[i], value);
      for (int m = 0; m < MEMBERS; m++) {
        write("HSET", hashes[i], fields[m], value);
        write("ZADD", zsets[i], bytes(Integer.toString(m)), fields[m]);
        write("RPUSH", lists[i], value);
      }
    }
  }

  private Reply write(String cmd, byte[]... args) {
    byte[][] argv = new byte[args.length + 1][];
    argv[0] = bytes(cmd);
    System.arraycopy(args, 0, argv, 1, args.length);
    return engine.write(argv, ++time, time);
  }

  private Reply read(String cmd, byte[]... args) {
    byte[][] argv = new byte[args.length + 1][];
    argv[0] = bytes(cmd);
    System.arraycopy(args, 0, argv, 1, args.length);
    return engine.read(argv, time);
  }

  private int nextKey() {
    next = (next + 7919) % KEYS;
    return next;
  }

  @Benchmark
  public Reply get() {
    return read("GET", strings[nextKey()]);
  }

  @Benchmark
  public Reply set() {
    return write("SET", strings[nextKey()], value);
  }

  @Benchmark
  public Reply incr() {
    return write("INCR", bytes("counter:" + (nextKey() & 1023)));
  }

  @Benchmark
  public Reply hset() {
    return write("HSET", hashes[nextKey()], fields[next & (MEMBERS - 1)], value);
  }

  @Benchmark
  public Reply hget() {
    return read("HGET", hashes[nextKey()], fields[next & (MEMBERS - 1)]);
  }

  @Benchmark
  public Reply zadd() {
    return write("ZADD", zsets[nextKey()], bytes(Integer.toString(next & 1023)),
        fields[next & (MEMBERS - 1)]);
  }

  @Benchmark
  public Reply zrange() {
    return read("ZRANGE", zsets[nextKey()], bytes("0"), bytes("-1"), bytes("WITHSCORES"));
  }

  /** LPUSH then LPOP, so the lists keep their length. */
  @Benchmark
  public Reply lpushLpop() {
    byte[] key = lists[nextKey()];
    write("LPUSH", key, value);
    return write("LPOP", key);
  }

  @Benchmark
  public Reply xadd() {
    return write("XADD", streams[nextKey() % streams.length], bytes("MAXLEN"), bytes("~"),
        bytes("1000"), bytes("*"), fields[0], value);
  }
}
