package io.dspinlock;

/**
 * Thrown when a session refuses to take locks on a server that could break them: one that may evict
 * keys ({@code maxmemory} set with a {@code maxmemory-policy} other than {@code noeviction}) would
 * silently delete a held lock key and let a second holder in. The message names the policy and says
 * how to fix it; {@link RedisParametersBuilder#acceptEvictingServer(boolean)} opts out.
 */
public class UnsafeServerException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the server is set to, why it matters, and how to fix it
   */
  public UnsafeServerException(String message) {
    super(message);
  }
}
