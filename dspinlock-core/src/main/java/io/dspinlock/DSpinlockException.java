package io.dspinlock;

/**
 * The base of every exception this library throws; unchecked, so that a lock failure does not have
 * to be declared.
 *
 * <p>Failures of the Redis client are wrapped as the cause: callers never need to catch a Jedis
 * type.
 */
public class DSpinlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the key where there is one
   */
  public DSpinlockException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the key where there is one
   * @param cause the underlying failure
   */
  public DSpinlockException(String message, Throwable cause) {
    super(message, cause);
  }
}
