package io.dspinlock.spring;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.LockOptionsBuilder;
import io.dspinlock.RedisSession;
import io.dspinlock.ResultCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes locks on the application's {@link RedisSession} with the application's defaults ({@code
 * dspinlock.lock.*}): the bean that services inject instead of building sessions and options
 * themselves. Immutable and thread-safe.
 *
 * <pre>{@code
 * @Service
 * class ReportService {
 *   private final DSpinlocks locks;
 *
 *   ReportService(DSpinlocks locks) {
 *     this.locks = locks;
 *   }
 *
 *   void rebuild(String month) {
 *     try (HashDSpinlock lock = locks.lock("report:" + month).build().acquire()) {
 *       // only one instance of the service runs this for a month at a time
 *     }
 *   }
 * }
 * }</pre>
 */
public final class DSpinlocks {
  private final LockOptions defaults;
  private final Duration maxComputeWait;

  /**
   * Creates the factory.
   *
   * @param defaults the options every lock starts from; they must name a session
   * @throws NullPointerException if {@code defaults} is null
   * @throws IllegalArgumentException if they name no session
   */
  public DSpinlocks(LockOptions defaults) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    if (defaults.session() == null) {
      throw new IllegalArgumentException("the defaults of DSpinlocks must name a session");
    }
    this.maxComputeWait = defaults.maxBlockTime();
  }

  /**
   * Starts a lock on {@code key} with the defaults; any option can still be changed before {@code
   * build()}.
   *
   * @param key the value to lock, as for {@link HashDSpinlock#builder(Object)}
   * @return a builder preset with the session and the defaults
   * @throws NullPointerException if {@code key} is null
   */
  public LockOptionsBuilder<HashDSpinlock> lock(Object key) {
    Objects.requireNonNull(key, "key");
    return HashDSpinlock.builder(key).options(defaults);
  }

  /**
   * Computes a value once across every instance, as {@link RedisSession#computeOnce(Object,
   * Duration, ResultCodec, Duration, Supplier)} does, waiting for another instance's computation at
   * most the default max block time ({@code dspinlock.lock.max-block}).
   *
   * @param key the value the computation is keyed by
   * @param ttl how long the result is kept
   * @param codec turns the result into bytes and back
   * @param supplier computes the result; must not return null
   * @param <T> the result type
   * @return the result, computed here or elsewhere
   * @throws io.dspinlock.SpinlockTriesExceededException if no result came within the wait
   * @throws io.dspinlock.RedisUnavailableException if Redis does not answer in time
   */
  public <T> T computeOnce(
      Object key, Duration ttl, ResultCodec<T> codec, Supplier<? extends T> supplier) {
    return session().computeOnce(key, ttl, codec, maxComputeWait, supplier);
  }

  /** {@return the session the locks use} */
  public RedisSession session() {
    return defaults.session();
  }

  /** {@return the options every lock starts from} */
  public LockOptions defaults() {
    return defaults;
  }

  @Override
  public String toString() {
    return "DSpinlocks["
        + session()
        + ", maxSpinlockTries="
        + defaults.maxSpinlockTries()
        + ", spinlockSleepThresh="
        + defaults.spinlockSleepThresh()
        + ", leaseTime="
        + defaults.leaseTime()
        + "]";
  }
}
