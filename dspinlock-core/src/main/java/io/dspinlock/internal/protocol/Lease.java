package io.dspinlock.internal.protocol;

import io.dspinlock.DSpinlockException;
import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.scripts.Outcome;
import io.dspinlock.internal.scripts.Script;
import io.dspinlock.internal.util.Log;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lease of one held lock, renewed by its session's {@link Renewer}.
 *
 * <p>Renews at a third of the lease. A renewal that finds the key gone or taken marks the lock lost
 * at once; one that cannot reach Redis is retried until the lease would have run out, then the lock
 * is marked lost. Renewal stops at {@code maxBlockTime()} after acquisition: the last renewal is
 * cut so that the key expires exactly then.
 *
 * <p>A lock granted from a fair key's queue starts with the grant's short time to live, from the
 * grant on: a third of it later, if still held, it is taken up, that is renewed with the full
 * lease. A holder that releases sooner (the usual case) never sends it.
 *
 * <p>Note on time: all deadlines are on the monotonic clock of this process and start when a
 * request is sent, so they end no later than the server's expiry; only lease lengths travel.
 */
final class Lease {
  /** Who holds a lease: told when a renewal fails and when the lock is lost. */
  interface Owner {
    /**
     * A renewal did not reach Redis; it is tried again while the lease lasts.
     *
     * @param reason what went wrong
     */
    void renewalFailed(String reason);

    /**
     * The lock is lost, once per lease.
     *
     * @param reason why
     */
    void lost(String reason);
  }

  /** Where a lease stands; it leaves ACTIVE exactly once. */
  enum State {
    /** Held, and renewed. */
    ACTIVE,
    /** Released by its holder. */
    RELEASED,
    /** Lost: expired unrenewed, or taken. */
    LOST
  }

