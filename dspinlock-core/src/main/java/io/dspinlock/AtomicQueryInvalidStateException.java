package io.dspinlock;

/**
 * Thrown when a key holds something this library must not touch: a value of another Redis type, or
 * a lock that another holder has {@code BLOCKED}.
 */
public class AtomicQueryInvalidStateException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the key
   */
  public AtomicQueryInvalidStateException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what happened, naming the key
   * @param cause the underlying failure
   */
  public AtomicQueryInvalidStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
