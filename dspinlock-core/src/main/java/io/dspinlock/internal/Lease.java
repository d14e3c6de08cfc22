package io.dspinlock.internal;

import io.dspinlock.DSpinlockException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The lease of one held lock, renewed by its session's {@link Renewer}.
 *
 * <p>Renews at a third of the lease. A renewal that finds the key gone or taken marks the lock lost
 * at once; one that cannot reach Redis is retried until the lease would have run out, then the lock
 * is marked lost. Renewal stops at {@code maxBlockTime()} after acquisition: the last renewal is
 * cut so that the key expires exactly then.
 *
 * <p>Note on time: all deadlines are on the monotonic clock of this process and start when a
 * request is sent, so they end no later than the server's expiry; only lease lengths travel.
 */
public final class Lease {
  /** Where a lease stands; it leaves ACTIVE exactly once. */
  public enum State {
    /** Held, and renewed. */
    ACTIVE,
    /** Released by its holder. */
    RELEASED,
    /** Lost: expired unrenewed, or taken. */
    LOST
  }

  private final SessionCore session;
  private final LockSpec spec;
  private final Function<String, String> holder;
  private final Consumer<String> onLost;
  private final long maxBlockDeadline;
  private final long leaseNanos;
  private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);
  private volatile long validUntil;
  private volatile String lostReason;
  private long nextRenewal; // touched by the renewer's tick only

  /**
   * Starts keeping a lease alive.
   *
   * @param session the session
   * @param spec the lock
   * @param sentAt when the acquiring request was sent, on {@link System#nanoTime()}
   * @param holder describes a raw value found at the key, for reasons
   * @param onLost called once, on a session thread, if the lock is lost
   * @return the running lease
   */
  public static Lease start(
      SessionCore session,
      LockSpec spec,
      long sentAt,
      Function<String, String> holder,
      Consumer<String> onLost) {
    Lease lease = new Lease(session, spec, sentAt, holder, onLost);
    session.renewer().add(lease);
    return lease;
  }

  private Lease(
      SessionCore session,
      LockSpec spec,
      long sentAt,
      Function<String, String> holder,
      Consumer<String> onLost) {
    this.session = session;
    this.spec = spec;
    this.holder = holder;
    this.onLost = onLost;
    this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(spec.leaseMillis());
    this.maxBlockDeadline = sentAt + TimeUnit.MILLISECONDS.toNanos(spec.maxBlockMillis());
    this.validUntil = sentAt + leaseNanos;
    this.nextRenewal = sentAt + renewInterval();
  }

  long renewInterval() {
    return leaseNanos / 3;
  }

  /**
   * Tells whether the lock is still held: active, and within its lease.
   *
   * @return false once released, lost, or past the lease
   */
  public boolean isValid() {
    return state.get() == State.ACTIVE && System.nanoTime() - validUntil < 0;
  }

  /**
   * Returns the current state.
   *
   * @return the state
   */
  public State state() {
    return state.get();
  }

  /**
   * Returns why the lock was lost.
   *
   * @return the reason, or null if it was not
   */
  public String lostReason() {
    return lostReason;
  }

  /**
   * Stops renewal because the holder releases; fails if the lock was lost first.
   *
   * @return true if the lease was active and is now released; false if it was lost
   */
  public boolean release() {
    session.renewer().remove(this);
    return state.compareAndSet(State.ACTIVE, State.RELEASED);
  }

  void sessionClosed() {
    lose("the session was closed while the lock was held");
  }

  /**
   * Renews if due, or declares the lease lost; called by the renewer's tick.
   *
   * @param now the time, on {@link System#nanoTime()}
   * @return true while the lease still needs the renewer
   */
  boolean tick(long now) {
    if (state.get() != State.ACTIVE) {
      return false;
    }
    long blockLeft = maxBlockDeadline - now;
    if (blockLeft <= 0) {
      if (now - validUntil >= 0) {
        lose("held for maxBlockTime() (" + spec.maxBlockMillis() + " ms); the lease ran out");
        return false;
      }
      return true;
    }
    if (now - nextRenewal < 0) {
      return true;
    }
    long leaseMillis = Math.min(spec.leaseMillis(), Math.max(1, blockLeft / 1_000_000));
    try {
      ScriptCall renew =
          new ScriptCall(LuaScript.RENEW, spec.keyOnly(), spec.renewArgs(leaseMillis));
      if (spec.replicas() > 0) {
        RedisGateway.Waited w =
            session.evalAndWait(renew, spec.replicas(), spec.replicaTimeoutMillis());
        if (w.reply().outcome().equals("RENEWED") && w.replicas() < spec.replicas()) {
          lose("only " + w.replicas() + " of " + spec.replicas() + " replicas confirmed a renewal");
          return false;
        }
        return settle(w.reply(), now, leaseMillis);
      }
      Reply reply = session.eval(renew);
      return settle(reply, now, leaseMillis);
    } catch (DSpinlockException unreachable) {
      return retryOrLose(unreachable);
    }
  }

  private boolean settle(Reply reply, long sentAt, long leaseMillis) {
    switch (reply.outcome()) {
      case "RENEWED":
        validUntil = sentAt + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        nextRenewal = sentAt + renewInterval();
        return true;
      case "GONE":
        lose("the key is gone (expired or deleted) while held");
        return false;
      case "NOT_OURS":
        lose("another holder took the key; " + holder.apply(reply.text(1)));
        return false;
      default:
        lose("renewal found " + reply.fields());
        return false;
    }
  }

  private boolean retryOrLose(DSpinlockException e) {
    long left = validUntil - System.nanoTime();
    if (left <= 0) {
      lose("Redis unreachable until the lease ran out: " + e.getMessage());
      return false;
    }
    Log.debug("{} renewal failed, {} ms of lease left: {}", spec.key(), left / 1_000_000, e);
    nextRenewal = System.nanoTime() + Math.min(left, renewInterval() / 3);
    return true;
  }

  private void lose(String reason) {
    if (!state.compareAndSet(State.ACTIVE, State.LOST)) {
      return;
    }
    lostReason = reason;
    Log.debug("{} lost: {}", spec.key(), reason);
    try {
      onLost.accept(reason);
    } catch (RuntimeException | Error listenerFailure) {
      Log.debug("{} lock-lost listener threw {}", spec.key(), listenerFailure.toString());
    }
  }
}
