package io.dspinlock.internal.protocol;

import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.LockObserver;
import io.dspinlock.LockObserver.Outcome;
import io.dspinlock.SpinlockTriesExceededException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** How the acquisitions of a lock are told to the session's observers. */
final class Observed {
  private Observed() {}

  /**
   * Tells an acquisition that ended without an exception; a re-entry into a lock already held is
   * not an acquisition.
   */
  static Acquisition ended(LockObserver o, String name, String key, Acquisition a, long start) {
    if (a.kind() != Acquisition.Kind.REENTERED) {
      Outcome outcome = a.held() ? Outcome.ACQUIRED : Outcome.CACHED;
      o.acquisition(name, key, outcome, a.tries(), Duration.ofNanos(System.nanoTime() - start));
    }
    return a;
  }

  /**
   * Tells an acquisition that failed.
   *
   * @param timed whether it had a time limit ({@code tryAcquire}): running out is a TIMEOUT
   */
  static void failed(
      LockObserver o, String name, String key, Throwable e, boolean timed, long start) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    Outcome outcome;
    int tries;
    if (cause instanceof SpinlockTriesExceededException) {
      outcome = timed ? Outcome.TIMEOUT : Outcome.TRIES_EXCEEDED;
      tries = ((SpinlockTriesExceededException) cause).tries();
    } else if (cause instanceof FailIfKeyExistsIsEnabledException) {
      outcome = Outcome.FAIL_IF_EXISTS;
      tries = 1;
    } else {
      outcome = Outcome.ERROR;
      tries = 0;
    }
    o.acquisition(name, key, outcome, tries, Duration.ofNanos(System.nanoTime() - start));
  }
}
