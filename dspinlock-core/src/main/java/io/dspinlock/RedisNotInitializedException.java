package io.dspinlock;

/**
 * Thrown when a lock has no usable session: the session was closed, or the default session could
 * not be created from its configuration.
 */
public class RedisNotInitializedException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the key
   */
  public RedisNotInitializedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what happened, naming the key
   * @param cause the underlying failure
   */
  public RedisNotInitializedException(String message, Throwable cause) {
    super(message, cause);
  }
}
