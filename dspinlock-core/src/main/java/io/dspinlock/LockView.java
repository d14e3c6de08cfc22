package io.dspinlock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The other ways to use a lock object: as a {@link Lock} ({@link DSpinlockBase#asLock()}), and
 * {@code tryAcquire}, {@code run} and {@code call}, each built on its acquisition and release.
 */
final class LockView implements Lock {
  private final DSpinlockBase lock;

  LockView(DSpinlockBase lock) {
    this.lock = lock;
  }

  /** Acquires within {@code maxWait}, or within the tries when it is null. */
  static void acquireWithin(DSpinlockBase lock, boolean interruptible, Duration maxWait)
      throws InterruptedException {
    if (maxWait != null && maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
    }
    lock.handle().acquire(interruptible, maxWait);
  }

  static boolean tryAcquire(DSpinlockBase lock, Duration maxWait) {
    try {
      acquireWithin(lock, true, maxWait);
      return true;
    } catch (SpinlockTriesExceededException | FailIfKeyExistsIsEnabledException notNow) {
      return false;
    } catch (InterruptedException e) {
      throw interrupted(lock, e);
    }
  }

  static DSpinlockException interrupted(DSpinlockBase lock, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new DSpinlockException("interrupted while waiting for " + lock.getKey(), e);
  }

  static boolean run(DSpinlockBase lock, Runnable action) {
    Objects.requireNonNull(action, "action");
    lock.acquire();
    try {
      if (lock.isComputed()) {
        return false;
      }
      action.run();
      return true;
    } finally {
      lock.close();
    }
  }

  static <T, E extends Exception> T call(
      DSpinlockBase lock, boolean cachedIfComputed, LockedCall<T, E> action) throws E {
    Objects.requireNonNull(action, "action");
    if (cachedIfComputed) {
      throw new IllegalStateException(
          "call() needs a lock that holds; for a cached result use RedisSession.computeOnce");
    }
    lock.acquire();
    try {
      return action.call();
    } finally {
      lock.close();
    }
  }

  @Override
  public void lock() {
    try {
      acquireWithin(lock, false, null);
    } catch (InterruptedException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    acquireWithin(lock, true, null);
  }

  @Override
  public boolean tryLock() {
    return lock.tryAcquire(Duration.ZERO);
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    try {
      acquireWithin(lock, true, Duration.ofNanos(unit.toNanos(Math.max(0, time))));
      return true;
    } catch (SpinlockTriesExceededException | FailIfKeyExistsIsEnabledException notNow) {
      return false;
    }
  }

  @Override
  public void unlock() {
    if (!lock.isHeld()) {
      throw new IllegalMonitorStateException(lock + " is not held");
    }
    lock.close();
  }

  @Override
  public Condition newCondition() {
    throw new UnsupportedOperationException(
        "a distributed lock has no Condition: wait for a change in the shared resource instead");
  }

  @Override
  public String toString() {
    return "Lock[" + lock + "]";
  }
}
