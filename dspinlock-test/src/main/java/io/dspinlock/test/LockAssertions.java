package io.dspinlock.test;

import io.dspinlock.DSpinlockBase;
import io.dspinlock.LockInfo;
import io.dspinlock.RedisSession;

/**
 * Assertions on locks, checked against what Redis holds; each throws an {@link AssertionError} that
 * says what it found.
 *
 * <pre>{@code
 * try (HashDSpinlock lock = redis.lock("report").build().acquire()) {
 *   LockAssertions.assertHeld(redis.session(), lock);
 * }
 * LockAssertions.assertFree(redis.session(), new HashDSpinlock("report").getKey());
 * }</pre>
 */
public final class LockAssertions {
  private LockAssertions() {}

  /**
   * Asserts that a lock object holds its lock: it says so, and its key is BLOCKED on the server
   * with the fencing token of its acquisition.
   *
   * @param session a session to the lock's server
   * @param lock the lock object
   * @throws AssertionError if it does not hold the lock
   */
  public static void assertHeld(RedisSession session, DSpinlockBase lock) {
    if (!lock.isHeld()) {
      throw new AssertionError(lock + " is not held");
    }
    LockInfo info = session.inspect(lock.getKey());
    if (info.status() != LockInfo.Status.BLOCKED
        || info.fencingToken().isEmpty()
        || info.fencingToken().getAsLong() != lock.fencingToken()) {
      throw new AssertionError(
          lock
              + " believes it holds the lock, but Redis has "
              + info
              + "; its token is "
              + lock.fencingToken());
    }
  }

  /**
   * Asserts that nobody holds a lock key: it is absent, or COMPUTED.
   *
   * @param session a session to the lock's server
   * @param key the lock key, e.g. {@code new HashDSpinlock("report").getKey()}
   * @throws AssertionError if the key is BLOCKED, or holds something that is not a lock
   */
  public static void assertFree(RedisSession session, String key) {
    LockInfo info = session.inspect(key);
    if (info.status() != LockInfo.Status.FREE && info.status() != LockInfo.Status.COMPUTED) {
      throw new AssertionError(key + " is not free: " + info);
    }
  }
}
