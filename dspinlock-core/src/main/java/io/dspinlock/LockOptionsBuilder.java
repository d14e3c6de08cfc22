package io.dspinlock;

import io.dspinlock.internal.util.Checks;
import java.time.Duration;
import java.util.function.Function;

/**
 * Builds {@link LockOptions} ({@link LockOptions#builder()}), or a lock with them ({@link
 * HashDSpinlock#builder(Object)}): one builder for both. Every setter checks its value and names
 * the option in its exception.
 *
 * @param <T> what {@link #build()} returns
 */
public final class LockOptionsBuilder<T> {
  private final Function<LockOptions, T> finish;
  RedisSession session;
  RedisParameters redisParameters;
  int maxSpinlockTries = 10;
  Duration spinlockSleepThresh = Duration.ofMillis(500);
  Duration expireAtTimedelta = Duration.ofHours(1);
  Duration maxBlockTime = Duration.ofMinutes(30);
  Duration leaseTime = Duration.ofSeconds(30);
  boolean failIfKeyExists;
  boolean cachedIfComputed;
  boolean fair = true;
  LockLostListener lockLostListener;
  int waitForReplicas;
  Duration replicaTimeout = Duration.ofSeconds(1);
  String name;

  LockOptionsBuilder(Function<LockOptions, T> finish) {
    this.finish = finish;
  }

  /**
   * Starts from other options: copies every one of them.
   *
   * @param base the options to copy
   * @return this builder
   */
  public LockOptionsBuilder<T> options(LockOptions base) {
    Checks.notNull(base, "options");
    session = base.session();
    redisParameters = base.redisParameters();
    maxSpinlockTries = base.maxSpinlockTries();
    spinlockSleepThresh = base.spinlockSleepThresh();
    expireAtTimedelta = base.expireAtTimedelta();
    maxBlockTime = base.maxBlockTime();
    leaseTime = base.leaseTime();
    failIfKeyExists = base.failIfKeyExists();
    cachedIfComputed = base.cachedIfComputed();
    fair = base.fair();
    lockLostListener = base.lockLostListener();
    waitForReplicas = base.waitForReplicas();
    replicaTimeout = base.replicaTimeout();
    name = base.name();
    return this;
  }

  /**
   * Uses this session; it may be shared by any number of locks.
   *
   * @param session an open session
   * @return this builder
   * @throws NullPointerException if {@code session} is null
   */
  public LockOptionsBuilder<T> session(RedisSession session) {
    this.session = Checks.notNull(session, "session");
    return this;
  }

  /**
   * Uses the shared session of these parameters: one per distinct {@link RedisParameters}, opened
   * by the first lock object that needs it and shared by every lock object made with equal
   * parameters. It is closed, with its connections and threads, once none of those lock objects is
   * reachable any more (a held lock keeps its object reachable) and 5 s have passed; a later lock
   * opens a new one. For a session whose life you decide, use {@link #session} instead.
   *
   * @param redisParameters the parameters
   * @return this builder
   * @throws NullPointerException if {@code redisParameters} is null
   */
  public LockOptionsBuilder<T> redisParameters(RedisParameters redisParameters) {
    this.redisParameters = Checks.notNull(redisParameters, "redisParameters");
    return this;
  }

  /**
   * Sets the most attempts one {@code acquire()} makes.
   *
   * @param tries at least 1
   * @return this builder
   */
  public LockOptionsBuilder<T> maxSpinlockTries(int tries) {
    this.maxSpinlockTries = Checks.atLeast(tries, 1, "maxSpinlockTries");
    return this;
  }

  /**
   * Sets the longest wait between two attempts; a release by the holder ends it sooner.
   *
   * @param sleep at least 1 ms
   * @return this builder
   */
  public LockOptionsBuilder<T> spinlockSleepThresh(Duration sleep) {
    this.spinlockSleepThresh = Checks.positive(sleep, "spinlockSleepThresh");
    return this;
  }

  /**
   * Sets how long a released key stays COMPUTED, so that later callers can tell.
   *
   * @param expire at least 1 ms
   * @return this builder
   */
  public LockOptionsBuilder<T> expireAtTimedelta(Duration expire) {
    this.expireAtTimedelta = Checks.positive(expire, "expireAtTimedelta");
    return this;
  }

