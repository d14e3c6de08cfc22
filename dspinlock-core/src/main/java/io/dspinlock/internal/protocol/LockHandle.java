package io.dspinlock.internal.protocol;

import io.dspinlock.InvalidMutexReleaseEncounteredException;
import io.dspinlock.RedisRefusedException;
import io.dspinlock.RedisUnavailableException;
import io.dspinlock.internal.protocol.LockProtocol.Acquisition;
import io.dspinlock.internal.waiting.SyncWaiter;
import io.dspinlock.internal.waiting.WaitQueues;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The state of one lock object: how often it is held, its lease, its last fencing token; and its
 * acquisition in the calling thread, which waits between the attempts that {@link LockProtocol}
 * decides on.
 *
 * <p>Note on concurrency: the fields are guarded by this object's monitor, which is never held
 * across a Redis call or a wait. A handle may be shared by threads: ownership is by handle.
 */
public final class LockHandle {
  private final SessionCore session;
  private final LockProtocol protocol;
  private final Lease.Renewer renewer;
  private final Consumer<String> onLost;

  private int holdCount;
  private boolean computed;
  private long token;
  private boolean hasToken;
  private Lease lease;
  private ReleaseRetry pendingRelease; // a release that failed, retried in the background

  /**
   * Creates the state of a lock object.
   *
   * @param session its session
   * @param protocol its protocol
   * @param onLost called once per acquisition if the lock is lost
   */
  public LockHandle(SessionCore session, LockProtocol protocol, Consumer<String> onLost) {
    this.session = session;
    this.protocol = protocol;
    this.renewer = session.renewer();
    this.onLost = onLost;
  }

  /**
   * Acquires, waiting in this thread.
   *
   * @param interruptible whether an interrupt ends the wait; if not, it is kept for the caller
   * @param maxWait how long to try, whatever the tries; null for the settings' tries
   * @return how it ended
   * @throws InterruptedException if interruptible and interrupted
   * @throws io.dspinlock.SpinlockTriesExceededException when the tries or the time are spent
   */
  public Acquisition acquire(boolean interruptible, Duration maxWait) throws InterruptedException {
    Budget budget = maxWait == null ? protocol.triesBudget() : Budget.within(maxWait);
    return settle(acquire(interruptible, budget));
  }

