package io.dspinlock.spring;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code dspinlock.*} settings of the auto-configuration; immutable, bound through the
 * constructor. Every setting has a default, so an application that configures {@code
 * spring.data.redis.*} needs none of them.
 *
 * <pre>{@code
 * dspinlock.redis.url=redis://:secret@redis.internal:6379/2
 * dspinlock.lock.max-tries=20
 * dspinlock.lock.lease=10s
 * }</pre>
 */
@ConfigurationProperties("dspinlock")
public final class DSpinlockProperties {
  /** Whether to auto-configure dspinlock at all: the session, the lock factory, health, metrics. */
  private final boolean enabled;

  /** Whether locks may be taken on a Redis that may evict keys (maxmemory without noeviction). */
  private final boolean acceptEvictingServer;

  /** Where the locks live; spring.data.redis.* when unset. */
  private final Redis redis;

  /** The defaults of the locks made by the DSpinlocks bean. */
  private final Lock lock;

  /** The health contributor "dspinlock". */
  private final Health health;

  /**
   * Creates the settings; Spring calls it with the bound values.
   *
   * @param enabled whether to auto-configure dspinlock
   * @param acceptEvictingServer whether to take locks on a server that may evict keys
   * @param redis where the locks live
   * @param lock the defaults of the locks
   * @param health the health contributor's settings
   */
  public DSpinlockProperties(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("false") boolean acceptEvictingServer,
      @DefaultValue Redis redis,
      @DefaultValue Lock lock,
      @DefaultValue Health health) {
    this.enabled = enabled;
    this.acceptEvictingServer = acceptEvictingServer;
    this.redis = Objects.requireNonNull(redis, "redis");
    this.lock = Objects.requireNonNull(lock, "lock");
    this.health = Objects.requireNonNull(health, "health");
  }

  /** {@return whether dspinlock is auto-configured ({@code dspinlock.enabled}, default true)} */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Tells whether locks may be taken on a server that may evict keys ({@code
   * dspinlock.accept-evicting-server}, default false); see {@code
   * RedisParametersBuilder.acceptEvictingServer}.
   *
   * @return true to accept the risk
   */
  public boolean isAcceptEvictingServer() {
    return acceptEvictingServer;
  }

  /** {@return where the locks live ({@code dspinlock.redis.*})} */
  public Redis getRedis() {
    return redis;
  }

  /** {@return the defaults of the locks ({@code dspinlock.lock.*})} */
  public Lock getLock() {
    return lock;
  }

  /** {@return the health contributor's settings ({@code dspinlock.health.*})} */
  public Health getHealth() {
    return health;
  }

  /** Where the locks live: {@code dspinlock.redis.*}. */
  public static final class Redis {
    /**
     * Redis URI of the lock server (redis://, rediss:// or redis-sentinel://, as
     * RedisParameters.fromUri reads it); when unset, spring.data.redis.* is used.
     */
    private final String url;

    /**
     * Creates the settings.
     *
     * @param url a Redis URI, or null to use {@code spring.data.redis.*}
     */
    public Redis(String url) {
      this.url = url;
    }

    /** {@return the Redis URI, or null when {@code spring.data.redis.*} is used} */
    public String getUrl() {
      return url;
    }
  }

  /** The defaults of the locks made by {@link DSpinlocks}: {@code dspinlock.lock.*}. */
  public static final class Lock {
    /** Most attempts one acquire() makes before SpinlockTriesExceededException. */
    private final int maxTries;

    /** Longest wait between two attempts; a release by the holder ends it sooner. */
    private final Duration sleep;

    /** Lease of a held key on the server, renewed in the background at a third of its length. */
    private final Duration lease;

    /** Longest time a holder may block a key; its lease is no longer renewed after that. */
    private final Duration maxBlock;

    /** How long a released key stays COMPUTED, so that later callers can tell. */
    private final Duration computedExpiry;

    /**
     * Creates the settings.
     *
     * @param maxTries most attempts per acquisition
     * @param sleep longest wait between attempts
     * @param lease lease of a held key
     * @param maxBlock longest hold
     * @param computedExpiry how long a released key stays COMPUTED
     */
    public Lock(
        @DefaultValue("10") int maxTries,
        @DefaultValue("500ms") Duration sleep,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("30m") Duration maxBlock,
        @DefaultValue("1h") Duration computedExpiry) {
      this.maxTries = maxTries;
      this.sleep = sleep;
      this.lease = lease;
      this.maxBlock = maxBlock;
      this.computedExpiry = computedExpiry;
    }

    /** {@return the most attempts per acquisition ({@code max-tries}, default 10)} */
    public int getMaxTries() {
      return maxTries;
    }

    /** {@return the longest wait between attempts ({@code sleep}, default 500 ms)} */
    public Duration getSleep() {
      return sleep;
    }

    /** {@return the lease of a held key ({@code lease}, default 30 s)} */
    public Duration getLease() {
      return lease;
    }

    /** {@return the longest hold ({@code max-block}, default 30 min)} */
    public Duration getMaxBlock() {
      return maxBlock;
    }

    /** {@return how long a released key stays COMPUTED ({@code computed-expiry}, default 1 h)} */
    public Duration getComputedExpiry() {
      return computedExpiry;
    }
  }

  /** The health contributor {@code dspinlock}: {@code dspinlock.health.*}. */
  public static final class Health {
    /** Longest wait for Redis to answer the health probe before the contributor reports DOWN. */
    private final Duration timeout;

    /**
     * Creates the settings.
     *
     * @param timeout longest wait for the probe
     */
    public Health(@DefaultValue("2s") Duration timeout) {
      this.timeout = timeout;
    }

    /** {@return the longest wait for the probe ({@code timeout}, default 2 s)} */
    public Duration getTimeout() {
      return timeout;
    }
  }
}
