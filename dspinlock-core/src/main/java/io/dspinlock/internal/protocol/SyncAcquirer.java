package io.dspinlock.internal.protocol;

import io.dspinlock.SpinlockTriesExceededException;
import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.scripts.Outcome;
import io.dspinlock.internal.scripts.Script;
import io.dspinlock.internal.waiting.SyncWaiter;
import io.dspinlock.internal.waiting.WaitQueues;
import java.util.concurrent.TimeUnit;

/**
 * One acquisition in the calling thread: it makes the attempts that {@link LockProtocol} decides
 * on, and waits between them in the key's queue of its session, woken by a release, or handed the
 * lock (by a holder of this session, or by the server's queue for a fair lock).
 *
 * <p>Note on fair locks: the first attempt that finds the key held also queues the caller on the
 * server, and every later attempt keeps its place there. A caller that gives up leaves that queue
 * at once; a grant that reached it meanwhile makes it the holder instead, rather than leave the key
 * to expire unused. While it waits there, the calling thread itself waits on the server for the
 * grant, pushed to its inbox (BLPOP, in slices of {@value #INBOX_SLICE_MILLIS} ms, between which it
 * sees interrupts and wake-ups): no other thread of the process has to wake first, which on a small
 * or virtual machine costs more than a round trip. A session lets a few threads wait so at once
 * ({@link RedisGateway#blockingWaits()}); the others are told of their grants by its subscription.
 */
final class SyncAcquirer {
  /** The longest wait on the server for a grant, ms: how soon an interrupt or a wake-up is seen. */
  static final long INBOX_SLICE_MILLIS = 100;

  /**
   * The shortest wait on the server, ms: Redis reads a BLPOP timeout as seconds and truncates it to
   * whole ms, so that 0.001 may become 0, which waits for ever. A shorter wait parks instead.
   */
  static final long INBOX_MIN_SLICE_MILLIS = 10;

  private final LockProtocol protocol;
  private final boolean interruptible;
  private final Budget budget;
  private final long start = System.nanoTime();
  private final WaitQueues waits;
  private final String key;
  private final boolean fair;
  private final long grantMillis;
  private SyncWaiter waiter;
  private Budget.Tries tries; // made at the first attempt that finds the key held
  private boolean interrupted;
  private boolean inboxPermit; // held from the first fair attempt to the end
  private boolean inboxFailed; // a wait on the inbox failed: the next attempts queue to listen
  private long queuedSince = -1; // the server's clock when a fair attempt first queued us, µs

  private SyncAcquirer(LockProtocol protocol, boolean interruptible, Budget budget) {
    this.protocol = protocol;
    this.interruptible = interruptible;
    this.budget = budget;
    this.waits = protocol.waits();
    this.key = protocol.key();
    this.fair = protocol.fair();
    this.grantMillis = protocol.settings().grantMillis();
  }

  /**
   * Acquires, waiting in this thread.
   *
   * @param protocol the lock
   * @param interruptible whether an interrupt ends the wait; if not, it is kept for the caller
   * @param budget how many tries, or until when
   * @return how it ended
   * @throws InterruptedException if interruptible and interrupted
   * @throws io.dspinlock.SpinlockTriesExceededException when the tries or the time are spent
   */
  static Acquisition acquire(LockProtocol protocol, boolean interruptible, Budget budget)
      throws InterruptedException {
    return new SyncAcquirer(protocol, interruptible, budget).run();
  }