  private Acquisition acquire(boolean interruptible, Budget budget) throws InterruptedException {
    long start = System.nanoTime();
    WaitQueues waits = protocol.waits();
    String key = protocol.key();
    SyncWaiter waiter = null;
    boolean held = false;
    boolean interrupted = false;
    Budget.Tries tries = null; // made at the first attempt that finds the key held
    try {
      if (!protocol.failIfKeyExists() && waits.hasWaiters(key)) {
        // Others of this session already wait: queue behind them instead of barging.
        waiter = new SyncWaiter(protocol.handoffCalls());
        if (!waits.join(key, waiter)) {
          interrupted |= await(waiter, budget.cap(protocol.settings().sleepNanos()), interruptible);
        }
      }
      while (true) {
        if (waiter != null) {
          interrupted |= waiter.awaitSettled();
          if (waiter.isGranted()) {
            held = true;
            return Acquisition.granted(waiter); // handed over by the holder before us
          }
        }
        int spent = tries == null ? 1 : tries.beforeAttempt(System.nanoTime());
        long epoch = waits.releaseEpoch(key);
        LockProtocol.Step step = protocol.step(spent, budget, start);
        if (step instanceof Acquisition) {
          Acquisition done = (Acquisition) step;
          held = done.held();
          return done;
        }
        if (tries == null) {
          tries = new Budget.Tries();
        }
        long wait = tries.waitNanos(((LockProtocol.Wait) step).nanos(), System.nanoTime());
        if (waiter == null) {
          waiter = new SyncWaiter(protocol.handoffCalls());
          if (waits.join(key, waiter) && waits.releaseEpoch(key) != epoch) {
            continue; // released while we were joining: try again now
          }
        }
        interrupted |= await(waiter, wait, interruptible);
      }
    } catch (RuntimeException | InterruptedException e) {
      // A holder may be handing us the lock right now: take it rather than leak it.
      if (waiter != null && !waiter.close()) {
        interrupted |= waiter.awaitSettled() || e instanceof InterruptedException;
        if (waiter.isGranted()) {
          held = true;
          return Acquisition.granted(waiter);
        }
      }
      throw e;
    } finally {
      if (waiter != null) {
        waiter.close();
        waits.leave(key, waiter, held);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean await(SyncWaiter waiter, long nanos, boolean interruptible)
      throws InterruptedException {
    try {
      waiter.await(nanos);
      return false;
    } catch (InterruptedException e) {
      if (interruptible) {
        throw e;
      }
      return true;
    }
  }

  private synchronized Acquisition settle(Acquisition a) {
    computed = !a.held();
    if (!a.held()) {
      return a;
    }
    if (pendingRelease != null) {
      pendingRelease.cancel(); // ours again: a late retry must not release this hold
      pendingRelease = null;
    }
    if (lease == null || lease.state() != Lease.State.ACTIVE) {
      // A fresh hold: any earlier one was released or lost.
      lease = Lease.start(protocol, renewer, a.sentAt(), onLost);
      holdCount = 1;
      token = a.token();
      hasToken = true;
    } else {
      holdCount++;
    }
    return a;
  }

  /**
   * Acquires without waiting in this thread.
   *
   * @param value what the returned future completes with
   * @param <T> its type
   * @return completes with {@code value} once acquired (or cached); cancelling it withdraws the
   *     acquisition, and a lock taken meanwhile is released
   */
  public <T> CompletableFuture<T> acquireAsync(T value) {
    CompletableFuture<Acquisition> source =
        AsyncAcquirer.start(session, protocol, protocol.triesBudget());
    CompletableFuture<T> out = new CompletableFuture<>();
    source.whenComplete(
        (a, e) -> {
          if (e != null) {
            out.completeExceptionally(e);
            return;
          }
          settle(a);
          if (!out.complete(value) && a.held()) {
            close(); // the caller cancelled while the lock was being taken
          }
        });
    out.whenComplete(
        (a, e) -> {
          if (out.isCancelled()) {
            source.cancel(false);
          }
        });
    return out;
  }

  /**
   * Releases if held: only the last of re-entrant holds releases. A release that Redis did not
   * answer, or refused, is retried in the background until the lease ends; calling this again
   * retries at once.
   *
   * @throws InvalidMutexReleaseEncounteredException if the lock was lost or the key is not ours
   */
  public void close() {
    Lease l;
    ReleaseRetry pending;
    synchronized (this) {
      pending = pendingRelease;
      if (holdCount == 0) {
        if (pending == null) {
          return;
        }
        l = null;
      } else if (--holdCount > 0) {
        return;
      } else {
        l = lease;
      }
    }
    if (l == null) {
      pending.now();
      return;
    }
    if (!l.release()) {
      throw new InvalidMutexReleaseEncounteredException(
          "cannot release " + protocol.key() + ": the lock was lost: " + l.lostReason());
    }
    try {
      protocol.release();
    } catch (RedisUnavailableException | RedisRefusedException failed) {
      ReleaseRetry retry = new ReleaseRetry(session, protocol, l.validUntil(), this);
      synchronized (this) {
        pendingRelease = retry;
      }
      retry.schedule();
      throw failed;
    }
  }

  /** Forgets a release retried in the background, once its retries end. */
  synchronized void retried(ReleaseRetry retry) {
    if (pendingRelease == retry) {
      pendingRelease = null;
    }
  }

  /**
   * Deletes the key's state unless another holder has it; a hold of ours ends with it.
   *
   * @return true if a value was deleted
   */
  public boolean delete() {
    boolean deleted = protocol.delete();
    if (deleted) {
      synchronized (this) {
        if (lease != null) {
          lease.release();
        }
        holdCount = 0;
        computed = false;
      }
    }
    return deleted;
  }

  /** {@return whether the lock is held and within its lease} */
  public synchronized boolean isHeld() {
    return holdCount > 0 && lease != null && lease.isValid();
  }

  /** {@return whether the last acquisition took the cached path: COMPUTED, not taken} */
  public synchronized boolean isComputed() {
    return computed;
  }

  /**
   * Returns the fencing token of the latest hold.
   *
   * @return the token
   * @throws IllegalStateException if never held
   */
  public synchronized long fencingToken() {
    if (!hasToken) {
      throw new IllegalStateException(
          "no fencing token: " + protocol.key() + " was never acquired");
    }
    return token;
  }

  /** {@return the lock's protocol} */
  public LockProtocol protocol() {
    return protocol;
  }
}
