package io.dspinlock.bench.jmh;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import io.dspinlock.test.RedisServer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * What does one uncontended lock+unlock cost, in time and in allocation, next to one raw SET on the
 * same server? Run with the GC profiler for bytes per operation:
 *
 * <pre>
 * java -cp "dspinlock-bench/target/classes:$(cat dspinlock-bench/target/classpath.txt)" \
 *   org.openjdk.jmh.Main LockCycleBenchmark -prof gc
 * </pre>
 *
 * Uses {@code -p uri=redis://…} when given, else starts an embedded redis-server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LockCycleBenchmark {
  @Param("")
  public String uri;

  private RedisServer server;
  private RedisSession session;
  private RedisClient raw;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (uri.isEmpty()) {
      server = RedisServer.start();
      uri = server.uri();
    }
    session = RedisConnections.create(uri);
    raw = RedisClient.create(uri);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
    raw.close();
    if (server != null) {
      server.close();
    }
  }

  /** A lock object per use, as the README shows: the full cost a caller pays. */
  @Benchmark
  public boolean lockUnlock() {
    try (HashDSpinlock lock = new HashDSpinlock("jmh:lock", session).acquire()) {
      return lock.isHeld();
    }
  }

  /** One round trip with the same client library: the unit of the ratios. */
  @Benchmark
  public String rawSet() {
    return raw.set("jmh:raw", "v");
  }
}
