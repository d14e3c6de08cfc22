package io.dspinlock;

import java.time.Duration;

/**
 * Thrown by {@code acquire()} when every one of its {@code maxSpinlockTries()} attempts found the
 * key held by someone else.
 */
public class SpinlockTriesExceededException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /** The lock key. */
  private final String key;

  /** The attempts made. */
  private final int tries;

  /** How long the acquisition waited. */
  private final Duration waited;

  /**
   * Creates the exception.
   *
   * @param key the lock key
   * @param tries the attempts made
   * @param waited how long the caller waited in all
   * @param holder what the last attempt found at the key, for the message; may be null
   */
  public SpinlockTriesExceededException(String key, int tries, Duration waited, String holder) {
    super(
        "could not acquire "
            + key
            + " after "
            + tries
            + (tries == 1 ? " try" : " tries")
            + " in "
            + waited.toMillis()
            + " ms"
            + (holder == null ? "" : "; " + holder));
    this.key = key;
    this.tries = tries;
    this.waited = waited;
  }

  /**
   * Returns the lock key.
   *
   * @return the key that could not be acquired
   */
  public String key() {
    return key;
  }

  /**
   * Returns the number of attempts made.
   *
   * @return the limit that was reached
   */
  public int tries() {
    return tries;
  }

  /**
   * Returns how long the caller waited before giving up.
   *
   * @return the time between the call and the exception
   */
  public Duration waited() {
    return waited;
  }
}
