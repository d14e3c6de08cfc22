package io.dspinlock.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mutual-exclusion fuzzer (after ShedLock's {@code FuzzTester}): threads increment a plain
 * {@code int} under the lock, with a pause between read and write that invites a lost update, and
 * count the times they found someone else inside.
 */
public final class MutexFuzzer {
  private int counter; // deliberately not atomic: only the lock protects it
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();

  /** A lock for one critical section: acquire on get, release on close. */
  @FunctionalInterface
  public interface LockFactory {
    /**
     * Acquires a lock.
     *
     * @return the held lock
     */
    AutoCloseable acquire() throws Exception;
  }

  /**
   * Runs the fuzzer.
   *
   * @param threads how many threads at once
   * @param iterations increments per thread
   * @param lock acquires the lock under test
   * @param pause what to do between read and write
   * @param timeout the longest the run may take
   * @return the result
   */
  public Result run(int threads, int iterations, LockFactory lock, Runnable pause, Duration timeout)
      throws InterruptedException {
    List<StartGate.Outcome<Integer>> outcomes =
        StartGate.run(
            threads,
            timeout,
            i -> {
              for (int n = 0; n < iterations; n++) {
                try (AutoCloseable held = lock.acquire()) {
                  if (inside.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                  }
                  int read = counter;
                  pause.run();
                  counter = read + 1;
                  inside.decrementAndGet();
                }
              }
              return iterations;
            });
    long failed = outcomes.stream().filter(o -> !o.succeeded()).count();
    Throwable first =
        outcomes.stream()
            .map(StartGate.Outcome::failure)
            .filter(f -> f != null)
            .findFirst()
            .orElse(null);
    return new Result(threads * iterations, counter, overlaps.get(), failed, first);
  }

  /**
   * What a fuzzer run saw.
   *
   * @param expected increments attempted
   * @param counted the counter's final value
   * @param overlaps times a thread found another inside
   * @param failedThreads threads that threw
   * @param firstFailure the first thing a thread threw, or null
   */
  public record Result(
      int expected, int counted, int overlaps, long failedThreads, Throwable firstFailure) {}

  /**
   * A pause of about one millisecond, the window in which a lost update would happen.
   *
   * @return the pause
   */
  public static Runnable oneMillisecond() {
    return () -> {
      try {
        Thread.sleep(1); // the work inside the critical section, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