  private final LockProtocol protocol;
  private final Renewer renewer;
  private final Owner owner;
  private final long maxBlockDeadline;
  private final long leaseNanos;
  private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);
  private volatile long validUntil;
  private volatile String lostReason;
  private long nextRenewal; // touched by the renewer's tick only
  private volatile Future<?> takeUp;
  private volatile long grantNanos; // while a lock granted from a fair queue is not taken up yet

  private Lease(LockProtocol protocol, Renewer renewer, long sentAt, long validNanos, Owner owner) {
    this.protocol = protocol;
    this.renewer = renewer;
    this.owner = owner;
    this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(protocol.settings().leaseMillis());
    this.maxBlockDeadline =
        sentAt + TimeUnit.MILLISECONDS.toNanos(protocol.settings().maxBlockMillis());
    this.validUntil = sentAt + validNanos;
    this.nextRenewal = sentAt + renewInterval();
  }

  /** Starts keeping the lease of a lock taken by a request sent at {@code sentAt} alive. */
  static Lease start(LockProtocol protocol, Renewer renewer, long sentAt, Owner owner) {
    Lease lease =
        new Lease(
            protocol,
            renewer,
            sentAt,
            TimeUnit.MILLISECONDS.toNanos(protocol.settings().leaseMillis()),
            owner);
    renewer.add(lease);
    return lease;
  }

  /**
   * Starts the lease of a lock granted from the key's queue at {@code grantedAt}: valid for the
   * grant time, and taken up at a third of it.
   */
  static Lease granted(LockProtocol protocol, Renewer renewer, long grantedAt, Owner owner) {
    long grantNanos = TimeUnit.MILLISECONDS.toNanos(protocol.settings().grantMillis());
    Lease lease = new Lease(protocol, renewer, grantedAt, grantNanos, owner);
    lease.grantNanos = grantNanos;
    renewer.add(lease);
    long delay = Math.max(0, grantedAt + grantNanos / 3 - System.nanoTime());
    lease.takeUp = renewer.later(lease::takeUp, delay);
    return lease;
  }

  /** Renews a granted lock with the full lease, if it is still held. */
  private void takeUp() {
    if (state.get() != State.ACTIVE) {
      return;
    }
    long now = System.nanoTime();
    long leaseMillis = protocol.settings().leaseMillis();
    try {
      String lost = renew(leaseMillis);
      if (lost != null) {
        lose(lost);
      } else {
        validUntil = Math.max(validUntil, now + TimeUnit.MILLISECONDS.toNanos(leaseMillis));
        grantNanos = 0;
      }
    } catch (DSpinlockException unreachable) {
      long left = validUntil - System.nanoTime();
      if (left > 0) {
        takeUp = renewer.later(this::takeUp, Math.min(left / 2, TimeUnit.MILLISECONDS.toNanos(50)));
      } // else the renewer's tick finds the lease run out
    }
  }

  long renewInterval() {
    return leaseNanos / 3;
  }

  /**
   * Returns how often the renewer should look at this lease: four times per renewal interval; for a
   * granted lock not yet taken up, four times per take-up delay, so that the session's tick, not
   * the take-up, is the next of its timers (a timer that comes first wakes a thread when it is
   * scheduled, and again when it is cancelled by the release).
   */
  long tickInterval() {
    long g = grantNanos;
    return g > 0 ? g / 12 : renewInterval() / 4;
  }

  /** Tells whether the lock is still held: active, and within its lease. */
  boolean isValid() {
    return state.get() == State.ACTIVE && System.nanoTime() - validUntil < 0;
  }

  State state() {
    return state.get();
  }

  /** Returns when the lease runs out at the latest, on {@link System#nanoTime()}. */
  long validUntil() {
    return validUntil;
  }

  /** Returns why the lock was lost, or null if it was not. */
  String lostReason() {
    return lostReason;
  }

  /** Stops renewal because the holder releases; false if the lock was lost first. */
  boolean release() {
    renewer.remove(this);
    Future<?> t = takeUp;
    if (t != null) {
      t.cancel(false);
    }
    return state.compareAndSet(State.ACTIVE, State.RELEASED);
  }

  /** Renews if due, or declares the lease lost; true while the lease still needs the renewer. */
  boolean tick(long now) {
    if (state.get() != State.ACTIVE) {
      return false;
    }
    long blockLeft = maxBlockDeadline - now;
    if (blockLeft <= 0) {
      if (now - validUntil >= 0) {
        lose(
            "held for maxBlockTime() ("
                + protocol.settings().maxBlockMillis()
                + " ms); the lease"
                + " ran out");
        return false;
      }
      return true;
    }
    if (now - nextRenewal < 0) {
      return true;
    }
    long leaseMillis =
        Math.min(protocol.settings().leaseMillis(), Math.max(1, blockLeft / 1_000_000));
    try {
      String lost = renew(leaseMillis);
      if (lost != null) {
        lose(lost);
        return false;
      }
      validUntil = now + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
      nextRenewal = now + renewInterval();
      return true;
    } catch (DSpinlockException unreachable) {
      return retryOrLose(unreachable);
    }
  }

  /**
   * Renews now, outside the renewer's schedule, to find out whether the key is still ours: a lost
   * key is declared lost; a failure to reach Redis is left to the next renewal.
   */
  void check() {
    long blockLeft = maxBlockDeadline - System.nanoTime();
    if (state.get() != State.ACTIVE || blockLeft <= 0) {
      return; // past maxBlockTime the renewer's tick decides
    }
    try {
      String lost =
          renew(Math.min(protocol.settings().leaseMillis(), Math.max(1, blockLeft / 1_000_000)));
      if (lost != null) {
        lose(lost);
      }
    } catch (DSpinlockException unreachable) {
      // the renewals remain the bound
    }
  }

  /** Sends one renewal; returns null if renewed, else why the lock is lost. */
  private String renew(long leaseMillis) {
    Script.Call renew = protocol.calls().renew(leaseMillis);
    int replicas = protocol.settings().replicas();
    RedisGateway redis = protocol.redis();
    Script.Reply reply;
    if (replicas > 0) {
      RedisGateway.Waited w =
          redis.evalAndWait(renew, replicas, protocol.settings().replicaTimeoutMillis());
      reply = w.reply();
      if (reply.outcome() == Outcome.RENEWED && w.replicas() < replicas) {
        return "only " + w.replicas() + " of " + replicas + " replicas confirmed a renewal";
      }
    } else {
      reply = redis.eval(renew);
    }
    switch (reply.outcome()) {
      case RENEWED:
        return null;
      case GONE:
        return "the key is gone (expired or deleted) while held";
      case NOT_OURS:
        return "another holder took the key; " + protocol.holder().apply(reply.text(1));
      default:
        return "renewal found " + reply;
    }
  }

  private boolean retryOrLose(DSpinlockException e) {
    long left = validUntil - System.nanoTime();
    if (left <= 0) {
      lose("Redis unreachable until the lease ran out: " + e.getMessage());
      return false;
    }
    Log.debug("{} renewal failed, {} ms of lease left: {}", protocol.key(), left / 1_000_000, e);
    try {
      owner.renewalFailed(e.getMessage());
    } catch (RuntimeException | Error ownerFailure) {
      Log.debug("{} renewal-failure report threw {}", protocol.key(), ownerFailure.toString());
    }
    nextRenewal = System.nanoTime() + Math.min(left, renewInterval() / 3);
    return true;
  }

  void lose(String reason) {
    if (!state.compareAndSet(State.ACTIVE, State.LOST)) {
      return;
    }
    lostReason = reason;
    Log.debug("{} lost: {}", protocol.key(), reason);
    try {
      owner.lost(reason);
    } catch (RuntimeException | Error listenerFailure) {
      Log.debug("{} lock-lost listener threw {}", protocol.key(), listenerFailure.toString());
    }
  }
}
