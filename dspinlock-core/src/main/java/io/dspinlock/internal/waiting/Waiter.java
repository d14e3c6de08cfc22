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
 *
 * <p>Note on fair locks: a fair waiter also has a place in the key's queue on the server, under its
 * BLOCKED value ({@link #queuedAs()}). A release there grants it the key for a short while, and
 * tells its session ({@link #grantFromServer}); the grant's age is bounded on this process's clock
 * by the server clock readings of the grant and of the waiter's latest attempt ({@link #queuedAt}),
 * so that a grant read late (the process was paused) is known to be stale.
 */
public abstract class Waiter {
  private static final int OPEN = 0;
  private static final int CLAIMED = 1;
  private static final int GRANTED = 2;
  private static final int CLOSED = 3;

  private final LockCalls handoff;
  private final String queuedAs;
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private volatile long grantedToken;
  private volatile long grantedSentAt;
  private volatile boolean grantedShort;
  private volatile Attempt attempt; // the latest attempt that kept a place in the server's queue

  /** When an attempt was sent, on {@link System#nanoTime()}, and when it ran, server µs. */
  private record Attempt(long sentAt, long micros) {}

  /**
   * Creates a waiter.
   *
   * @param handoff the calls of the lock it would take, when it may be handed over directly; null
   *     if not (a cached-if-computed waiter does not want the lock, and one that waits for replicas
   *     must take it itself, since WAIT has to follow the write on the connection that made it)
   */
  protected Waiter(LockCalls handoff) {
    this(handoff, null);
  }

  /**
   * Creates a waiter that may have a place in a fair queue on the server.
   *
   * @param handoff as in {@link #Waiter(LockCalls)}
   * @param queuedAs its BLOCKED value in the key's queue on the server, or null if not fair
   */
  protected Waiter(LockCalls handoff, String queuedAs) {
    this.handoff = handoff;
    this.queuedAs = queuedAs;
  }

  /** {@return the BLOCKED value under which it queues on the server, or null if not fair} */
  public String queuedAs() {
    return queuedAs;
  }

  /**
   * Records an attempt that put or kept this waiter in the server's queue.
   *
   * @param sentAt when it was sent, on {@link System#nanoTime()}
   * @param micros the server's clock when it ran, µs
   */
  public void queuedAt(long sentAt, long micros) {
    attempt = new Attempt(sentAt, micros); // one write: a grant reads both of the same attempt
  }

  /**
   * Takes a grant of the key from the server's queue, announced to this session.
   *
   * @param token the fencing token of the grant
   * @param micros the server's clock at the grant, µs
   * @param receivedAt when the announcement was read, on {@link System#nanoTime()}
   * @return true if taken; false if this waiter no longer waits (its leaving settles the grant)
   */
  boolean grantFromServer(long token, long micros, long receivedAt) {
    long at = receivedAt;
    Attempt a = attempt;
    if (a != null && a.micros() >= 0) {
      // The attempt ran on the server after it was sent; the grant (micros - a.micros) after that.
      at = Math.min(receivedAt, a.sentAt() + (micros - a.micros()) * 1000);
    }
    return grantShort(token, at);
  }

  /**
   * Takes a grant of the key from the server's queue made by a release of this same session.
   *
   * @param token the fencing token of the grant
   * @param sentAt when the release was sent, on {@link System#nanoTime()}
   * @return true if taken; false if this waiter no longer waits
   */
  boolean grantShort(long token, long sentAt) {
    // Claimed first, granted once the grant's fields are written: a waiter that sees GRANTED reads
    // this grant's time, never a former one (it would take a stale grant for a fresh one).
    if (!state.compareAndSet(OPEN, CLAIMED)) {
      return false;
    }
    grantedShort = true;
    grant(token, sentAt);
    return true;
  }

  /**
   * Tells whether the grant is one from the server's queue: short, until taken up.
   *
   * @return true for such a grant, false for a handoff within the session
   */
  public boolean grantedShort() {
    return grantedShort;
  }

  /**
   * Tells whether the lock granted to this waiter may be used: a handoff within the session always;
   * a grant from the server's queue while at least half its time is left, since one read later (the
   * process was paused) may have been passed on meanwhile.
   *
   * @param grantMillis how long a grant from the server's queue lasts
   * @return false for a stale grant; the next attempt tells whether the key is still ours
   */
  public boolean grantIsFresh(long grantMillis) {
    return !grantedShort || System.nanoTime() - grantedSentAt < grantMillis * 1_000_000 / 2;
  }

  /** Returns a waiter whose grant came too late to use to waiting; it tries again. */
  public void reopen() {
    grantedShort = false;
    state.set(OPEN);
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
