package io.dspinlock;

import java.time.Duration;

/**
 * Told what the locks of a session do, for metrics and logs ({@link RedisSession#addObserver}); the
 * {@code dspinlock-micrometer} module binds one to a {@code MeterRegistry}. Each method has an
 * empty default, so an observer overrides only what it needs.
 *
 * <p>Methods are called on the thread where the event happened (a caller of {@code acquire()}, a
 * renewal thread), after the lock's state has changed: they must be quick, and what they throw is
 * logged and dropped. With no observer registered the locks pay nothing but one field read.
 *
 * <p>{@code lockName} is the lock's bounded name ({@link LockOptionsBuilder#name}), fit for a
 * metric tag; {@code key} is its Redis key, one per locked value, which is not.
 */
public interface LockObserver {

  /** How an acquisition ended. */
  enum Outcome {
    /** The lock is held. */
    ACQUIRED,
    /** The key was COMPUTED and {@code cachedIfComputed} is set: returned without holding. */
    CACHED,
    /** Every try found the key held by someone else ({@link SpinlockTriesExceededException}). */
    TRIES_EXCEEDED,
    /**
     * The key existed and {@code failIfKeyExists} is set ({@link
     * FailIfKeyExistsIsEnabledException}).
     */
    FAIL_IF_EXISTS,
    /** A {@code tryAcquire} or {@code tryLock} wait ran out: it returned false. */
    TIMEOUT,
    /** Any other failure: Redis unreachable or refusing, a foreign value, an interrupt. */
    ERROR
  }

  /**
   * An acquisition ended, however it ended: {@code acquire()}, {@code tryAcquire}, {@code
   * acquireAsync()} or the {@code Lock} view. A re-entrant acquisition of a lock already held is
   * not reported.
   *
   * @param lockName the lock's bounded name
   * @param key its Redis key
   * @param outcome how it ended
   * @param tries the tries spent, a try being one interval of {@code spinlockSleepThresh()}: 1 when
   *     the first attempt decided; 0 when it failed for another reason than the key's state
   * @param waited from the call to its end
   */
  default void acquisition(
      String lockName, String key, Outcome outcome, int tries, Duration waited) {}

  /**
   * A hold ended with {@code close()}: the lock was released, or handed to the next waiter; or
   * Redis did not take the release, which then goes on in the background ({@code close()} threw).
   *
   * @param lockName the lock's bounded name
   * @param key its Redis key
   * @param held from its acquisition to its release
   */
  default void released(String lockName, String key, Duration held) {}

  /**
   * A renewal of a held lock's lease failed, Redis did not answer; it is tried again while the
   * lease lasts.
   *
   * @param lockName the lock's bounded name
   * @param key its Redis key
   * @param reason what went wrong
   */
  default void renewalFailed(String lockName, String key, String reason) {}

  /**
   * A held lock was lost: its key expired, was evicted or deleted, or taken by another holder; or
   * its lease ran out while Redis did not answer.
   *
   * @param lockName the lock's bounded name
   * @param key its Redis key
   * @param reason why, in words
   */
  default void lost(String lockName, String key, String reason) {}
}
