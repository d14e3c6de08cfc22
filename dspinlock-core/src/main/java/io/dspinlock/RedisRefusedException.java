package io.dspinlock;

/**
 * Thrown when Redis answers but refuses a command: out of memory ({@code OOM}), a read-only replica
 * ({@code READONLY}), a missing ACL right ({@code NOPERM}), a busy script ({@code BUSY}), and any
 * other error reply that is not a wrong key type. The message names the server's reply; nothing was
 * left half-written by the refused step.
 */
public class RedisRefusedException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused, naming the key and the server's reply
   */
  public RedisRefusedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was refused, naming the key and the server's reply
   * @param cause the client's exception
   */
  public RedisRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
