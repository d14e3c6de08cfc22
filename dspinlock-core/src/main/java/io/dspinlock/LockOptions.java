package io.dspinlock;

/**
 * How a lock connects and behaves: an immutable value, made with {@link #builder()}.
 *
 * <p>Subclasses of {@link DSpinlockBase} take it in their constructor; {@link
 * HashDSpinlock#builder(Object)} makes one for you.
 *
 * @param session the session to use, or null
 * @param redisParameters parameters of a shared session to use, or null
 * @param failIfKeyExists whether {@code acquire()} fails at once when the key exists
 * @param cachedIfComputed whether {@code acquire()} returns without holding when the key is
 *     COMPUTED
 * @param lockLostListener told when a held lock is lost, or null
 * @param waitForReplicas replicas that must confirm each acquisition and renewal; 0 for none
 * @param replicaTimeout how long to wait for them (ignored when {@code waitForReplicas} is 0)
 */
public record LockOptions(
    RedisSession session,
    RedisParameters redisParameters,
    boolean failIfKeyExists,
    boolean cachedIfComputed,
    LockLostListener lockLostListener,
    int waitForReplicas,
    java.time.Duration replicaTimeout) {

  /** No session nor parameters (the default session), both flags off, no listener. */
  public static final LockOptions DEFAULTS =
      new LockOptions(null, null, false, false, null, 0, java.time.Duration.ofSeconds(1));

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException if both a session and parameters are given
   */
  public LockOptions {
    if (session != null && redisParameters != null) {
      throw new IllegalArgumentException(
          "give a lock either a session or RedisParameters, not both");
    }
    if (waitForReplicas < 0) {
      throw new IllegalArgumentException("waitForReplicas must be >= 0, was " + waitForReplicas);
    }
    if (replicaTimeout == null || replicaTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "replicaTimeout must be at least 1 ms, was " + replicaTimeout);
    }
  }

  /**
   * Returns a builder that starts from {@link #DEFAULTS}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link LockOptions}. */
  public static final class Builder {
    private RedisSession session;
    private RedisParameters redisParameters;
    private boolean failIfKeyExists;
    private boolean cachedIfComputed;
    private LockLostListener lockLostListener;
    private int waitForReplicas;
    private java.time.Duration replicaTimeout = java.time.Duration.ofSeconds(1);

    private Builder() {}

    /**
     * Uses this session; it may be shared by any number of locks.
     *
     * @param session an open session
     * @return this builder
     */
    public Builder session(RedisSession session) {
      this.session = session;
      return this;
    }

    /**
     * Uses the shared session of these parameters, created on first use.
     *
     * @param redisParameters the parameters
     * @return this builder
     */
    public Builder redisParameters(RedisParameters redisParameters) {
      this.redisParameters = redisParameters;
      return this;
    }

    /**
     * Makes {@code acquire()} fail with {@link FailIfKeyExistsIsEnabledException} as soon as the
     * key exists, in any state, instead of waiting.
     *
     * @param failIfKeyExists true to fail at once
     * @return this builder
     */
    public Builder failIfKeyExists(boolean failIfKeyExists) {
      this.failIfKeyExists = failIfKeyExists;
      return this;
    }

    /**
     * Makes {@code acquire()} return at once, without holding the lock, when the key is COMPUTED;
     * the caller then sees {@code isComputed()} true and reads the cached result.
     *
     * @param cachedIfComputed true to take the cached path
     * @return this builder
     */
    public Builder cachedIfComputed(boolean cachedIfComputed) {
      this.cachedIfComputed = cachedIfComputed;
      return this;
    }

    /**
     * Sets the listener told when a held lock is lost (see {@link LockLostListener}).
     *
     * @param listener the listener, or null for none
     * @return this builder
     */
    public Builder onLockLost(LockLostListener listener) {
      this.lockLostListener = listener;
      return this;
    }

    /**
     * Makes each acquisition and each renewal wait until {@code replicas} replicas have it (Redis
     * {@code WAIT}); an acquisition they do not confirm within {@code timeout} is released and
     * fails with {@link NotEnoughReplicasException}, a renewal they do not confirm loses the lock.
     * This lowers, but does not remove, the risk of losing a lock in a failover: Redis still
     * replicates asynchronously, and a replica that confirmed may not be the one promoted.
     *
     * @param replicas at least 1 to wait; 0 to switch it off
     * @param timeout the longest wait, at least 1 ms
     * @return this builder
     */
    public Builder waitForReplicas(int replicas, java.time.Duration timeout) {
      if (replicas < 0) {
        throw new IllegalArgumentException("waitForReplicas must be >= 0, was " + replicas);
      }
      if (timeout == null || timeout.toMillis() < 1) {
        throw new IllegalArgumentException("replicaTimeout must be at least 1 ms, was " + timeout);
      }
      this.waitForReplicas = replicas;
      this.replicaTimeout = timeout;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return an immutable value
     * @throws IllegalArgumentException if both a session and parameters are set
     */
    public LockOptions build() {
      return new LockOptions(
          session,
          redisParameters,
          failIfKeyExists,
          cachedIfComputed,
          lockLostListener,
          waitForReplicas,
          replicaTimeout);
    }
  }
}
