package io.dspinlock.internal;

import io.dspinlock.InvalidMutexReleaseEncounteredException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The state of one lock object: how often it is held, its lease, its last fencing token.
 *
 * <p>Note on concurrency: the fields are guarded by this object's monitor, which is never held
 * across a Redis call or a wait. A handle may be shared by threads: ownership is by handle.
 */
public final class LockHandle {
  private final SessionCore session;
  private final LockSpec spec;
  private final Function<String, String> holder;
  private final Consumer<String> onLost;

  private int holdCount;
  private boolean computed;
  private long token;
  private boolean hasToken;
  private Lease lease;

  /**
   * Creates the state of a lock object.
   *
   * @param session its session
   * @param spec its key, tag and tunables
   * @param holder describes a raw value found at the key, for messages
   * @param onLost called once per acquisition if the lock is lost
   */
  public LockHandle(
      SessionCore session,
      LockSpec spec,
      Function<String, String> holder,
      Consumer<String> onLost) {
    this.session = session;
    this.spec = spec;
    this.holder = holder;
    this.onLost = onLost;
  }

  /**
   * Returns the spec.
   *
   * @return key, tag and tunables
   */
  public LockSpec spec() {
    return spec;
  }

  /**
   * Acquires, waiting in this thread.
   *
   * @param interruptible whether an interrupt ends the wait
   * @return how it ended
   * @throws InterruptedException if interruptible and interrupted
   */
  public Acquisition acquire(boolean interruptible) throws InterruptedException {
    return acquire(interruptible, Budget.tries(spec.maxTries()));
  }

  /**
   * Acquires within a budget, waiting in this thread.
   *
   * @param interruptible whether an interrupt ends the wait
   * @param budget attempts, or a deadline
   * @return how it ended
   * @throws InterruptedException if interruptible and interrupted
   */
  public Acquisition acquire(boolean interruptible, Budget budget) throws InterruptedException {
    return settle(LockEngine.acquire(session, spec, holder, interruptible, budget));
  }

  private synchronized Acquisition settle(Acquisition a) {
    computed = !a.held();
    if (!a.held()) {
      return a;
    }
    if (lease == null || lease.state() != Lease.State.ACTIVE) {
      // A fresh hold: any earlier one was released or lost.
      lease = Lease.start(session, spec, a.sentAt(), holder, onLost);
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
   * @param budget attempts, or a deadline
   * @param value what the returned future completes with
   * @param <T> its type
   * @return completes with {@code value} once acquired (or cached); cancelling it withdraws the
   *     acquisition, and a lock taken meanwhile is released
   */
  public <T> CompletableFuture<T> acquireAsync(Budget budget, T value) {
    CompletableFuture<Acquisition> source = AsyncAcquirer.start(session, spec, holder, budget);
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
   * Releases if held: only the last of re-entrant holds releases.
   *
   * @throws InvalidMutexReleaseEncounteredException if the lock was lost or the key is not ours
   */
  public void close() {
    Lease l;
    synchronized (this) {
      if (holdCount == 0 || --holdCount > 0) {
        return;
      }
      l = lease;
    }
    if (!l.release()) {
      throw new InvalidMutexReleaseEncounteredException(
          "cannot release " + spec.key() + ": the lock was lost: " + l.lostReason());
    }
    LockEngine.release(session, spec, holder);
  }

  /**
   * Deletes the key's state unless another holder has it; a hold of ours ends with it.
   *
   * @return true if a value was deleted
   */
  public boolean delete() {
    boolean deleted = LockEngine.delete(session, spec, holder);
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

  /**
   * Tells whether the lock is held and within its lease.
   *
   * @return true while held
   */
  public synchronized boolean isHeld() {
    return holdCount > 0 && lease != null && lease.isValid();
  }

  /**
   * Tells whether the last acquisition took the cached path.
   *
   * @return true if the key was COMPUTED and not taken
   */
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
      throw new IllegalStateException("no fencing token: " + spec.key() + " was never acquired");
    }
    return token;
  }
}
