package io.dspinlock.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * A waiter that parks its own thread. Wakes coalesce: any number of {@link #wake()} calls before
 * {@link #await(long)} make it return at once, then the signal is spent.
 *
 * <p>Parks rather than holding a monitor, so that virtual threads are never pinned.
 */
public final class SyncWaiter implements Waiter {
  private final Thread thread = Thread.currentThread();
  private volatile boolean woken;

  @Override
  public void wake() {
    woken = true;
    LockSupport.unpark(thread);
  }

  /**
   * Waits until woken or until the time is up, whichever is first; must be called by the thread
   * that created this waiter.
   *
   * @param nanos the longest wait
   * @return true if woken, false if the time ran out
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public boolean await(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (!woken) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    woken = false;
    return true;
  }
}
