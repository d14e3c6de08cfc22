package io.dspinlock.internal.waiting;

import io.dspinlock.internal.scripts.LockCalls;
import java.util.concurrent.locks.LockSupport;

/**
 * A waiter that parks its own thread. Wakes coalesce: any number of {@link #wake()} calls before
 * {@link #await(long)} make it return at once, then the signal is spent.
 *
 * <p>Parks rather than holding a monitor, so that virtual threads are never pinned.
 */
public final class SyncWaiter extends Waiter {
  /** How long a waiter whose handoff is pending spins before it parks: about a round trip. */
  private static final long SPIN_NANOS = 50_000;

  private final Thread thread = Thread.currentThread();
  private volatile boolean woken;

  /**
   * Creates a waiter for the current thread.
   *
   * @param handoff the calls of the lock it would take, or null when it takes no handoff
   */
  public SyncWaiter(LockCalls handoff) {
    super(handoff);
  }

  /**
   * Creates a waiter for the current thread that may queue on the server.
   *
   * @param handoff the calls of the lock it would take, or null when it takes no handoff
   * @param queuedAs its BLOCKED value in the server's queue, or null if not fair
   */
  public SyncWaiter(LockCalls handoff, String queuedAs) {
    super(handoff, queuedAs);
  }

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

  /**
   * Takes the signal of a {@link #wake()} since the last wait, if any, without waiting: for a
   * thread that waits elsewhere (on the server) and looks between its waits.
   *
   * @return true if woken meanwhile
   */
  public boolean takeWake() {
    if (!woken) {
      return false;
    }
    woken = false;
    return true;
  }

  /**
   * Waits until a pending handoff is settled, whatever happens: the releaser's script is bounded by
   * the command timeout. Spins first, since the grant usually comes within a round trip, and a
   * parked thread takes long to wake on a small machine.
   *
   * @return true if the thread was interrupted meanwhile (the interrupt is kept for later)
   */
  public boolean awaitSettled() {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (isClaimed() && System.nanoTime() - spinUntil < 0) {
      Thread.onSpinWait();
    }
    boolean interrupted = false;
    while (isClaimed()) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted();
    }
    woken = false;
    return interrupted;
  }
}
