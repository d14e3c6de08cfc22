package io.dspinlock.internal.protocol;

import io.dspinlock.internal.scripts.LockCalls;
import io.dspinlock.internal.util.Checks;
import java.time.Duration;

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
    LockCalls calls) {

  /**
   * Checks the values a lock object's methods return; a value out of range is a fault of the
   * subclass that overrides the method, so the message names the method.
   *
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
      Duration replicaTimeout) {
    try {
      Checks.atLeast(maxTries, 1, "maxSpinlockTries()");
      long maxBlockMillis = Checks.positive(maxBlock, "maxBlockTime()").toMillis();
      long leaseMillis = Math.min(Checks.positive(lease, "leaseTime()").toMillis(), maxBlockMillis);
      long computedMillis = Checks.positive(computed, "expireAtTimedelta()").toMillis();
      if (!isTwoFields(tag)) {
        throw new IllegalStateException(
            "getTag() must return two non-empty fields joined by one comma, was " + tag);
      }
      return new LockSettings(
          key,
          tag,
          maxTries,
          Checks.positive(sleep, "spinlockSleepThresh()").toNanos(),
          leaseMillis,
          maxBlockMillis,
          computedMillis,
          failIfKeyExists,
          cachedIfComputed,
          replicas,
          replicaTimeout.toMillis(),
          LockCalls.of(
              key,
              tag,
              leaseMillis,
              maxBlockMillis,
              computedMillis,
              failIfKeyExists,
              cachedIfComputed));
    } catch (IllegalArgumentException | NullPointerException outOfRange) {
      throw new IllegalStateException(outOfRange.getMessage(), outOfRange);
    }
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
