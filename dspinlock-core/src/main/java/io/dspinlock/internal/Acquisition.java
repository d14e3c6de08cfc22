package io.dspinlock.internal;

/**
 * How an acquisition ended without an exception.
 *
 * @param kind what happened
 * @param token the fencing token, when the lock is held
 * @param sentAt when the deciding attempt was sent, on {@link System#nanoTime()}: a lease starts no
 *     earlier on the server
 */
public record Acquisition(Kind kind, long token, long sentAt) {

  /** What an acquisition found. */
  public enum Kind {
    /** The key was free, COMPUTED, or abandoned: it is now BLOCKED with our tag. */
    ACQUIRED,
    /** The key was already BLOCKED with our tag. */
    REENTERED,
    /** The key is COMPUTED and the lock is cached-if-computed: not held. */
    COMPUTED
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
