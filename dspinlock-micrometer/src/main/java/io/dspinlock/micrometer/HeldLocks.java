package io.dspinlock.micrometer;

import io.micrometer.core.instrument.LongTaskTimer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The held locks of one registry, by Redis key: each a running {@link LongTaskTimer.Sample}.
 *
 * <p>Note on concurrency: in one process two holders never hold one key at once, but their events
 * can arrive out of order. A release hands the key straight to a waiter of the same process, whose
 * acquisition may be told before the releaser's {@code released}; a waiter may take a deleted key
 * before the old holder's renewal notices the loss. So an acquisition over an open entry stops the
 * old sample (that holder no longer has the key) and remembers that a late end of it may follow.
 * While that is pending, a {@code lost} is taken for it, and a {@code released} is told apart by
 * its duration (see {@link #released}). Each key's entry changes only inside {@link
 * ConcurrentHashMap#compute}, so the events of one key are applied one at a time.
 *
 * <p>An entry whose end is never told (a release that Redis did not answer, retried in the
 * background) stays open until the key is acquired again in this process or the binder is closed.
 */
final class HeldLocks {
  /**
   * One open hold.
   *
   * @param sample its running sample
   * @param startNanos when it was told, on {@link System#nanoTime()}
   * @param predecessorOpen whether it replaced an open entry whose end has not been told yet
   */
  private record Hold(LongTaskTimer.Sample sample, long startNanos, boolean predecessorOpen) {
    Hold predecessorEnded() {
      return new Hold(sample, startNanos, false);
    }
  }

  private final ConcurrentHashMap<String, Hold> byKey = new ConcurrentHashMap<>();

  /** Starts a hold of {@code key} on {@code timer}; an open one of the key ends now. */
  void acquired(String key, LongTaskTimer timer) {
    long now = System.nanoTime();
    LongTaskTimer.Sample sample = timer.start();
    byKey.compute(
        key,
        (k, previous) -> {
          if (previous != null) {
            previous.sample().stop();
          }
          return new Hold(sample, now, previous != null);
        });
  }

  /**
   * Ends the hold of {@code key} that lasted {@code held}. When the entry replaced one whose end is
   * still pending, this may be that end: the entry is this hold's only if it began in the first
   * half of {@code held}. A newer holder's began later, since this release let it in, and its entry
   * stays open. With nothing pending the entry is this hold's, however slow its observers.
   */
  void released(String key, Duration held) {
    long heldNanos = held.toNanos();
    long began = System.nanoTime() - heldNanos;
    byKey.computeIfPresent(
        key,
        (k, hold) -> {
          if (!hold.predecessorOpen() || hold.startNanos() - began <= heldNanos / 2) {
            hold.sample().stop();
            return null;
          }
          return hold.predecessorEnded();
        });
  }

  /** Ends the hold of a lost {@code key}, unless this is the late end of the one it replaced. */
  void lost(String key) {
    byKey.computeIfPresent(
        key,
        (k, hold) -> {
          if (hold.predecessorOpen()) {
            return hold.predecessorEnded();
          }
          hold.sample().stop();
          return null;
        });
  }

  /** Ends every open hold: nothing will be told about them any more. */
  void stopAll() {
    for (String key : byKey.keySet()) {
      byKey.computeIfPresent(
          key,
          (k, hold) -> {
            hold.sample().stop();
            return null;
          });
    }
  }
}
