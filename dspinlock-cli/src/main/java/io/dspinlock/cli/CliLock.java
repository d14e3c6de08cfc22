package io.dspinlock.cli;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import java.time.Duration;

/** A lock with the tunables of the command line, on a value or on a raw Redis key. */
final class CliLock extends HashDSpinlock {
  private final String rawKey;
  private final int tries;
  private final Duration sleep;
  private final Duration lease;

  CliLock(
      String key,
      boolean keyIsRaw,
      LockOptions options,
      int tries,
      Duration sleep,
      Duration lease) {
    super(key, options);
    this.rawKey = keyIsRaw ? key : null;
    this.tries = tries;
    this.sleep = sleep;
    this.lease = lease;
  }

  @Override
  public String getKey() {
    return rawKey != null ? rawKey : super.getKey();
  }

  @Override
  protected int maxSpinlockTries() {
    return tries;
  }

  @Override
  protected Duration spinlockSleepThresh() {
    return sleep;
  }

  @Override
  protected Duration leaseTime() {
    return lease;
  }
}
