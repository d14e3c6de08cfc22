package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import io.dspinlock.SpinlockTriesExceededException;
import redis.clients.jedis.UnifiedJedis;

/**
 * A worker JVM that takes one lock with the default tries, again and again until a deadline, around
 * a critical section of a few milliseconds, and counts what failed.
 *
 * <p>Arguments: redis URI, lock name, seconds, critical section ms, worker id. Waits at the start
 * gate {@code <name>:gate} after pushing its id to {@code <name>:ready}. Its last line is {@code
 * RESULT acquired=N tries_exceeded=N overlaps=N}; the first tries-exceeded message is printed.
 */
public final class ContentionWorker {
  private ContentionWorker() {}

  /**
   * Runs the worker.
   *
   * @param args URI, lock name, seconds, critical section ms, id
   */
  public static void main(String[] args) throws Exception {
    String name = args[1];
    long seconds = Long.parseLong(args[2]);
    long sectionMillis = Long.parseLong(args[3]);
    int acquired = 0;
    int exceeded = 0;
    int overlaps = 0;
    try (RedisSession session = RedisConnections.create(args[0]);
        UnifiedJedis raw = RawClient.open(args[0])) {
      JvmProcess.waitAtGate(raw, name, args[4]);
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() - end < 0) {
        try (HashDSpinlock lock = HashDSpinlock.builder(name).session(session).build().acquire()) {
          acquired++;
          if (raw.incr(name + ":inside") != 1) {
            overlaps++;
          }
          Thread.sleep(sectionMillis);
          raw.decr(name + ":inside");
        } catch (SpinlockTriesExceededException e) {
          if (exceeded++ == 0) {
            System.out.println("EXCEEDED " + e.getMessage());
          }
        }
      }
    }
    System.out.println(
        "RESULT acquired=" + acquired + " tries_exceeded=" + exceeded + " overlaps=" + overlaps);
  }
}
