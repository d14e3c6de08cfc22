package io.dspinlock.internal;

/**
 * How long an acquisition may go on: a number of attempts ({@code acquire()}), or a deadline
 * ({@code tryAcquire(maxWait)}).
 */
public final class Budget {
  private final int maxTries;
  private final long deadline;
  private final boolean timed;

  private Budget(int maxTries, long deadline, boolean timed) {
    this.maxTries = maxTries;
    this.deadline = deadline;
    this.timed = timed;
  }

  /**
   * Allows a number of attempts.
   *
   * @param maxTries at least 1
   * @return the budget
   */
  public static Budget tries(int maxTries) {
    return new Budget(maxTries, 0, false);
  }

  /**
   * Allows attempts until a deadline; at least one attempt is always made.
   *
   * @param deadline on {@link System#nanoTime()}
   * @return the budget
   */
  public static Budget until(long deadline) {
    return new Budget(Integer.MAX_VALUE, deadline, true);
  }

  /** Tells whether no further attempt may be made after {@code tries} attempts. */
  boolean exhausted(int tries) {
    return tries >= maxTries || (timed && System.nanoTime() - deadline >= 0);
  }

  /** Cuts a planned wait so that it ends by the deadline. */
  long cap(long nanos) {
    return timed ? Math.max(0, Math.min(nanos, deadline - System.nanoTime())) : nanos;
  }
}
