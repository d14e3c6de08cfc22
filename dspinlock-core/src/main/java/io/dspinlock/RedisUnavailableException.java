package io.dspinlock;

/**
 * Thrown when Redis cannot be reached or does not answer within the configured timeouts; the cause
 * is the client's exception.
 */
public class RedisUnavailableException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the key
   */
  public RedisUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what happened, naming the key
   * @param cause the underlying failure
   */
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
