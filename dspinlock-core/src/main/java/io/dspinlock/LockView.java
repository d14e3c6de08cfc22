package io.dspinlock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/** {@link DSpinlockBase#asLock()}: a lock object seen as a {@link Lock}. */
final class LockView implements Lock {
  private final DSpinlockBase lock;

  LockView(DSpinlockBase lock) {
    this.lock = lock;
  }

  @Override
  public void lock() {
    try {
      lock.acquireWithin(false, null);
    } catch (InterruptedException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    lock.acquireWithin(true, null);
  }

  @Override
  public boolean tryLock() {
    return lock.tryAcquire(Duration.ZERO);
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    try {
      lock.acquireWithin(true, Duration.ofNanos(unit.toNanos(Math.max(0, time))));
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
