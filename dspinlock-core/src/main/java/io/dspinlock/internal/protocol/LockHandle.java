package io.dspinlock.internal.protocol;

import io.dspinlock.InvalidMutexReleaseEncounteredException;
import io.dspinlock.RedisRefusedException;
import io.dspinlock.RedisUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The state of one lock object: how often it is held, its lease, its last fencing token; its
 * acquisitions, in the calling thread ({@link SyncAcquirer}) or without one ({@link
 * AsyncAcquirer}), and its release.
 *
 * <p>Note on concurrency: the fields are guarded by this object's monitor, which is never held
 * across a Redis call or a wait. A handle may be shared by threads: ownership is by handle.
 */
public final class LockHandle implements Lease.Owner {
  private final SessionCore session;
  private final LockProtocol protocol;
  private final Renewer renewer;
  private final Consumer<String> onLost;
  private final Object owner;
  private final String name;

  private int holdCount;
  private boolean computed;
  private long token;
  private boolean hasToken;
  private Lease lease;
  private ReleaseRetry pendingRelease; // a release that failed, retried in the background
  private long heldSince = -1; // when the hold began, if observers were told; else -1

  /**
   * Creates the state of a lock object.
   *
   * @param session its session
   * @param protocol its protocol
   * @param onLost called once per acquisition if the lock is lost
   * @param owner the lock object, kept reachable while its lease or a release retry lives
   * @param name the lock's bounded name, for the session's observers
   */
  public LockHandle(
      SessionCore session,
      LockProtocol protocol,
      Consumer<String> onLost,
      Object owner,
      String name) {
    this.session = session;
    this.protocol = protocol;
    this.renewer = session.renewer();
    this.onLost = onLost;
    this.owner = owner;
    this.name = name;
  }

  /**
   * Tells the listener and the observers of a lost lock. The lease refers to the handle, and the
   * handle to its lock object: a held lock object stays reachable from the session's renewer, so a
   * session shared by parameters (closed once its lock objects are unreachable) outlives it.
   */
  @Override
  public void lost(String reason) {
    onLost.accept(reason);
    io.dspinlock.LockObserver o = session.observer();
    if (o != null) {
      o.lost(name, protocol.key(), reason);
    }
  }

  @Override
  public void renewalFailed(String reason) {
    io.dspinlock.LockObserver o = session.observer();
    if (o != null) {
      o.renewalFailed(name, protocol.key(), reason);
    }
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
    io.dspinlock.LockObserver o = session.observer();
    if (o == null) {
      return settle(SyncAcquirer.acquire(protocol, interruptible, budget), false);
    }
    long start = System.nanoTime();
    try {
      Acquisition a = settle(SyncAcquirer.acquire(protocol, interruptible, budget), true);
      return Observed.ended(o, name, protocol.key(), a, start);
    } catch (RuntimeException | InterruptedException e) {
      Observed.failed(o, name, protocol.key(), e, maxWait != null, start);
      throw e;
    }
  }

  private synchronized Acquisition settle(Acquisition a, boolean observed) {
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
      lease =
          a.kind() == Acquisition.Kind.GRANTED
              ? Lease.granted(protocol, renewer, a.sentAt(), this)
              : Lease.start(protocol, renewer, a.sentAt(), this);
      holdCount = 1;
      token = a.token();
      hasToken = true;
      heldSince = observed ? System.nanoTime() : -1;
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
    io.dspinlock.LockObserver o = session.observer();
    long start = o == null ? 0 : System.nanoTime();
    CompletableFuture<Acquisition> source =
        AsyncAcquirer.start(session, protocol, protocol.triesBudget());
    CompletableFuture<T> out = new CompletableFuture<>();
    source.whenComplete(
        (a, e) -> {
          if (e != null) {
            if (o != null) {
              Observed.failed(o, name, protocol.key(), e, false, start);
            }
            out.completeExceptionally(e);
            return;
          }
          settle(a, o != null);
          if (o != null) {
            Observed.ended(o, name, protocol.key(), a, start);
          }
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
    long since;
    synchronized (this) {
      since = heldSince;
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
    } finally {
      // The hold ends here either way: a release Redis did not take goes on in the background.
      io.dspinlock.LockObserver o = session.observer();
      if (o != null && since >= 0) {
        o.released(name, protocol.key(), Duration.ofNanos(System.nanoTime() - since));
      }
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
