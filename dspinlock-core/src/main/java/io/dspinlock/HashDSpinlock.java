package io.dspinlock;

import io.dspinlock.internal.Uids;
import java.util.concurrent.CompletionStage;

/**
 * The ready-made distributed spinlock, keyed by any value with a stable encoding.
 *
 * <p>The key is {@code dspinlock,<uid>}, with the uid computed as the Python original computes it
 * (SHA-256 of strings, bytes and date-times; Python's {@code hash()} of integers), so Java and
 * Python services exclude each other on the same value.
 *
 * <pre>{@code
 * try (HashDSpinlock lock = new HashDSpinlock("report:2026-11").acquire()) {
 *   // only one process in the fleet runs this at a time
 * }
 * }</pre>
 *
 * <p>Subclass it to tune: override {@link #spinlockSleepThresh()} and the other tunables of {@link
 * DSpinlockBase}.
 */
public class HashDSpinlock extends DSpinlockBase {

  /**
   * Creates a lock on the default session ({@code DSPINLOCK_REDIS_URL}, else {@code
   * redis://localhost:6379/0}).
   *
   * @param obj the value the lock is keyed by
   */
  public HashDSpinlock(Object obj) {
    super(obj);
  }

  /**
   * Creates a lock on a session.
   *
   * @param obj the value the lock is keyed by
   * @param session the session; may be shared by any number of locks
   */
  public HashDSpinlock(Object obj, RedisSession session) {
    super(obj, LockOptions.builder().session(session).build());
  }

  /**
   * Creates a lock on the shared session of these parameters.
   *
   * @param obj the value the lock is keyed by
   * @param params the parameters; equal parameters share one session
   */
  public HashDSpinlock(Object obj, RedisParameters params) {
    super(obj, LockOptions.builder().redisParameters(params).build());
  }

  /**
   * Creates a lock with options; the constructor for subclasses.
   *
   * @param obj the value the lock is keyed by
   * @param options session or parameters, and flags
   */
  public HashDSpinlock(Object obj, LockOptions options) {
    super(obj, options);
  }

  /**
   * Returns a builder for a lock on {@code obj}.
   *
   * @param obj the value the lock is keyed by
   * @return a new builder
   */
  public static Builder builder(Object obj) {
    return new Builder(obj);
  }

  @Override
  public HashDSpinlock acquire() {
    super.acquire();
    return this;
  }

  @Override
  @SuppressWarnings("unchecked") // the base completes with this very object
  public CompletionStage<HashDSpinlock> acquireAsync() {
    return (CompletionStage<HashDSpinlock>) super.acquireAsync();
  }

  /**
   * Returns the uid of the value: SHA-256 hex for strings, bytes, date-times and {@link
   * StableKey}s; Python's {@code hash()} for integers and UUIDs; {@code 1}/{@code 0} for booleans.
   */
  @Override
  protected String getUid(Object obj) {
    return Uids.of(obj);
  }

  /** Builds a {@link HashDSpinlock}. */
  public static final class Builder {
    private final Object obj;
    private final LockOptions.Builder options = LockOptions.builder();

    private Builder(Object obj) {
      this.obj = obj;
    }

    /**
     * Uses this session.
     *
     * @param session an open session
     * @return this builder
     */
    public Builder session(RedisSession session) {
      options.session(session);
      return this;
    }

    /**
     * Uses the shared session of these parameters.
     *
     * @param params the parameters
     * @return this builder
     */
    public Builder redisParameters(RedisParameters params) {
      options.redisParameters(params);
      return this;
    }

    /**
     * Fails at once with {@link FailIfKeyExistsIsEnabledException} when the key exists.
     *
     * @param failIfKeyExists true to fail at once
     * @return this builder
     */
    public Builder failIfKeyExists(boolean failIfKeyExists) {
      options.failIfKeyExists(failIfKeyExists);
      return this;
    }

    /**
     * Returns at once, without holding, when the key is COMPUTED.
     *
     * @param cachedIfComputed true to take the cached path
     * @return this builder
     */
    public Builder cachedIfComputed(boolean cachedIfComputed) {
      options.cachedIfComputed(cachedIfComputed);
      return this;
    }

    /**
     * Sets the listener told when the lock, once held, is lost.
     *
     * @param listener the listener, or null for none
     * @return this builder
     */
    public Builder onLockLost(LockLostListener listener) {
      options.onLockLost(listener);
      return this;
    }

    /**
     * Waits for replicas to confirm each acquisition and renewal (see {@link
     * LockOptions.Builder#waitForReplicas}).
     *
     * @param replicas replicas that must confirm; 0 for none
     * @param timeout the longest wait
     * @return this builder
     */
    public Builder waitForReplicas(int replicas, java.time.Duration timeout) {
      options.waitForReplicas(replicas, timeout);
      return this;
    }

    /**
     * Builds the lock.
     *
     * @return a new lock, not yet acquired
     * @throws IllegalArgumentException if both a session and parameters were given
     */
    public HashDSpinlock build() {
      return new HashDSpinlock(obj, options.build());
    }
  }
}
