package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.UnifiedJedis;

/**
 * A worker JVM for multi-process tests: takes one lock {@code iterations} times around a
 * read-pause-write of a counter kept in another key, and reports what it saw.
 *
 * <p>Arguments: redis URI, lock name, iterations, worker id. It waits at a start gate (a Redis list
 * the test pushes to) so that all workers begin together. Its last line is {@code RESULT acquired=N
 * overlaps=N stale_tokens=N failures=N}.
 */
public final class LockWorker {
  private LockWorker() {}

  /**
   * Runs the worker.
   *
   * @param args URI, lock name, iterations, worker id
   */
  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String name = args[1];
    int iterations = Integer.parseInt(args[2]);
    String id = args[3];
    int acquired = 0;
    int overlaps = 0;
    int staleTokens = 0;
    int failures = 0;
    try (RedisSession session = RedisConnections.create(uri);
        UnifiedJedis raw = RawClient.open(uri)) {
      JvmProcess.waitAtGate(raw, name, id);
      LockOptions options = LockOptions.builder().session(session).build();
      for (int i = 0; i < iterations; i++) {
        try (HashDSpinlock lock =
            HashDSpinlock.builder(name)
                .options(options)
                .maxSpinlockTries(100_000)
                .spinlockSleepThresh(Duration.ofMillis(20))
                .build()
                .acquire()) {
          acquired++;
          if (raw.incr(name + ":inside") != 1) {
            overlaps++;
          }
          long lastToken = Long.parseLong(orZero(raw.get(name + ":last-token")));
          if (lock.fencingToken() <= lastToken) {
            staleTokens++;
          }
          raw.set(name + ":last-token", Long.toString(lock.fencingToken()));
          long read = Long.parseLong(orZero(raw.get(name + ":counter")));
          Thread.sleep(1); // the window in which a second holder would lose an update
          raw.set(name + ":counter", Long.toString(read + 1));
          raw.decr(name + ":inside");
        } catch (RuntimeException e) {
          failures++;
          System.out.println("FAILURE " + e);
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(2)); // let others in now and then
      }
    }
    System.out.println(
        "RESULT acquired="
            + acquired
            + " overlaps="
            + overlaps
            + " stale_tokens="
            + staleTokens
            + " failures="
            + failures);
  }

  private static String orZero(String value) {
    return value == null ? "0" : value;
  }
}
