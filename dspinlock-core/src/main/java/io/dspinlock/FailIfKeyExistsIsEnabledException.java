package io.dspinlock;

/**
 * Thrown by {@code acquire()} of a lock built with {@code failIfKeyExists(true)} when its key
 * already exists, in any state.
 */
public class FailIfKeyExistsIsEnabledException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the key
   */
  public FailIfKeyExistsIsEnabledException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what happened, naming the key
   * @param cause the underlying failure
   */
  public FailIfKeyExistsIsEnabledException(String message, Throwable cause) {
    super(message, cause);
  }
}
