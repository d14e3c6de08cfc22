package io.dspinlock.internal;

import io.dspinlock.SpinlockTriesExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One asynchronous acquisition: the same protocol as {@link LockEngine#acquire}, but no thread
 * waits. Attempts run on the session's small async pool; between them the acquisition is a timer
 * and a place in the key's queue, woken by a release like any waiter, or handed the lock.
 *
 * <p>Note on concurrency: steps never overlap. A wake while a step runs makes the step run once
 * more after it (wakes coalesce), and the fields below are touched by steps only; even a
 * cancellation is carried out by a step.
 */
public final class AsyncAcquirer extends Waiter {
  private final SessionCore session;
  private final LockSpec spec;
  private final Function<String, String> holder;
  private final Budget budget;
  private final CompletableFuture<Acquisition> result = new CompletableFuture<>();
  private final long start = System.nanoTime();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean again;
  private volatile ScheduledFuture<?> timer;
  private int tries;
  private boolean queued;
  private volatile boolean finished; // settled: completed, failed or withdrawn

  private AsyncAcquirer(
      SessionCore session, LockSpec spec, Function<String, String> holder, Budget budget) {
    super(spec.cachedIfComputed() ? null : spec);
    this.session = session;
    this.spec = spec;
    this.holder = holder;
    this.budget = budget;
  }

  /**
   * Starts an acquisition.
   *
   * @param session the session
   * @param spec the lock
   * @param holder describes a raw value found at the key, for messages
   * @param budget attempts, or a deadline
   * @return completes with the acquisition, or exceptionally; cancelling it withdraws the waiter
   */
  public static CompletableFuture<Acquisition> start(
      SessionCore session, LockSpec spec, Function<String, String> holder, Budget budget) {
    AsyncAcquirer a = new AsyncAcquirer(session, spec, holder, budget);
    a.result.whenComplete(
        (r, e) -> {
          if (a.result.isCancelled()) {
            a.withdraw();
          }
        });
    WaitQueues waits = session.waits();
    if (!spec.failIfKeyExists() && waits.hasWaiters(spec.key())) {
      // Others of this session already wait: queue behind them instead of barging.
      a.queued = true;
      if (!waits.join(spec.key(), a)) {
        a.arm(spec.sleepNanos());
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
      // settled, and a lock handed to us now belongs to the caller. Treating the completed
      // result as a cancel here gave that lock away under the caller (AsyncIT's churn test).
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
    Acquisition granted = granted();
    if (granted != null) {
      finish(granted);
      return;
    }
    tries++;
    WaitQueues waits = session.waits();
    long epoch = waits.releaseEpoch(spec.key());
    long sentAt = System.nanoTime();
    Reply reply = LockEngine.attempt(session, spec, holder);
    Acquisition done = LockEngine.settle(spec, reply, sentAt, holder);
    if (done != null) {
      finish(done);
      return;
    }
    if (budget.exhausted(tries)) {
      if (!close()) {
        return; // claimed meanwhile: the outcome wakes us
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      fail(
          new SpinlockTriesExceededException(
              spec.key(), tries, waited, holder.apply(reply.text(1))));
      return;
    }
    if (!queued) {
      queued = true;
      if (waits.join(spec.key(), this) && waits.releaseEpoch(spec.key()) != epoch) {
        again = true; // released while we were joining: try again now
        return;
      }
    }
    arm(LockEngine.pause(spec, reply.number(2)));
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
      LockEngine.release(session, spec, holder);
    }
  }

  private void fail(Throwable e) {
    finished = true;
    close();
    leave(false);
    result.completeExceptionally(e);
  }

  /** Cancelling runs as a step, so that it never races with one. */
  private void withdraw() {
    wake();
  }

  private void withdrawNow() {
    finished = true;
    Acquisition granted = granted();
    close();
    leave(false);
    if (granted != null) {
      // Handed the lock after the caller cancelled: give it back, to the next waiter if any.
      LockEngine.release(session, spec, holder);
    }
  }

  private void leave(boolean held) {
    if (queued) {
      queued = false;
      session.waits().leave(spec.key(), this, held);
    }
  }
}
