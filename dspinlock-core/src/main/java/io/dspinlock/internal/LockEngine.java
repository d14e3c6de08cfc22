package io.dspinlock.internal;

import io.dspinlock.AtomicQueryInvalidStateException;
import io.dspinlock.DSpinlockException;
import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.InvalidMutexReleaseEncounteredException;
import io.dspinlock.InvalidValueEncounteredDuringUnpackingException;
import io.dspinlock.NotEnoughReplicasException;
import io.dspinlock.SpinlockTriesExceededException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The lock protocol over a session: acquire with bounded tries, release, delete. Each step on the
 * server is one script run; the waiting between attempts happens here.
 */
public final class LockEngine {
  private LockEngine() {}

  /**
   * Acquires a lock, waiting between attempts as the spec allows.
   *
   * @param session the session
   * @param spec the lock
   * @param holder describes a raw value found at the key, for messages
   * @param interruptible whether an interrupt ends the wait; if not, it is kept for the caller
   * @param budget how many attempts, or until when
   * @return how the acquisition ended
   * @throws InterruptedException if interruptible and interrupted while waiting
   * @throws SpinlockTriesExceededException when the budget is spent
   */
  public static Acquisition acquire(
      SessionCore session,
      LockSpec spec,
      Function<String, String> holder,
      boolean interruptible,
      Budget budget)
      throws InterruptedException {
    long start = System.nanoTime();
    WaitQueues waits = session.waits();
    String key = spec.key();
    LockSpec handoff = spec.cachedIfComputed() ? null : spec; // the cached path wants no lock
    SyncWaiter waiter = null;
    boolean held = false;
    boolean interrupted = false;
    int tries = 0;
    try {
      if (!spec.failIfKeyExists() && waits.hasWaiters(key)) {
        // Others of this session already wait: queue behind them instead of barging.
        waiter = new SyncWaiter(handoff);
        if (!waits.join(key, waiter)) {
          interrupted |= await(waiter, budget.cap(spec.sleepNanos()), interruptible);
        }
      }
      while (true) {
        if (waiter != null) {
          interrupted |= waiter.awaitSettled();
          Acquisition granted = waiter.granted();
          if (granted != null) {
            held = true;
            return granted; // handed over by the holder before us
          }
        }
        tries++;
        long epoch = waits.releaseEpoch(key);
        long sentAt = System.nanoTime();
        Reply reply = attempt(session, spec, holder);
        Acquisition done = settle(spec, reply, sentAt, holder);
        if (done != null) {
          held = done.held();
          if (Log.enabled()) {
            Log.debug("{} {} after {} tries", key, done.kind(), tries);
          }
          return done;
        }
        if (budget.exhausted(tries)) {
          Duration waited = Duration.ofNanos(System.nanoTime() - start);
          throw new SpinlockTriesExceededException(key, tries, waited, holder.apply(reply.text(1)));
        }
        if (waiter == null) {
          waiter = new SyncWaiter(handoff);
          if (waits.join(key, waiter) && waits.releaseEpoch(key) != epoch) {
            continue; // released while we were joining: try again now
          }
        }
        if (Log.enabled()) {
          Log.debug("{} held by another; try {} of {}", key, tries, spec.maxTries());
        }
        interrupted |= await(waiter, budget.cap(pause(spec, reply.number(2))), interruptible);
      }
    } catch (RuntimeException | InterruptedException e) {
      // A holder may be handing us the lock right now: take it rather than leak it.
      if (waiter != null && !waiter.close()) {
        interrupted |= waiter.awaitSettled() || e instanceof InterruptedException;
        Acquisition granted = waiter.granted();
        if (granted != null) {
          held = true;
          return granted;
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

  /**
   * Makes one attempt; with replicas asked for, WAITs for them after a write, and frees a key they
   * did not confirm.
   *
   * @throws NotEnoughReplicasException when too few replicas confirmed a new acquisition
   */
  static Reply attempt(SessionCore session, LockSpec spec, Function<String, String> holder) {
    if (spec.replicas() == 0) {
      return session.eval(spec.acquireCall());
    }
    RedisGateway.Waited w =
        session.evalAndWait(spec.acquireCall(), spec.replicas(), spec.replicaTimeoutMillis());
    if (w.reply().outcome().equals("ACQUIRED") && w.replicas() < spec.replicas()) {
      delete(session, spec, holder);
      throw new NotEnoughReplicasException(spec.key(), w.replicas(), spec.replicas());
    }
    return w.reply();
  }

  /**
   * Returns how long to wait after finding the key held: the sleep threshold, or less when the
   * holder's key expires sooner (a crashed holder's lease runs out silently, with no release).
   */
  static long pause(LockSpec spec, long pttlMillis) {
    if (pttlMillis > 0) {
      return Math.min(spec.sleepNanos(), TimeUnit.MILLISECONDS.toNanos(pttlMillis + 1));
    }
    return spec.sleepNanos();
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

  /** Returns the end of an acquisition, null to wait and try again, or throws. */
  static Acquisition settle(
      LockSpec spec, Reply reply, long sentAt, Function<String, String> holder) {
    String key = spec.key();
    switch (reply.outcome()) {
      case "ACQUIRED":
        return new Acquisition(Acquisition.Kind.ACQUIRED, reply.number(1), sentAt);
      case "OURS":
        return new Acquisition(Acquisition.Kind.REENTERED, reply.number(1), sentAt);
      case "COMPUTED":
        return new Acquisition(Acquisition.Kind.COMPUTED, 0, sentAt);
      case "BLOCKED":
        return null;
      case "EXISTS":
        throw new FailIfKeyExistsIsEnabledException(
            key + " exists and failIfKeyExists is set; " + holder.apply(reply.text(1)));
      default:
        throw unexpected(key, reply, "acquire.lua");
    }
  }

  /**
   * Releases a held lock: its key becomes COMPUTED for the spec's time, and waiters are woken.
   *
   * @param session the session
   * @param spec the lock
   * @param holder describes a raw value found at the key, for messages
   * @throws InvalidMutexReleaseEncounteredException if the key is no longer ours
   */
  public static void release(SessionCore session, LockSpec spec, Function<String, String> holder) {
    String key = spec.key();
    Waiter next = session.waits().claimHandoff(key);
    if (next != null && handOff(session, spec, next, holder)) {
      return;
    }
    session.notifier().releasingLocally(key, spec.tag());
    Reply reply = session.eval(spec.releaseCall());
    switch (reply.outcome()) {
      case "RELEASED":
      case "ALREADY":
        session.waits().released(key);
        if (Log.enabled()) {
          Log.debug("{} released, COMPUTED for {} ms", key, spec.computedMillis());
        }
        return;
      default:
        throw releaseFailure(key, reply, holder);
    }
  }

  /**
   * Hands the lock to a claimed waiter of this session in one script; its thread is woken first, so
   * that it is running by the time the grant comes.
   *
   * @return true if the lock was handed over, or had already been released
   */
  private static boolean handOff(
      SessionCore session, LockSpec spec, Waiter next, Function<String, String> holder) {
    next.wake();
    long sentAt = System.nanoTime();
    Reply reply;
    try {
      reply =
          session.eval(LuaScript.HANDOFF, spec.acquireKeys(), spec.handoffArgs(next.handoffSpec()));
    } catch (RuntimeException e) {
      next.decline();
      throw e;
    }
    switch (reply.outcome()) {
      case "HANDED":
        next.grant(reply.number(1), sentAt);
        return true;
      case "ALREADY":
        next.decline();
        return true;
      default:
        next.decline();
        throw releaseFailure(spec.key(), reply, holder);
    }
  }

  private static RuntimeException releaseFailure(
      String key, Reply reply, Function<String, String> holder) {
    switch (reply.outcome()) {
      case "GONE":
        return new InvalidMutexReleaseEncounteredException(
            "cannot release " + key + ": the key is gone (its lease ran out, or it was deleted)");
      case "NOT_OURS":
        return new InvalidMutexReleaseEncounteredException(
            "cannot release " + key + ": it is not ours any more; " + holder.apply(reply.text(1)));
      case "WRONGTYPE":
        return new InvalidMutexReleaseEncounteredException(
            "cannot release " + key + ": " + reply.text(1));
      default:
        return new DSpinlockException("release answered " + reply.fields() + " for " + key);
    }
  }

  /**
   * Deletes a key's state unless another holder has it BLOCKED.
   *
   * @param session the session
   * @param spec the lock
   * @param holder describes a raw value found at the key, for messages
   * @return true if a value was deleted, false if there was none
   */
  public static boolean delete(
      SessionCore session, LockSpec spec, Function<String, String> holder) {
    String key = spec.key();
    Reply reply = session.eval(LuaScript.DELETE, spec.keyOnly(), spec.deleteArgs());
    switch (reply.outcome()) {
      case "DELETED":
        session.waits().released(key);
        return true;
      case "ABSENT":
        return false;
      case "BLOCKED":
        throw new AtomicQueryInvalidStateException(
            "refusing to delete " + key + ": " + holder.apply(reply.text(1)));
      default:
        throw unexpected(key, reply, "delete.lua");
    }
  }

  /** The exception for a key that holds something else than a lock, or for a reply unknown. */
  private static RuntimeException unexpected(String key, Reply reply, String script) {
    switch (reply.outcome()) {
      case "INVALID":
        return new InvalidValueEncounteredDuringUnpackingException(key, reply.text(1));
      case "WRONGTYPE":
        return new AtomicQueryInvalidStateException(
            reply.text(1) + ", not a dspinlock value; left untouched");
      default:
        return new DSpinlockException(script + " answered " + reply.fields() + " for " + key);
    }
  }
}
