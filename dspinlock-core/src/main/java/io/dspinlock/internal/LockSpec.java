package io.dspinlock.internal;

import java.time.Duration;
import java.util.List;

/**
 * Everything the engine needs to know of one lock: its keys, its tag and its tunables, checked.
 *
 * @param key the lock key
 * @param tag the lock object's tag, {@code <uuid>,<timestamp>}
 * @param maxTries attempts per acquisition, at least 1
 * @param sleepNanos longest wait between attempts
 * @param leaseMillis time to live of a held key on the server
 * @param maxBlockMillis longest time a holder may block the key
 * @param computedMillis time to live of the COMPUTED value after release
 * @param failIfKeyExists fail at once when the key exists
 * @param cachedIfComputed return without holding when the key is COMPUTED
 */
public record LockSpec(
    String key,
    String tag,
    int maxTries,
    long sleepNanos,
    long leaseMillis,
    long maxBlockMillis,
    long computedMillis,
    boolean failIfKeyExists,
    boolean cachedIfComputed) {

  /**
   * Checks the tunables of a lock; the messages name the method a subclass overrides.
   *
   * @return the spec
   * @throws IllegalStateException naming the first tunable out of range
   */
  public static LockSpec of(
      String key,
      String tag,
      int maxTries,
      Duration sleep,
      Duration lease,
      Duration maxBlock,
      Duration computed,
      boolean failIfKeyExists,
      boolean cachedIfComputed) {
    if (maxTries < 1) {
      throw new IllegalStateException("maxSpinlockTries() must be at least 1, was " + maxTries);
    }
    millis(sleep, "spinlockSleepThresh()");
    long maxBlockMillis = millis(maxBlock, "maxBlockTime()");
    return new LockSpec(
        key,
        checkTag(tag),
        maxTries,
        sleep.toNanos(),
        Math.min(millis(lease, "leaseTime()"), maxBlockMillis),
        maxBlockMillis,
        millis(computed, "expireAtTimedelta()"),
        failIfKeyExists,
        cachedIfComputed);
  }

  private static long millis(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalStateException(name + " must be a positive duration, was " + d);
    }
    if (d.toMillis() < 1) {
      throw new IllegalStateException(name + " must be at least 1 ms, was " + d);
    }
    return d.toMillis();
  }

  private static String checkTag(String tag) {
    if (!isTwoFields(tag)) {
      throw new IllegalStateException(
          "getTag() must return two non-empty fields joined by one comma, was " + tag);
    }
    return tag;
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

  /**
   * Returns the keys of the acquire script: the lock key and its fencing counter.
   *
   * @return two keys in one hash slot
   */
  public List<String> acquireKeys() {
    return List.of(key, LockKeys.fence(key));
  }
}
