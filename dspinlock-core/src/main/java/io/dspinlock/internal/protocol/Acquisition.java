package io.dspinlock.internal.protocol;

import io.dspinlock.internal.waiting.Waiter;

/**
 * How an acquisition ended without an exception.
 *
 * @param kind what happened
 * @param token the fencing token, when the lock is held
 * @param sentAt when the deciding request was sent, on {@link System#nanoTime()}: a lease starts no
 *     earlier on the server
 * @param tries the tries spent, at least 1 (a try is one interval of the sleep threshold)
 */
public record Acquisition(Kind kind, long token, long sentAt, int tries)
    implements LockProtocol.Step {

  /** What an acquisition found. */
  public enum Kind {
    /** The key was free, COMPUTED, or abandoned, or was handed over: now BLOCKED with our tag. */
    ACQUIRED,
    /** The key was already BLOCKED with our tag. */
    REENTERED,
    /**
     * Granted from the server's queue: BLOCKED with our tag for the grant time only, from {@code
     * sentAt} on; the lease takes it up at once.
     */
    GRANTED,
    /** The key is COMPUTED and the lock is cached-if-computed: not held. */
    COMPUTED
  }

  /** Returns the lock a holder of this session handed to {@code waiter}, once it is granted. */
  static Acquisition granted(Waiter waiter, Budget.Tries tries) {
    Kind kind = waiter.grantedShort() ? Kind.GRANTED : Kind.ACQUIRED;
    return new Acquisition(
        kind, waiter.grantedToken(), waiter.grantedSentAt(), Budget.Tries.spent(tries));
  }

  /**
   * Tells whether the caller now holds the lock.
   *
   * @return false only on the cached path
   */
  public boolean held() {
    return kind != Kind.COMPUTED;
  }
}
