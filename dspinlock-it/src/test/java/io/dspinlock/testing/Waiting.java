package io.dspinlock.testing;

import java.util.Arrays;

/** Tells whether a thread waits for a lock: parked, or waiting on the server for its grant. */
public final class Waiting {
  private Waiting() {}

  /**
   * Tells whether a thread is in a lock's wait: parked until a wake-up or its next try, or, as a
   * fair waiter queued on the server, reading its grant from its inbox there (BLOCKED on a socket,
   * which Java shows as RUNNABLE).
   *
   * @param t the thread
   * @return true while it waits
   */
  public static boolean inLockWait(Thread t) {
    return t.getState() == Thread.State.TIMED_WAITING
        || Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitInbox"));
  }
}
