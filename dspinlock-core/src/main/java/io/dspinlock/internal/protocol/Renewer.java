package io.dspinlock.internal.protocol;

import io.dspinlock.DSpinlockException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Keeps the leases of one session alive: a single periodic tick on the session's threads looks at
 * every held lease and renews those that are due, whatever the number of locks.
 *
 * <p>Note on cost: taking and releasing a lock only adds and removes a set entry; nothing is
 * scheduled or cancelled per lock (but the take-up of a lock granted from a fair queue, see {@link
 * Lease}), so no thread is woken per acquisition. The tick runs while there are leases, at a
 * quarter of the shortest renewal interval (between 5 ms and 1 s), and stops when there are none.
 */
final class Renewer {
  private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK = TimeUnit.SECONDS.toNanos(1);

  private final Supplier<ScheduledExecutorService> threads;
  private volatile ScheduledExecutorService scheduler; // the session's, once started
  private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean ticking = new AtomicBoolean();

  Renewer(Supplier<ScheduledExecutorService> threads) {
    this.threads = threads;
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

  /** {@return true while the session holds a lease} */
  boolean hasLeases() {
    return !leases.isEmpty();
  }

  /** Checks every held lease now, on the caller's thread: those whose key is gone are lost. */
  void checkAll() {
    for (Lease lease : leases) {
      lease.check();
    }
  }

  /** Runs {@code task} on the session's threads after {@code nanos}; null if they are closed. */
  Future<?> later(Runnable task, long nanos) {
    try {
      return threads.get().schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException | DSpinlockException closed) {
      return null; // the session is closing: its leases are lost with it
    }
  }

  private static long tickFor(Lease lease) {
    return Math.max(MIN_TICK, Math.min(MAX_TICK, lease.renewInterval() / 4));
  }

  private void schedule(long nanos) {
    try {
      ScheduledExecutorService s = scheduler;
      if (s == null) {
        s = threads.get();
        scheduler = s;
      }
      s.schedule(this::tick, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException | DSpinlockException closed) {
      ticking.set(false);
      for (Lease l : leases) {
        l.lose("the session was closed while the lock was held");
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
