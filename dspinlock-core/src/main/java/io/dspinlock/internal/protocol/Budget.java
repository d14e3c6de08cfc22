package io.dspinlock.internal.protocol;

import java.time.Duration;

/**
 * How long an acquisition may go on: a number of attempts ({@code acquire()}), or a deadline
 * ({@code tryAcquire(maxWait)}).
 *
 * @param maxTries the most attempts
 * @param deadline when attempts end, on {@link System#nanoTime()}, if {@code timed}
 * @param timed whether there is a deadline
 */
public record Budget(int maxTries, long deadline, boolean timed) {
  /** Waits longer than this have no deadline: {@code System.nanoTime()} spans about 292 years. */
  private static final Duration UNBOUNDED = Duration.ofDays(100 * 365);

  private static volatile Budget lastTries = new Budget(10, 0, false);

  /**
   * Allows a number of attempts.
   *
   * @param maxTries at least 1
   * @return the budget
   */
  public static Budget tries(int maxTries) {
    Budget b = lastTries;
    if (b.maxTries != maxTries) {
      b = new Budget(maxTries, 0, false);
      lastTries = b; // lock objects are made per use, and nearly all of them share their tries
    }
    return b;
  }

  /**
   * Allows attempts for a while; at least one attempt is always made, and a wait of a century or
   * more has no deadline at all.
   *
   * @param maxWait how long, zero or more
   * @return the budget
   */
  public static Budget within(Duration maxWait) {
    if (maxWait.compareTo(UNBOUNDED) >= 0) {
      return new Budget(Integer.MAX_VALUE, 0, false);
    }
    return new Budget(Integer.MAX_VALUE, System.nanoTime() + maxWait.toNanos(), true);
  }

  /** Tells whether no further attempt may be made after {@code tries} attempts. */
  boolean exhausted(int tries) {
    return tries >= maxTries || (timed && System.nanoTime() - deadline >= 0);
  }

  /** Cuts a planned wait so that it ends by the deadline. */
  long cap(long nanos) {
    return timed ? Math.max(0, Math.min(nanos, deadline - System.nanoTime())) : nanos;
  }

  /**
   * The tries of one acquisition, as the Python original counts them: a try is one interval of
   * waiting. An attempt made because a release was announced, before the interval is over, spends
   * no try, and the wait after it is what is left of the interval, so that wake-ups never stretch
   * an acquisition beyond its tries. Made at the first attempt that finds the key held; not
   * thread-safe (one acquisition is one thread, or one step at a time).
   */
  static final class Tries {
    private int spent = 1;
    private boolean fresh = true;
    private long intervalEnd;

    /** {@return the tries spent so far: 1 while no attempt found the key held} */
    static int spent(Tries t) {
      return t == null ? 1 : t.spent;
    }

    /**
     * Counts the attempt about to be made: a new try if the interval is over.
     *
     * @param now {@link System#nanoTime()}
     * @return the tries spent, this attempt's included
     */
    int beforeAttempt(long now) {
      fresh = now - intervalEnd >= 0;
      if (fresh) {
        spent++;
      }
      return spent;
    }

    /**
     * Returns how long to wait after an attempt that found the key held.
     *
     * @param pause the wait that the attempt's reply allows
     * @param now {@link System#nanoTime()}
     * @return a new interval after a try; what is left of the current one after a free attempt
     */
    long waitNanos(long pause, long now) {
      if (fresh) {
        intervalEnd = now + pause;
        return pause;
      }
      return Math.max(0, Math.min(pause, intervalEnd - now));
    }
  }
}
