package io.dspinlock;

import io.dspinlock.internal.wire.Uids;
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
 * <p>Tune it with {@link #builder(Object)}, or subclass it and override {@link
 * #spinlockSleepThresh()} and the other tunables of {@link DSpinlockBase}.
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
   * @throws NullPointerException if {@code session} is null
   */
  public HashDSpinlock(Object obj, RedisSession session) {
    super(obj, LockOptions.builder().session(session).build());
  }

  /**
   * Creates a lock on the shared session of these parameters, closed once no lock object made with
   * them is reachable (see {@link LockOptionsBuilder#redisParameters}).
   *
   * @param obj the value the lock is keyed by
   * @param params the parameters; equal parameters share one session
   * @throws NullPointerException if {@code params} is null
   */
  public HashDSpinlock(Object obj, RedisParameters params) {
    super(obj, LockOptions.builder().redisParameters(params).build());
  }

  /**
   * Creates a lock with options; the constructor for subclasses.
   *
   * @param obj the value the lock is keyed by
   * @param options session or parameters, and tunables
   */
  public HashDSpinlock(Object obj, LockOptions options) {
    super(obj, options);
  }

  /**
   * Returns a builder for a lock on {@code obj}: the builder of {@link LockOptions}, whose {@code
   * build()} makes the lock.
   *
   * @param obj the value the lock is keyed by
   * @return a new builder
   */
  public static LockOptionsBuilder<HashDSpinlock> builder(Object obj) {
    return new LockOptionsBuilder<>(options -> new HashDSpinlock(obj, options));
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
}
