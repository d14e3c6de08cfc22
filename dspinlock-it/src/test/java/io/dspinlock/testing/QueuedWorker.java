package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/**
 * A worker JVM for the fairness tests: takes one fair lock once, with many tries, then appends
 * {@code "<id> <System.nanoTime()>"} to the list {@code <name>:order} (CLOCK_MONOTONIC, comparable
 * across processes on Linux), holds the lock for a while and releases it.
 *
 * <p>Arguments: redis URI, lock name, worker id, hold ms, sleep between tries ms. Counts an overlap
 * when {@code <name>:inside} is not 1 inside the lock. Its last line is {@code RESULT overlaps=N}.
 */
public final class QueuedWorker {
  private QueuedWorker() {}

  /**
   * Runs the worker.
   *
   * @param args URI, lock name, id, hold ms, sleep ms
   */
  public static void main(String[] args) throws Exception {
    String name = args[1];
    int overlaps = 0;
    try (RedisSession session = RedisConnections.create(args[0]);
        UnifiedJedis raw = RawClient.open(args[0])) {
      try (HashDSpinlock lock =
          HashDSpinlock.builder(name)
              .session(session)
              .maxSpinlockTries(10_000)
              .spinlockSleepThresh(Duration.ofMillis(Long.parseLong(args[4])))
              .build()
              .acquire()) {
        long at = System.nanoTime();
        if (raw.incr(name + ":inside") != 1) {
          overlaps++;
        }
        raw.rpush(name + ":order", args[2] + " " + at);
        Thread.sleep(Long.parseLong(args[3])); // the work done under the lock
        if (raw.decr(name + ":inside") != 0) {
          overlaps++;
        }
        if (!lock.isHeld()) {
          System.out.println("LOST while working");
        }
      }
    }
    System.out.println("RESULT overlaps=" + overlaps);
  }
}
