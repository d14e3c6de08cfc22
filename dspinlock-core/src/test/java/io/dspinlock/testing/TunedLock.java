package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import java.time.Duration;

/** A {@link HashDSpinlock} whose tunables a test sets before the first acquire. */
public final class TunedLock extends HashDSpinlock {
  private int tries = 10;
  private Duration sleep = Duration.ofMillis(500);
  private Duration maxBlock = Duration.ofMinutes(30);
  private Duration expire = Duration.ofHours(1);
  private Duration lease = Duration.ofSeconds(30);

  /**
   * Creates the lock.
   *
   * @param obj the value to lock on
   * @param options session and flags
   */
  public TunedLock(Object obj, LockOptions options) {
    super(obj, options);
  }

  /** Sets {@code maxSpinlockTries()}. */
  public TunedLock tries(int tries) {
    this.tries = tries;
    return this;
  }

  /** Sets {@code spinlockSleepThresh()}. */
  public TunedLock sleep(Duration sleep) {
    this.sleep = sleep;
    return this;
  }

  /** Sets {@code maxBlockTime()}. */
  public TunedLock maxBlock(Duration maxBlock) {
    this.maxBlock = maxBlock;
    return this;
  }

  /** Sets {@code expireAtTimedelta()}. */
  public TunedLock expire(Duration expire) {
    this.expire = expire;
    return this;
  }

  /** Sets {@code leaseTime()}. */
  public TunedLock lease(Duration lease) {
    this.lease = lease;
    return this;
  }

  @Override
  protected Duration leaseTime() {
    return lease;
  }

  @Override
  public TunedLock acquire() {
    super.acquire();
    return this;
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
  protected Duration maxBlockTime() {
    return maxBlock;
  }

  @Override
  protected Duration expireAtTimedelta() {
    return expire;
  }
}
