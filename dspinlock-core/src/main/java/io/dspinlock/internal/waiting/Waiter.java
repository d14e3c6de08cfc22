package io.dspinlock.internal.waiting;

import io.dspinlock.internal.scripts.LockCalls;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Someone waiting for a lock key: woken when the key may have been released, and, if it would take
 * the lock, open to receive it directly from a holder of the same session.
 *
 * <p>Note on the handoff: a releasing holder {@linkplain #claim() claims} the first waiter, runs
 * one script that makes the key the waiter's, then {@linkplain #grant grants} it (or {@linkplain
 * #decline() declines} if that failed). A claimed waiter must wait for that outcome before it
 * leaves: {@link #close()} fails while a claim is pending. Every transition wakes the waiter.
 */
public abstract class Waiter {
  private static final int OPEN = 0;
  private static final int CLAIMED = 1;
  private static final int GRANTED = 2;
  private static final int CLOSED = 3;

  private final LockCalls handoff;
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private volatile long grantedToken;
  private volatile long grantedSentAt;

  /**
   * Creates a waiter.
   *
   * @param handoff the calls of the lock it would take, when it may be handed over directly; null
   *     if not (a cached-if-computed waiter does not want the lock, and one that waits for replicas
   *     must take it itself, since WAIT has to follow the write on the connection that made it)
   */
  protected Waiter(LockCalls handoff) {
    this.handoff = handoff;
  }

  /** Signals that the key may be free, or that a handoff settled; never blocks. */
  public abstract void wake();

  /**
   * Returns the calls of the lock a handoff would give this waiter.
   *
   * @return its calls, or null when it takes no handoff
   */
  public LockCalls handoffCalls() {
    return handoff;
  }

  /**
   * Claims this waiter for a handoff.
   *
   * @return true if it takes handoffs and was open
   */
  boolean claim() {
    return handoff != null && state.compareAndSet(OPEN, CLAIMED);
  }

  /**
   * Gives the claimed waiter the lock.
   *
   * @param token the fencing token of the handed lock
   * @param sentAt when the handoff was sent, on {@link System#nanoTime()}: its lease starts then
   */
  public void grant(long token, long sentAt) {
    grantedToken = token;
    grantedSentAt = sentAt;
    state.set(GRANTED);
    wake();
  }

  /** Returns a claimed waiter to waiting: the handoff did not happen. */
  public void decline() {
    state.set(OPEN);
    wake();
  }

  /**
   * Tells whether a claim is pending.
   *
   * @return true between claim and grant or decline
   */
  public boolean isClaimed() {
    return state.get() == CLAIMED;
  }

  /**
   * Tells whether the lock was handed to this waiter.
   *
   * @return true once granted; then {@link #grantedToken()} and {@link #grantedSentAt()} hold
   */
  public boolean isGranted() {
    return state.get() == GRANTED;
  }

  /**
   * Returns the fencing token of the lock handed over.
   *
   * @return the token, once {@link #isGranted()}
   */
  public long grantedToken() {
    return grantedToken;
  }

  /**
   * Returns when the handoff was sent.
   *
   * @return a {@link System#nanoTime()}, once {@link #isGranted()}
   */
  public long grantedSentAt() {
    return grantedSentAt;
  }

  /**
   * Stops taking handoffs, before leaving the queue.
   *
   * @return true if done; false if a claim is pending or the lock was granted
   */
  public boolean close() {
    return state.compareAndSet(OPEN, CLOSED) || state.get() == CLOSED;
  }
}