  /**
   * Sets the longest time a holder may block the key; renewal stops then.
   *
   * @param maxBlock at least 1 ms
   * @return this builder
   */
  public LockOptionsBuilder<T> maxBlockTime(Duration maxBlock) {
    this.maxBlockTime = Checks.positive(maxBlock, "maxBlockTime");
    return this;
  }

  /**
   * Sets the lease of a held key on the server, renewed in the background at a third of its length;
   * a holder that dies frees the key within one lease. Capped at the max block time.
   *
   * @param lease at least 1 ms
   * @return this builder
   */
  public LockOptionsBuilder<T> leaseTime(Duration lease) {
    this.leaseTime = Checks.positive(lease, "leaseTime");
    return this;
  }

  /**
   * Makes {@code acquire()} fail with {@link FailIfKeyExistsIsEnabledException} as soon as the key
   * exists, in any state, instead of waiting.
   *
   * @param failIfKeyExists true to fail at once
   * @return this builder
   */
  public LockOptionsBuilder<T> failIfKeyExists(boolean failIfKeyExists) {
    this.failIfKeyExists = failIfKeyExists;
    return this;
  }

  /**
   * Makes {@code acquire()} return at once, without holding the lock, when the key is COMPUTED; the
   * caller then sees {@code isComputed()} true and reads the cached result.
   *
   * @param cachedIfComputed true to take the cached path
   * @return this builder
   */
  public LockOptionsBuilder<T> cachedIfComputed(boolean cachedIfComputed) {
    this.cachedIfComputed = cachedIfComputed;
    return this;
  }

  /**
   * Chooses the order in which waiters get the lock. Fair (the default): waiters of every process
   * queue on the server, a release hands the key straight to the longest-waiting live one, and a
   * caller that arrives while others wait queues behind them. Unfair: a released key goes to
   * whichever waiter's attempt lands first, often the releasing process again; this trades order
   * for a little throughput when the critical section is very short.
   *
   * @param fair false to let arrivals and releasers barge
   * @return this builder
   */
  public LockOptionsBuilder<T> fair(boolean fair) {
    this.fair = fair;
    return this;
  }

  /**
   * Names the lock for metrics and {@link LockObserver}s: a bounded name shared by all the keys of
   * one use, such as {@code "report"} for the locks of {@code "report:2026-11"}, {@code
   * "report:2026-12"} and so on, never one name per key. By default the locked value's text up to
   * its first {@code ':'} when it is a {@code String} (all of it when it has none), else the simple
   * name of its class.
   *
   * @param name a non-empty name
   * @return this builder
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if it is empty
   */
  public LockOptionsBuilder<T> name(String name) {
    Checks.that(!Checks.notNull(name, "name").isEmpty(), "name must not be empty");
    this.name = name;
    return this;
  }

  /**
   * Sets the listener told when a held lock is lost (see {@link LockLostListener}).
   *
   * @param listener the listener, or null for none
   * @return this builder
   */
  public LockOptionsBuilder<T> onLockLost(LockLostListener listener) {
    this.lockLostListener = listener;
    return this;
  }

  /**
   * Makes each acquisition and each renewal wait until {@code replicas} replicas have it (Redis
   * {@code WAIT}); an acquisition they do not confirm within {@code timeout} is released and fails
   * with {@link NotEnoughReplicasException}, a renewal they do not confirm loses the lock. This
   * lowers, but does not remove, the risk of losing a lock in a failover: Redis still replicates
   * asynchronously, and a replica that confirmed may not be the one promoted.
   *
   * @param replicas at least 1 to wait; 0 to switch it off
   * @param timeout the longest wait, at least 1 ms
   * @return this builder
   */
  public LockOptionsBuilder<T> waitForReplicas(int replicas, Duration timeout) {
    this.waitForReplicas = Checks.atLeast(replicas, 0, "waitForReplicas");
    this.replicaTimeout = Checks.positive(timeout, "replicaTimeout");
    return this;
  }

  /**
   * Builds the options, or the lock.
   *
   * @return an immutable value, or a new lock not yet acquired
   * @throws IllegalArgumentException if both a session and parameters were set
   */
  public T build() {
    return finish.apply(new LockOptions(this));
  }
}
