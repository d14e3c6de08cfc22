package io.dspinlock.internal.protocol;

import io.dspinlock.DSpinlockException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps the leases of one session alive: a single periodic tick on the session's threads looks at
 * every held lease and renews those that are due, whatever the number of locks.
 *
 * <p>Note on cost: taking and releasing a lock only adds and removes a set entry; nothing is
 * scheduled or cancelled per lock (but the take-up of a lock granted from a fair queue, see {@link
 * Lease}), so no thread is woken per acquisition. The tick runs while there are leases, at a
 * quarter of the shortest renewal interval (between 5 ms and 1 s); a lease that needs a shorter
 * interval than the pending tick's brings the tick forward. The tick stops at a tick that finds no
 * lease and no lease added since the tick before: a session that takes locks in a loop has no lease
 * at many of its ticks, and restarting the tick at its next lock would wake a thread per lock.
 * Ticks run one at a time.
 */
final class Renewer {
  private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK = TimeUnit.SECONDS.toNanos(1);
  private static final long EXTRA = -1;

  private final Supplier<ScheduledExecutorService> threads;
  private volatile ScheduledExecutorService scheduler; // the session's, once started
  private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private volatile boolean added; // a lease was added since the latest tick
  private volatile long pendingTick = MAX_TICK; // the interval the pending tick was scheduled with
  // The number of the latest tick scheduled: an older one does nothing, but an extra one (see add).
  private final AtomicLong chain = new AtomicLong();

  Renewer(Supplier<ScheduledExecutorService> threads) {
    this.threads = threads;
  }

  void add(Lease lease) {
    leases.add(lease);
    if (!added) {
      added = true;
    }
    long tick = tickFor(lease);
    if (!ticking.get() && ticking.compareAndSet(false, true)) {
      schedule(tick);
    } else if (tick < pendingTick) {
      // The pending tick may come too late for this lease: an extra one looks at every lease,
      // this one included, and the ticks go on from it.
      schedule(tick, EXTRA);
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
    return Math.max(MIN_TICK, Math.min(MAX_TICK, lease.tickInterval()));
  }

  private void schedule(long nanos) {
    schedule(nanos, chain.incrementAndGet());
  }

  private void schedule(long nanos, long id) {
    try {
      ScheduledExecutorService s = scheduler;
      if (s == null) {
        s = threads.get();
        scheduler = s;
      }
      pendingTick = nanos;
      s.schedule(() -> tick(id), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException | DSpinlockException closed) {
      ticking.set(false);
      for (Lease l : leases) {
        l.lose("the session was closed while the lock was held");
      }
    }
  }

  private synchronized void tick(long id) {
    if (id != EXTRA && chain.get() != id) {
      return; // replaced: a later tick was scheduled since
    }
    long next = MAX_TICK;
    for (Lease lease : leases) {
      if (!lease.tick(System.nanoTime())) {
        leases.remove(lease);
      } else {
        next = Math.min(next, tickFor(lease));
      }
    }
    if (added) {
      added = false; // locks were taken since the latest tick: more are likely soon
    } else if (leases.isEmpty()) {
      ticking.set(false);
      // A lease added between the check and the reset saw the tick running: pick it up.
      if (leases.isEmpty() || !ticking.compareAndSet(false, true)) {
        return;
      }
    }
    schedule(next);
  }
}
