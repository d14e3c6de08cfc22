package io.dspinlock.bench.jmh;

import io.dspinlock.HashDSpinlock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does making a lock object and computing its key cost, without Redis? The client-side part of
 * every lock cycle.
 *
 * <pre>
 * java -cp "dspinlock-bench/target/classes:$(cat dspinlock-bench/target/classpath.txt)" \
 *   org.openjdk.jmh.Main LockObjectBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LockObjectBenchmark {

  @Benchmark
  public String newLockAndKey() {
    return new HashDSpinlock("jmh:object").getKey();
  }
}
