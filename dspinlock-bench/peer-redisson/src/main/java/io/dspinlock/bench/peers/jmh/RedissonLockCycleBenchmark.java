package io.dspinlock.bench.peers.jmh;

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
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * What does one uncontended Redisson RLock lock+unlock cost, in time and allocation? The twin of
 * {@code LockCycleBenchmark}, for the comparison of bytes per operation:
 *
 * <pre>
 * java -cp "dspinlock-bench/peer-redisson/target/classes:$(cat dspinlock-bench/peer-redisson/target/classpath.txt)" \
 *   org.openjdk.jmh.Main RedissonLockCycleBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RedissonLockCycleBenchmark {
  @Param("")
  public String uri;

  private RedisServer server;
  private RedissonClient redisson;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (uri.isEmpty()) {
      server = RedisServer.start();
      uri = server.uri();
    }
    Config config = new Config();
    config.useSingleServer().setAddress(uri.replaceAll("/0$", ""));
    redisson = Redisson.create(config);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    redisson.shutdown();
    if (server != null) {
      server.close();
    }
  }

  /** A lock object per use, lock and unlock. */
  @Benchmark
  public boolean lockUnlock() {
    RLock lock = redisson.getLock("jmh:redisson");
    lock.lock();
    try {
      return lock.isHeldByCurrentThread();
    } finally {
      lock.unlock();
    }
  }
}
