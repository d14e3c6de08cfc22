package io.dspinlock.internal.protocol;

import io.dspinlock.LockObserver;
import io.dspinlock.internal.util.Log;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The observers of one session, as one: each event goes to every observer in turn, and what one
 * throws is logged and dropped, so that a faulty observer neither fails a lock nor keeps the others
 * from hearing. Immutable: adding or removing one makes a new instance.
 */
final class Observers implements LockObserver {
  private final LockObserver[] all;

  private Observers(LockObserver[] all) {
    this.all = all;
  }

  /** {@return {@code current} with {@code o} added; {@code current} may be null} */
  static Observers with(Observers current, LockObserver o) {
    LockObserver[] a = current == null ? new LockObserver[0] : current.all;
    LockObserver[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = o;
    return new Observers(b);
  }

  /** {@return {@code current} without {@code o}, or null when none is left} */
  static Observers without(Observers current, LockObserver o) {
    if (current == null) {
      return null;
    }
    LockObserver[] b = Arrays.stream(current.all).filter(x -> x != o).toArray(LockObserver[]::new);
    return b.length == 0 ? null : new Observers(b);
  }

  @Override
  public void acquisition(
      String lockName, String key, Outcome outcome, int tries, Duration waited) {
    each(o -> o.acquisition(lockName, key, outcome, tries, waited));
  }

  @Override
  public void released(String lockName, String key, Duration held) {
    each(o -> o.released(lockName, key, held));
  }

  @Override
  public void renewalFailed(String lockName, String key, String reason) {
    each(o -> o.renewalFailed(lockName, key, reason));
  }

  @Override
  public void lost(String lockName, String key, String reason) {
    each(o -> o.lost(lockName, key, reason));
  }

  private void each(Consumer<LockObserver> event) {
    for (LockObserver o : all) {
      try {
        event.accept(o);
      } catch (RuntimeException e) {
        dropped(o, e);
      }
    }
  }

  private static void dropped(LockObserver o, RuntimeException e) {
    Log.debug("lock observer {} threw {}", o, e.toString());
  }
}
