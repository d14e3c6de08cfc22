package io.dspinlock.internal.protocol;

import io.dspinlock.internal.waiting.WaitQueues;
import io.dspinlock.internal.waiting.Waiter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One asynchronous acquisition: the same steps as {@link LockHandle#acquire}, decided by {@link
 * LockProtocol#step}, but no thread waits. Attempts run on the session's small async pool; between
 * them the acquisition is a timer and a place in the key's queue, woken by a release like any
 * waiter, or handed the lock.
 *
 * <p>Note on concurrency: steps never overlap. A wake while a step runs makes the step run once
 * more after it (wakes coalesce), and the fields below are touched by steps only; even a
 * cancellation is carried out by a step.
 */
public final class AsyncAcquirer extends Waiter {
  private final SessionCore session;
  private final LockProtocol protocol;
  private final String key;
  private final Budget budget;
  private final CompletableFuture<Acquisition> result = new CompletableFuture<>();
  private final long start = System.nanoTime();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean again;
  private volatile ScheduledFuture<?> timer;
  private Budget.Tries tries; // made at the first attempt that finds the key held
  private boolean queued;
  private volatile boolean finished; // settled: completed, failed or withdrawn

  private AsyncAcquirer(SessionCore session, LockProtocol protocol, Budget budget) {
    super(protocol.handoffCalls(), protocol.queuedAs());
    this.session = session;
    this.protocol = protocol;
    this.key = protocol.key();
    this.budget = budget;
  }

  /**
   * Starts an acquisition.
   *
   * @param session the session
   * @param protocol the lock
   * @param budget attempts, or a deadline
   * @return completes with the acquisition, or exceptionally; cancelling it withdraws the waiter
   */
  static CompletableFuture<Acquisition> start(
      SessionCore session, LockProtocol protocol, Budget budget) {
    AsyncAcquirer a = new AsyncAcquirer(session, protocol, budget);
    a.result.whenComplete(
        (r, e) -> {
          if (a.result.isCancelled()) {
            a.withdraw();
          }
        });
    WaitQueues waits = session.waits();
    if (!protocol.failIfKeyExists() && waits.hasWaiters(a.key)) {
      // Others of this session already wait: queue behind them instead of barging.
      a.queued = true;
      if (!waits.join(a.key, a)) {
        a.arm(budget.cap(protocol.settings().sleepNanos()));
        return a.result;
      }
    }
    a.wake();
    return a.result;
  }

  @Override
  public void wake() {
    again = true;
    if (scheduled.compareAndSet(false, true)) {
      try {
        session.asyncPool().execute(this::drain);
      } catch (RuntimeException closed) {
        scheduled.set(false);
        fail(closed);
      }
    }
  }

  private void drain() {
    while (true) {
      again = false;
      try {
        step();
      } catch (RuntimeException e) {
        fail(e);
      }
      scheduled.set(false);
      if (!again || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private void step() {
    if (finished) {
      // A wake that came late (a timer that had fired, a notification): the acquisition is
      // settled, and a lock handed to us now belongs to the caller; it is no cancellation.
      return;
    }
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    if (isClaimed()) {
      return; // a holder is handing us the lock: its grant or decline wakes us
    }
    if (result.isDone()) {
      withdrawNow(); // cancelled by the caller
      return;
    }
    if (isGranted()) {
      if (grantIsFresh(protocol.settings().grantMillis())) {
        finish(Acquisition.granted(this, tries));
        return;
      }
      reopen(); // read too late: the next attempt tells whether it is still ours
    }
    int spent = tries == null ? 1 : tries.beforeAttempt(System.nanoTime());
    WaitQueues waits = session.waits();
    long epoch = waits.releaseEpoch(key);
    LockProtocol.Step step;
    try {
      step = protocol.step(spent, budget, start);
    } catch (RuntimeException failed) {
      if (!close()) {
        return; // claimed meanwhile: the outcome wakes us
      }
      throw failed;
    }
    if (step instanceof Acquisition) {
      finish((Acquisition) step);
      return;
    }
    if (tries == null) {
      tries = new Budget.Tries();
    }
    LockProtocol.Wait w = (LockProtocol.Wait) step;
    long wait = tries.waitNanos(w.nanos(), System.nanoTime());
    boolean fair = protocol.fair();
    if (fair) {
      queuedAt(w.sentAt(), w.queuedMicros());
    }
    if (!queued) {
      queued = true;
      if (fair) {
        waits.joinQueued(key, this);
      } else if (waits.join(key, this) && waits.releaseEpoch(key) != epoch) {
        again = true; // released while we were joining: try again now
        return;
      }
    }
    if (isGranted()) {
      again = true;
      return;
    }
    arm(wait);
  }

  private void arm(long nanos) {
    try {
      timer = session.threads().schedule(this::wake, budget.cap(nanos), TimeUnit.NANOSECONDS);
    } catch (RuntimeException closed) {
      fail(closed);
    }
  }

  private void finish(Acquisition a) {
    finished = true;
    close();
    leave(a.held());
    if (!result.complete(a) && a.held()) {
      // Cancelled while the lock was being taken or handed over: give it back.
      protocol.release();
    }
  }

  private void fail(Throwable e) {
    Acquisition granted =
        queued ? leaveServerQueue() : SyncAcquirer.leaveAfterFirstAttempt(protocol, e);
    if (granted != null) {
      finish(granted); // granted while giving up: the lock is the caller's
      return;
    }
    finished = true;
    close();
    leave(false);
    result.completeExceptionally(e);
  }

  /**
   * Leaves a fair key's queue on the server, if in it.
   *
   * @return the lock, when it had been granted to us meanwhile; else null
   */
  private Acquisition leaveServerQueue() {
    if (!queued || !protocol.fair()) {
      return null;
    }
    close(); // a grant announced from now on is settled by the leaving
    if (isGranted() && grantIsFresh(protocol.settings().grantMillis())) {
      return Acquisition.granted(this, tries);
    }
    return SyncAcquirer.leave(protocol, Budget.Tries.spent(tries));
  }

  /** Cancelling runs as a step, so that it never races with one. */
  private void withdraw() {
    wake();
  }

  private void withdrawNow() {
    if (!close() && isClaimed()) {
      // A holder of this session is handing us the lock right now: its grant or decline wakes us,
      // and the withdrawal goes on then, giving back a lock it granted.
      return;
    }
    Acquisition taken = leaveServerQueue();
    if (taken != null) {
      finished = true;
      close();
      leave(false);
      protocol.release(); // granted while withdrawing: given back, to the next waiter
      return;
    }
    finished = true;
    boolean granted = isGranted();
    close();
    leave(false);
    if (granted) {
      // Handed the lock after the caller cancelled: give it back, to the next waiter if any.
      protocol.release();
    }
  }

  private void leave(boolean held) {
    if (queued) {
      queued = false;
      session.waits().leave(key, this, held);
    }
  }
}
