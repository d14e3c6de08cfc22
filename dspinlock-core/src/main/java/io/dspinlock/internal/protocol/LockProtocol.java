package io.dspinlock.internal.protocol;

import io.dspinlock.NotEnoughReplicasException;
import io.dspinlock.RedisRefusedException;
import io.dspinlock.SpinlockTriesExceededException;
import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.scripts.LockCalls;
import io.dspinlock.internal.scripts.Outcome;
import io.dspinlock.internal.scripts.Script;
import io.dspinlock.internal.util.Log;
import io.dspinlock.internal.waiting.Notifier;
import io.dspinlock.internal.waiting.WaitQueues;
import io.dspinlock.internal.waiting.Waiter;
import io.dspinlock.internal.wire.LockKeys;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The lock protocol of one lock object: what each script's reply means, and so what to do next. The
 * waiting between attempts is the callers' ({@link SyncAcquirer} in a thread, {@link AsyncAcquirer}
 * on a timer); the decision after an attempt is made here, once, by {@link #decide}. Immutable;
 * made on a lock object's first use from its checked {@link LockSettings}.
 */
public final class LockProtocol {
  private final LockSettings settings;
  // Read on every attempt, kept here so that an attempt reads this object only:
  private final String key;
  private final int replicas;
  private final boolean failIfKeyExists;
  private final boolean fair;
  private final Budget tries;
  private final RedisGateway redis;
  private final WaitQueues waits;
  private final Notifier notifier;
  private final Function<String, String> holder;
  private final LockCalls calls;
  private final Script.Call acquire;
  private final Script.Call acquireByInbox;
  private final SessionCore session;
  private final Script.Call release;
  private final boolean debug = Log.enabled();
  private String inbox; // made when a waiter first reads it: most lock objects never wait

  /**
   * Prepares the protocol of a lock object.
   *
   * @param session its session
   * @param settings its key, tag and tunables, checked
   * @param holder describes a raw value found at the key, for messages
   */
  public LockProtocol(SessionCore session, LockSettings settings, Function<String, String> holder) {
    this.settings = settings;
    this.key = settings.key();
    this.replicas = settings.replicas();
    this.failIfKeyExists = settings.failIfKeyExists();
    this.fair = settings.fair();
    this.tries = Budget.tries(settings.maxTries());
    this.redis = session.redis();
    this.waits = session.waits();
    this.notifier = session.notifier();
    this.holder = holder;
    this.calls = settings.calls();
    this.acquire = calls.acquire();
    this.acquireByInbox = calls.acquireByInbox();
    this.session = session;
    this.release = calls.release();
  }

  /** What follows an attempt: its end ({@link Acquisition}), or a {@link Wait} for the next. */
  public sealed interface Step permits Acquisition, Wait {}

  /**
   * The key is held by another: wait at most {@code nanos} (woken sooner by a release), then try.
   *
   * @param nanos the longest wait, already cut to the budget's deadline
   * @param sentAt when the attempt was sent, on {@link System#nanoTime()}
   * @param queuedMicros the server's clock when a fair attempt joined the queue, µs; -1 if unfair
   */
  public record Wait(long nanos, long sentAt, long queuedMicros) implements Step {}

  /**
   * Makes one attempt and decides what follows it, as {@link #decide} does; with replicas asked
   * for, a new acquisition they do not confirm is freed and fails with {@link
   * NotEnoughReplicasException}.
   */
  public Step step(int tries, Budget budget, long start) {
    return step(tries, budget, start, false);
  }

  /**
   * Makes one attempt, as {@link #step(int, Budget, long)} does; with {@code byInbox}, a fair
   * attempt that finds the key held queues a waiter whose own thread reads its grant from its inbox
   * ({@link #popGrant}).
   */
  Step step(int tries, Budget budget, long start, boolean byInbox) {
    long sentAt = System.nanoTime();
    return decide(attempt(byInbox ? acquireByInbox : acquire), sentAt, tries, budget, start);
  }

  private Script.Reply attempt(Script.Call acquire) {
    if (replicas == 0) {
      return redis.eval(acquire);
    }
    RedisGateway.Waited w = redis.evalAndWait(acquire, replicas, settings.replicaTimeoutMillis());
    if (w.reply().outcome() == Outcome.ACQUIRED && w.replicas() < replicas) {
      delete();
      throw new NotEnoughReplicasException(key, w.replicas(), replicas);
    }
    return w.reply();
  }

  /**
   * Decides what follows an attempt: the one retry decision of the sync and the async paths.
   *
   * @param reply what the acquire script answered
   * @param sentAt when the attempt was sent, on {@link System#nanoTime()}
   * @param tries the tries spent so far, this attempt's included (see {@link Budget.Tries})
   * @param budget how many attempts, or until when
   * @param start when the acquisition began, on {@link System#nanoTime()}
   * @return the end of the acquisition, or how long to wait before the next attempt
   * @throws io.dspinlock.DSpinlockException as the reply calls for: tries exceeded, fail if the key
   *     exists, a foreign value or Redis type, or a reply that the script never gives
   */
  public Step decide(Script.Reply reply, long sentAt, int tries, Budget budget, long start) {
    switch (reply.outcome()) {
      case ACQUIRED:
        return done(Acquisition.Kind.ACQUIRED, reply.number(1), sentAt, tries);
      case OURS:
        return done(Acquisition.Kind.REENTERED, reply.number(1), sentAt, tries);
      case COMPUTED:
        return done(Acquisition.Kind.COMPUTED, 0, sentAt, tries);
      case BLOCKED:
        if (budget.exhausted(tries)) {
          Duration waited = Duration.ofNanos(System.nanoTime() - start);
          throw new SpinlockTriesExceededException(key, tries, waited, holder.apply(reply.text(1)));
        }
        if (debug) {
          Log.debug("{} held by another; try {} of {}", key, tries, settings.maxTries());
        }
        long micros = reply.fields().size() > 3 ? reply.number(3) : -1;
        return new Wait(budget.cap(pause(reply.number(2))), sentAt, micros);
      default:
        throw Failures.ofAttempt(key, reply, holder);
    }
  }

  private Acquisition done(Acquisition.Kind kind, long token, long sentAt, int tries) {
    if (debug) {
      Log.debug("{} {} after {} tries", key, kind, tries);
    }
    return new Acquisition(kind, token, sentAt, tries);
  }

  /**
   * Returns how long to wait after finding the key held: the sleep threshold, or less when the
   * holder's key expires sooner (a crashed holder's lease, or a grant nobody took up, runs out
   * silently, with no release). A PTTL of 0 is a key that expires within this millisecond: the next
   * attempt comes 1 ms later, not a whole sleep later; -1 is a key without a TTL.
   */
  private long pause(long pttlMillis) {
    long sleep = settings.sleepNanos();
    return pttlMillis >= 0 ? Math.min(sleep, TimeUnit.MILLISECONDS.toNanos(pttlMillis + 1)) : sleep;
  }

  /**
   * Releases the held lock: hands it to the next waiter of this session when one can take it, but
   * for a fair lock to the head of the key's queue on the server first, when others wait there
   * (whose session is told; here, when it is this one). Else the key turns COMPUTED for the
   * settings' time and waiters are woken.
   *
   * @throws io.dspinlock.InvalidMutexReleaseEncounteredException if the key is no longer ours
   */
  public void release() {
    Waiter next = waits.claimHandoff(key, !fair);
    if (next != null && handOff(next)) {
      return;
    }
    if (waits.hasWaiters(key)) {
      notifier.releasingLocally(key, settings.tag());
    }
    long sentAt = System.nanoTime();
    Script.Reply reply = redis.eval(release);
    switch (reply.outcome()) {
      case GRANTED:
        waits.grantedLocally(key, reply.text(1), reply.number(2), sentAt);
        return;
      case RELEASED:
      case ALREADY:
        waits.released(key);
        if (debug) {
          Log.debug("{} released, COMPUTED for {} ms", key, settings.computedMillis());
        }
        return;
      default:
        throw Failures.ofRelease(key, reply, holder);
    }
  }

  /**
   * Hands the lock to a claimed waiter of this session in one script; its thread is woken first, so
   * that it is running by the time the grant comes.
   *
   * @return true if the lock was handed over, or had already been released
   */
  private boolean handOff(Waiter next) {
    next.wake();
    long sentAt = System.nanoTime();
    Script.Reply reply;
    try {
      reply = redis.eval(calls.handoff(next.handoffCalls()));
    } catch (RuntimeException e) {
      next.decline();
      throw e;
    }
    switch (reply.outcome()) {
      case HANDED:
        next.grant(reply.number(1), sentAt);
        return true;
      case GRANTED:
        next.decline(); // it queues on the server in its turn
        waits.grantedLocally(key, reply.text(1), reply.number(2), sentAt);
        return true;
      case ALREADY:
        next.decline();
        return true;
      default:
        next.decline();
        throw Failures.ofRelease(key, reply, holder);
    }
  }

  /**
   * Deletes the key's state unless another holder has it BLOCKED.
   *
   * @return true if a value was deleted, false if there was none
   * @throws io.dspinlock.AtomicQueryInvalidStateException if another holder has the key BLOCKED
   */
  public boolean delete() {
    return deleted(waits, key, redis.eval(calls.delete()), holder);
  }

  /** Reads the reply of a delete: true if a value was deleted, and then waiters are told. */
  static boolean deleted(
      WaitQueues waits, String key, Script.Reply reply, Function<String, String> holder) {
    if (reply.outcome() == Outcome.ABSENT) {
      return false;
    }
    if (reply.outcome() != Outcome.DELETED) {
      throw Failures.ofDelete(key, reply, holder);
    }
    waits.released(key);
    return true;
  }

  /**
   * Takes one of the session's permits for a fair waiter to wait on its inbox ({@link #popGrant}),
   * if one is free and Redis has not refused such waits; give it back with {@link
   * #returnInboxPermit}.
   *
   * @return true if taken
   */
  boolean takeInboxPermit() {
    return session.inboxUsable() && session.inboxWaits().tryAcquire();
  }

  void returnInboxPermit() {
    session.inboxWaits().release();
  }

  /**
   * Waits on the server for a grant pushed to the inbox of this lock's fair waiter, and gives it to
   * the waiter through its session's queues, as a published one would be.
   *
   * @param timeoutMillis the longest wait on the server
   * @param sinceMicros the server's clock when this acquisition first queued, µs: an announcement
   *     from before it is a former acquisition's, left unread, and is dropped
   * @return true if a grant was given to the waiter
   * @throws io.dspinlock.DSpinlockException if Redis fails
   */
  boolean popGrant(long timeoutMillis, long sinceMicros) {
    String value = calls.value();
    if (inbox == null) {
      inbox = LockKeys.inbox(key, value);
    }
    String message;
    try {
      message = redis.popWithin(inbox, timeoutMillis);
    } catch (RedisRefusedException refused) {
      session.inboxRefused();
      throw refused;
    }
    return message != null && waits.announced(key, message, System.nanoTime(), value, sinceMicros);
  }

  /** {@return the key, tag and tunables} */
  public LockSettings settings() {
    return settings;
  }

  // None for a cached-if-computed lock, which does not want the lock, nor for one that waits for
  // replicas: WAIT has to follow the write on the connection that made it.
  LockCalls handoffCalls() {
    return settings.cachedIfComputed() || replicas > 0 ? null : calls;
  }

  /** {@return the value under which a waiter queues on the server; null for an unfair lock} */
  String queuedAs() {
    return fair ? calls.value() : null;
  }

  boolean fair() {
    return fair;
  }

  /** {@return the budget of {@code acquire()}: the settings' tries} */
  Budget triesBudget() {
    return tries;
  }

  // An attempt fails at once when the key exists; such a caller never queues.
  boolean failIfKeyExists() {
    return failIfKeyExists;
  }

  String key() {
    return key;
  }

  RedisGateway redis() {
    return redis;
  }

  LockCalls calls() {
    return calls;
  }

  Function<String, String> holder() {
    return holder;
  }

  WaitQueues waits() {
    return waits;
  }
}