  private Acquisition run() throws InterruptedException {
    boolean held = false;
    try {
      Acquisition done = loop();
      held = done.held();
      return done;
    } catch (RuntimeException | InterruptedException e) {
      // A holder, or the server's queue, may be handing us the lock right now: take it rather
      // than leak it.
      Acquisition granted =
          waiter == null
              ? leaveAfterFirstAttempt(protocol, e)
              : settleOnFailure(e instanceof InterruptedException);
      if (granted != null) {
        held = true;
        return granted;
      }
      throw e;
    } finally {
      if (inboxPermit) {
        protocol.returnInboxPermit();
      }
      if (waiter != null) {
        waiter.close();
        waits.leave(key, waiter, held);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Acquisition loop() throws InterruptedException {
    if (!protocol.failIfKeyExists() && waits.hasWaiters(key)) {
      // Others of this session already wait: queue behind them instead of barging. A fair
      // waiter is handed the lock by the session's holder, or, when waiters of other sessions
      // queue on the server, told to queue there in its turn.
      waiter = new SyncWaiter(protocol.handoffCalls(), protocol.queuedAs());
      if (!waits.join(key, waiter)) {
        await(budget.cap(protocol.settings().sleepNanos()));
      }
    }
    while (true) {
      if (waiter != null) {
        interrupted |= waiter.awaitSettled();
        if (waiter.isGranted()) {
          if (waiter.grantIsFresh(grantMillis)) {
            return Acquisition.granted(waiter, tries); // handed over by the holder before us
          }
          waiter.reopen(); // read too late: the next attempt tells whether it is still ours
        }
      }
      int spent = tries == null ? 1 : tries.beforeAttempt(System.nanoTime());
      long epoch = waits.releaseEpoch(key);
      boolean byInbox =
          fair && !inboxFailed && (inboxPermit || (inboxPermit = protocol.takeInboxPermit()));
      LockProtocol.Step step = protocol.step(spent, budget, start, byInbox);
      if (step instanceof Acquisition) {
        return (Acquisition) step;
      }
      LockProtocol.Wait w = (LockProtocol.Wait) step;
      if (tries == null) {
        tries = new Budget.Tries();
      }
      long wait = tries.waitNanos(w.nanos(), System.nanoTime());
      boolean joining = waiter == null;
      if (joining) {
        waiter = new SyncWaiter(protocol.handoffCalls(), protocol.queuedAs());
      }
      if (fair) {
        waiter.queuedAt(w.sentAt(), w.queuedMicros());
        if (joining) {
          waits.joinQueued(key, waiter);
        }
        if (waiter.isGranted()) {
          continue; // granted before we joined
        }
        if (byInbox) {
          if (queuedSince < 0) {
            queuedSince = w.queuedMicros();
          }
          awaitInbox(wait);
          continue;
        }
      } else if (joining && waits.join(key, waiter) && waits.releaseEpoch(key) != epoch) {
        continue; // released while we were joining: try again now
      }
      await(wait);
    }
  }

  /**
   * After the first attempt failed: a fair attempt that found the key held and spent the last try
   * (a lock of one try, a {@code tryAcquire} past its deadline) has joined the key's queue on the
   * server all the same, and leaves it, so that no grant goes to it.
   *
   * @return the lock, when it was granted to us meanwhile; else null
   */
  static Acquisition leaveAfterFirstAttempt(LockProtocol protocol, Throwable failure) {
    return protocol.fair() && failure instanceof SpinlockTriesExceededException
        ? leave(protocol, 1)
        : null;
  }

  /** After a failure: the lock if it was handed to us meanwhile, else null (we left any queue). */
  private Acquisition settleOnFailure(boolean wasInterrupted) {
    if (!waiter.close()) {
      interrupted |= waiter.awaitSettled() || wasInterrupted;
      if (waiter.isGranted() && waiter.grantIsFresh(grantMillis)) {
        return Acquisition.granted(waiter, tries);
      }
    }
    Acquisition taken = fair ? leave(protocol, Budget.Tries.spent(tries)) : null;
    if (taken != null) {
      interrupted |= wasInterrupted;
    }
    return taken;
  }

  /**
   * Takes a fair waiter that gives up out of the key's queue on the server.
   *
   * @param protocol the lock
   * @param tries the tries the waiter spent
   * @return the lock, when it had been granted to the waiter meanwhile; else null, also when Redis
   *     did not answer: the entry then expires on its own, and a grant to it within the grant time
   */
  static Acquisition leave(LockProtocol protocol, int tries) {
    long sentAt = System.nanoTime();
    try {
      Script.Reply reply = protocol.redis().eval(protocol.calls().leave());
      return reply.outcome() == Outcome.OURS
          ? new Acquisition(Acquisition.Kind.ACQUIRED, reply.number(1), sentAt, tries)
          : null;
    } catch (RuntimeException unreachable) {
      return null;
    }
  }

  /**
   * Waits until the grant comes to the waiter's inbox, the waiter is woken (a handoff within the
   * session, a release) or the time is up, whichever is first.
   */
  private void awaitInbox(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (!waiter.isGranted() && !waiter.isClaimed() && !waiter.takeWake()) {
      if (Thread.interrupted()) {
        if (interruptible) {
          throw new InterruptedException();
        }
        interrupted = true;
      }
      long left = deadline - System.nanoTime();
      long slice = Math.min(INBOX_SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(left));
      if (slice < INBOX_MIN_SLICE_MILLIS) {
        // The grant, if one comes, waits in the inbox for the next attempt, which finds the key
        // its own.
        await(Math.max(0, left));
        return;
      }
      try {
        if (protocol.popGrant(slice, queuedSince)) {
          return;
        }
      } catch (RuntimeException redisFailed) {
        // The next attempt tells what became of Redis, and queues this waiter to be told of its
        // grant by message; one already in the inbox makes that attempt find the key its own.
        inboxFailed = true;
        await(deadline - System.nanoTime());
        return;
      }
    }
  }

  private void await(long nanos) throws InterruptedException {
    try {
      waiter.await(nanos);
    } catch (InterruptedException e) {
      if (interruptible) {
        throw e;
      }
      interrupted = true;
    }
  }
}
