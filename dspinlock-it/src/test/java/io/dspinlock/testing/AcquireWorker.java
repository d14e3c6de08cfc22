package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import io.dspinlock.RedisUnavailableException;

/**
 * A waiter JVM: acquires a lock as a service would, trying again while Redis does not answer, then
 * prints {@code HOLDING token=N} and releases.
 *
 * <p>Arguments: redis URI, lock name.
 */
public final class AcquireWorker {
  private AcquireWorker() {}

  /**
   * Runs the waiter.
   *
   * @param args URI, lock name
   */
  public static void main(String[] args) {
    try (RedisSession session = RedisConnections.create(args[0])) {
      System.out.println("WAITING");
      for (int attempt = 1; attempt <= 100; attempt++) {
        try (HashDSpinlock lock = new HashDSpinlock(args[1], session).acquire()) {
          System.out.println("HOLDING token=" + lock.fencingToken());
          return;
        } catch (RedisUnavailableException paused) {
          System.out.println("UNAVAILABLE " + paused.getMessage());
        }
      }
    }
  }
}
