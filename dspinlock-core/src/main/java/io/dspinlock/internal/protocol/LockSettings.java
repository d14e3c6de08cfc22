package io.dspinlock.internal.protocol;

import io.dspinlock.internal.scripts.LockCalls;
import io.dspinlock.internal.util.Checks;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What one lock object is: its key, its tag and its tunables, checked, with its script calls
 * encoded. Immutable; made on the lock object's first use, since subclasses may override the
 * tunables.
 *
 * @param key the lock key
 * @param tag the lock object's tag, {@code <uuid>,<timestamp>}
 * @param maxTries attempts per acquisition, at least 1
 * @param sleepNanos the longest wait between attempts
 * @param leaseMillis the time to live of a held key on the server, at most {@code maxBlockMillis}
 * @param maxBlockMillis the longest time a holder may block the key
 * @param computedMillis the time to live of the COMPUTED value after release
 * @param failIfKeyExists whether an attempt fails at once when the key exists
 * @param cachedIfComputed whether an attempt returns without holding when the key is COMPUTED
 * @param replicas replicas that must confirm each acquisition and renewal; 0 for none
 * @param replicaTimeoutMillis how long to wait for them
 * @param grantMillis how long a grant from the server queue waits to be taken up; 0 if unfair
 * @param calls the encoded script calls
 */
public record LockSettings(
    String key,
    String tag,
    int maxTries,
    long sleepNanos,
    long leaseMillis,
    long maxBlockMillis,
    long computedMillis,
    boolean failIfKeyExists,
    boolean cachedIfComputed,
    int replicas,
    long replicaTimeoutMillis,
    long grantMillis,
    LockCalls calls) {
  /** The longest a grant waits to be taken up: far below a lease, far above a round trip. */
  static final long GRANT_MILLIS = 1000;

  /** The shortest life of a queue entry past its waiter's latest attempt. */
  static final long MIN_ENTRY_MILLIS = 1000;

  /**
   * Checks the values a lock object's methods return; a value out of range is a fault of the
   * subclass that overrides the method, so the message names the method.
   *
   * @param fair whether to queue on the server; a lock that fails if the key exists, takes the
   *     cached path or waits for replicas never does
   * @param session the lock's session, asked for once the values are checked
   * @return the settings
   * @throws IllegalStateException naming the first method whose value is out of range
   */
  public static LockSettings of(
      String key,
      String tag,
      int maxTries,
      Duration sleep,
      Duration lease,
      Duration maxBlock,
      Duration computed,
      boolean failIfKeyExists,
      boolean cachedIfComputed,
      int replicas,
      Duration replicaTimeout,
      boolean fair,
      Supplier<SessionCore> session) {
    try {
      Checks.atLeast(maxTries, 1, "maxSpinlockTries()");
      long maxBlockMillis = Checks.positive(maxBlock, "maxBlockTime()").toMillis();
      long leaseMillis = Math.min(Checks.positive(lease, "leaseTime()").toMillis(), maxBlockMillis);
      long computedMillis = Checks.positive(computed, "expireAtTimedelta()").toMillis();
      if (!isTwoFields(tag)) {
        throw new IllegalStateException(
            "getTag() must return two non-empty fields joined by one comma, was " + tag);
      }
      long sleepNanos = Checks.positive(sleep, "spinlockSleepThresh()").toNanos();
      boolean queued = fair && !failIfKeyExists && !cachedIfComputed && replicas == 0;
      long grantMillis = queued ? Math.min(leaseMillis, GRANT_MILLIS) : 0;
      LockCalls.Fairness fairness = null;
      if (queued) {
        // An entry is refreshed by every attempt, at least once a sleep: it outlives three.
        long sleepMillis = sleepNanos / 1_000_000;
        long entryMillis =
            Math.max(MIN_ENTRY_MILLIS, Math.min(Checks.MAX_STORED.toMillis(), 3 * sleepMillis));
        fairness = session.get().fairness(entryMillis, grantMillis);
      }
      return new LockSettings(
          key,
          tag,
          maxTries,
          sleepNanos,
          leaseMillis,
          maxBlockMillis,
          computedMillis,
          failIfKeyExists,
          cachedIfComputed,
          replicas,
          replicaTimeout.toMillis(),
          grantMillis,
          LockCalls.of(
              key,
              tag,
              leaseMillis,
              maxBlockMillis,
              computedMillis,
              failIfKeyExists,
              cachedIfComputed,
              fairness));
    } catch (IllegalArgumentException | NullPointerException outOfRange) {
      throw new IllegalStateException(outOfRange.getMessage(), outOfRange);
    }
  }

  /** {@return whether the lock queues on the server} */
  public boolean fair() {
    return grantMillis > 0;
  }

  private static boolean isTwoFields(String tag) {
    if (tag == null) {
      return false;
    }
    int comma = tag.indexOf(',');
    if (comma <= 0 || comma == tag.length() - 1 || tag.indexOf(',', comma + 1) >= 0) {
      return false;
    }
    for (int i = 0; i < tag.length(); i++) {
      if (Character.isWhitespace(tag.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
