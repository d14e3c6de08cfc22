package io.dspinlock.cli;

import io.dspinlock.DSpinlockBase;
import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;

/** The lock of the command line: on a value, or on a raw Redis key (--key-is-raw). */
final class CliLock extends HashDSpinlock {
  private final String rawKey;

  private CliLock(String rawKey, LockOptions options) {
    super(rawKey, options);
    this.rawKey = rawKey;
  }

  /**
   * Makes the lock of a key given on the command line.
   *
   * @param key the value, or the raw key
   * @param keyIsRaw whether {@code key} is a Redis key rather than a value
   * @param options the session and tunables
   * @return the lock, not yet acquired
   */
  static DSpinlockBase of(String key, boolean keyIsRaw, LockOptions options) {
    return keyIsRaw ? new CliLock(key, options) : new HashDSpinlock(key, options);
  }

  /** Returns the raw key as given, instead of the key of a value. */
  @Override
  public String getKey() {
    return rawKey;
  }
}
