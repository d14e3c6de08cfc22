package io.dspinlock;

/**
 * Thrown on release when the key is no longer ours: it expired, was taken over, was deleted, or the
 * lock was marked lost. The other holder's key is left untouched.
 */
public class InvalidMutexReleaseEncounteredException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the key
   */
  public InvalidMutexReleaseEncounteredException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what happened, naming the key
   * @param cause the underlying failure
   */
  public InvalidMutexReleaseEncounteredException(String message, Throwable cause) {
    super(message, cause);
  }
}
