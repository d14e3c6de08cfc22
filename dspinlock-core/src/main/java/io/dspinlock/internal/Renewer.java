package io.dspinlock.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the leases of one session alive: a single periodic tick on the session's threads looks at
 * every held lease and renews those that are due, whatever the number of locks.
 *
 * <p>Note on cost: taking and releasing a lock only adds and removes a set entry; nothing is
 * scheduled or cancelled per lock, so no thread is woken per acquisition. The tick runs while there
 * are leases, at a quarter of the shortest renewal interval (between 5 ms and 1 s), and stops when
 * there are none.
 */
final class Renewer {
  private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK = TimeUnit.SECONDS.toNanos(1);

  private final SessionCore session;
  private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean ticking = new AtomicBoolean();

  Renewer(SessionCore session) {
    this.session = session;
  }

  void add(Lease lease) {
    leases.add(lease);
    if (ticking.compareAndSet(false, true)) {
      schedule(tickFor(lease));
    }
  }

  void remove(Lease lease) {
    leases.remove(lease);
  }

  private static long tickFor(Lease lease) {
    return Math.max(MIN_TICK, Math.min(MAX_TICK, lease.renewInterval() / 4));
  }

  private void schedule(long nanos) {
    try {
      session.threads().schedule(this::tick, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException | io.dspinlock.DSpinlockException closed) {
      ticking.set(false);
      for (Lease l : leases) {
        l.sessionClosed();
      }
    }
  }

  private void tick() {
    long next = MAX_TICK;
    for (Lease lease : leases) {
      if (!lease.tick(System.nanoTime())) {
        leases.remove(lease);
      } else {
        next = Math.min(next, tickFor(lease));
      }
    }
    if (leases.isEmpty()) {
      ticking.set(false);
      // A lease added between the check and the reset saw the tick running: pick it up.
      if (leases.isEmpty() || !ticking.compareAndSet(false, true)) {
        return;
      }
    }
    schedule(next);
  }
}
