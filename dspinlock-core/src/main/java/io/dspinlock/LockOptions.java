package io.dspinlock;

import io.dspinlock.internal.util.Checks;
import java.time.Duration;
import java.util.function.Function;

/**
 * How a lock connects and behaves: an immutable value with every tunable, made with {@link
 * #builder()}. {@link HashDSpinlock#builder(Object)} is the same builder, ending in a lock.
 *
 * <p>The protected methods of {@link DSpinlockBase} ({@code maxSpinlockTries()} and the others)
 * return these values unless a subclass overrides them, so both ways work: set an option, or
 * override the method as the Python original's subclasses do.
 *
 * <pre>{@code
 * HashDSpinlock lock = HashDSpinlock.builder("report")
 *     .session(session)
 *     .maxSpinlockTries(20)
 *     .spinlockSleepThresh(Duration.ofMillis(100))
 *     .build();
 * }</pre>
 */
public final class LockOptions {
  /** The defaults: the default session, 10 tries of at most 0.5 s, a 30 s lease, fair, no flags. */
  public static final LockOptions DEFAULTS = builder().build();

  private final RedisSession session;
  private final RedisParameters redisParameters;
  private final int maxSpinlockTries;
  private final Duration spinlockSleepThresh;
  private final Duration expireAtTimedelta;
  private final Duration maxBlockTime;
  private final Duration leaseTime;
  private final boolean failIfKeyExists;
  private final boolean cachedIfComputed;
  private final boolean fair;
  private final LockLostListener lockLostListener;
  private final int waitForReplicas;
  private final Duration replicaTimeout;
  private final String name;

  LockOptions(LockOptionsBuilder<?> b) {
    Checks.that(
        b.session == null || b.redisParameters == null,
        "give a lock either a session or RedisParameters, not both");
    session = b.session;
    redisParameters = b.redisParameters;
    maxSpinlockTries = b.maxSpinlockTries;
    spinlockSleepThresh = b.spinlockSleepThresh;
    expireAtTimedelta = b.expireAtTimedelta;
    maxBlockTime = b.maxBlockTime;
    leaseTime = b.leaseTime;
    failIfKeyExists = b.failIfKeyExists;
    cachedIfComputed = b.cachedIfComputed;
    fair = b.fair;
    lockLostListener = b.lockLostListener;
    waitForReplicas = b.waitForReplicas;
    replicaTimeout = b.replicaTimeout;
    name = b.name;
  }

  /**
   * Returns a builder that starts from {@link #DEFAULTS}.
   *
   * @return a new builder
   */
  public static LockOptionsBuilder<LockOptions> builder() {
    return new LockOptionsBuilder<>(Function.identity());
  }

  /**
   * Returns a builder that starts from these options.
   *
   * @return a new builder
   */
  public LockOptionsBuilder<LockOptions> toBuilder() {
    return builder().options(this);
  }

  /** {@return the session to use, or null for the parameters' or the default session} */
  public RedisSession session() {
    return session;
  }

  /** {@return the parameters of a shared session to use, or null} */
  public RedisParameters redisParameters() {
    return redisParameters;
  }

  /** {@return the most attempts one {@code acquire()} makes; default 10} */
  public int maxSpinlockTries() {
    return maxSpinlockTries;
  }

  /** {@return the longest wait between two attempts; default 0.5 s} */
  public Duration spinlockSleepThresh() {
    return spinlockSleepThresh;
  }

  /** {@return how long a released key stays COMPUTED; default 1 h} */
  public Duration expireAtTimedelta() {
    return expireAtTimedelta;
  }

  /** {@return the longest time a holder may block the key; default 30 min} */
  public Duration maxBlockTime() {
    return maxBlockTime;
  }

  /** {@return the lease of a held key on the server; default 30 s} */
  public Duration leaseTime() {
    return leaseTime;
  }

  /** {@return whether {@code acquire()} fails at once when the key exists; default false} */
  public boolean failIfKeyExists() {
    return failIfKeyExists;
  }

  /**
   * {@return whether {@code acquire()} returns without holding on a COMPUTED key; default false}
   */
  public boolean cachedIfComputed() {
    return cachedIfComputed;
  }

  /**
   * {@return whether waiters of every process are served in order; default true} See {@link
   * LockOptionsBuilder#fair(boolean)}.
   */
  public boolean fair() {
    return fair;
  }

  /**
   * {@return the lock's bounded name for metrics and observers, or null for the default} See {@link
   * LockOptionsBuilder#name}.
   */
  public String name() {
    return name;
  }

  /** {@return the listener told when a held lock is lost, or null} */
  public LockLostListener lockLostListener() {
    return lockLostListener;
  }

  /** {@return the replicas that must confirm each acquisition and renewal; 0 for none} */
  public int waitForReplicas() {
    return waitForReplicas;
  }

  /** {@return how long to wait for the replicas; default 1 s} */
  public Duration replicaTimeout() {
    return replicaTimeout;
  }
}
