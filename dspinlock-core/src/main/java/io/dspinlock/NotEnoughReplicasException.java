package io.dspinlock;

/**
 * Thrown by {@code acquire()} of a lock built with {@code waitForReplicas(n, timeout)} when fewer
 * than {@code n} replicas confirmed the acquisition in time; the key was freed again.
 */
public class NotEnoughReplicasException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /** How many replicas confirmed. */
  private final long confirmed;

  /** How many replicas were asked for. */
  private final int required;

  /**
   * Creates the exception.
   *
   * @param key the lock key
   * @param confirmed replicas that confirmed
   * @param required replicas asked for
   */
  public NotEnoughReplicasException(String key, long confirmed, int required) {
    super(
        key
            + " was taken on the primary but only "
            + confirmed
            + " of "
            + required
            + " replicas confirmed it in time; released it again");
    this.confirmed = confirmed;
    this.required = required;
  }

  /** {@return how many replicas confirmed} */
  public long confirmed() {
    return confirmed;
  }

  /** {@return how many replicas were asked for} */
  public int required() {
    return required;
  }
}
