package io.dspinlock;

import io.dspinlock.internal.connection.JedisGateway;
import io.dspinlock.internal.protocol.ServerFinding;
import io.dspinlock.internal.protocol.SessionCore;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * A connection to Redis that any number of locks share: thread-safe, and closed once when the
 * application is done with it.
 *
 * <p>Make one with {@link RedisConnections#create(RedisParameters)}, or adopt a Jedis client the
 * application already has with {@link #wrap(UnifiedJedis)}.
 */
public final class RedisSession implements AutoCloseable {
  private final SessionCore core;

  RedisSession(SessionCore core) {
    this.core = core;
  }

  /**
   * Adopts a Jedis client ({@code RedisClient}, {@code RedisSentinelClient} or {@code
   * RedisClusterClient}); closing the session does not close the client.
   *
   * <p>While locks wait, the session holds one of the client's connections for notifications; size
   * its pool for that.
   *
   * @param client an open client
   * @return a session over it
   */
  public static RedisSession wrap(UnifiedJedis client) {
    return wrap(client, false);
  }

  /**
   * Adopts a Jedis client, as {@link #wrap(UnifiedJedis)} does, and says whether locks may be taken
   * on a server that may evict keys (see {@link RedisParametersBuilder#acceptEvictingServer}).
   *
   * @param client an open client
   * @param acceptEvictingServer true to take locks on a server whose {@code maxmemory-policy} may
   *     evict lock keys; false to refuse them with {@link UnsafeServerException}
   * @return a session over it
   */
  public static RedisSession wrap(UnifiedJedis client, boolean acceptEvictingServer) {
    Objects.requireNonNull(client, "client");
    return new RedisSession(
        new SessionCore(
            new JedisGateway(client, false, "an adopted client", false), acceptEvictingServer));
  }

  SessionCore core() {
    return core;
  }

  /**
   * Computes a value once across every process that uses this Redis, and shares it: if a result for
   * {@code key} is stored, it is returned; otherwise one caller runs {@code supplier} under the
   * lock of {@code key} and stores the result for {@code ttl}, while concurrent callers wait for
   * the lock (at most 30 minutes, a lock's longest hold) and then read that result.
   *
   * <p>A supplier that throws stores nothing and frees the key, so the next caller computes afresh;
   * its exception reaches its own caller only. (The Python original marks a failed computation as
   * COMPUTED all the same.)
   *
   * <pre>{@code
   * String report = session.computeOnce("report:2026-11", Duration.ofHours(1), ResultCodec.utf8(),
   *     () -> runTheExpensiveQuery());
   * }</pre>
   *
   * @param key the value the computation is keyed by, as for {@link HashDSpinlock}
   * @param ttl how long the result is kept
   * @param codec turns the result into bytes and back
   * @param supplier computes the result; must not return null
   * @param <T> the result type
   * @return the result, computed here or elsewhere
   * @throws SpinlockTriesExceededException if another caller computed for too long
   * @throws RedisUnavailableException if Redis does not answer in time
   */
  public <T> T computeOnce(
      Object key, Duration ttl, ResultCodec<T> codec, Supplier<? extends T> supplier) {
    return ComputeOnce.compute(this, key, ttl, codec, Duration.ofMinutes(30), supplier);
  }

  /**
   * Like {@link #computeOnce(Object, Duration, ResultCodec, Supplier)}, waiting at most {@code
   * maxWait} for a computation elsewhere.
   *
   * @param key the value the computation is keyed by
   * @param ttl how long the result is kept
   * @param codec turns the result into bytes and back
   * @param maxWait how long to wait for another caller's computation
   * @param supplier computes the result; must not return null
   * @param <T> the result type
   * @return the result, computed here or elsewhere
   * @throws SpinlockTriesExceededException if no result came within {@code maxWait}
   */
  public <T> T computeOnce(
      Object key,
      Duration ttl,
      ResultCodec<T> codec,
      Duration maxWait,
      Supplier<? extends T> supplier) {
    return ComputeOnce.compute(this, key, ttl, codec, maxWait, supplier);
  }

  /**
   * Reads what a lock key holds, with its time to live and its fencing counter, without changing
   * anything.
   *
   * @param key the Redis key, e.g. {@code new HashDSpinlock("report").getKey()}
   * @return what it holds
   * @throws RedisUnavailableException if Redis does not answer in time
   */
  public LockInfo inspect(String key) {
    Objects.requireNonNull(key, "key");
    return KeyTools.inspect(core, key);
  }

  /**
   * Deletes what a lock key holds, unless someone holds the lock: a COMPUTED state goes, so that
   * the next caller computes afresh, and waiters are told; a BLOCKED key is left to its holder.
   *
   * @param key the Redis key, e.g. {@code new HashDSpinlock("report").getKey()}
   * @return true if a value was deleted, false if the key was absent
   * @throws AtomicQueryInvalidStateException if someone holds the lock, or the key holds another
   *     Redis type
   * @throws InvalidValueEncounteredDuringUnpackingException if the key holds a foreign value
   * @throws RedisUnavailableException if Redis does not answer in time
   */
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    return KeyTools.delete(core, key);
  }

  /**
   * Lists the keys that match a pattern, with {@code SCAN} (never {@code KEYS}), in no order.
   *
   * @param pattern a glob-style pattern, e.g. {@code dspinlock,*}
   * @param limit the most keys to return
   * @return the keys found, at most {@code limit}
   * @throws RedisUnavailableException if Redis does not answer in time
   */
  public java.util.List<String> keys(String pattern, int limit) {
    Objects.requireNonNull(pattern, "pattern");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return core.redis().scan(pattern, limit);
  }

  /**
   * Tells whether the server may evict lock keys, as checked before the session's first lock (and
   * now, if no lock was taken yet). A server that may evict them is refused unless the session
   * accepts the risk ({@link RedisParametersBuilder#acceptEvictingServer}); see {@link
   * EvictionCheck}. For tools and health checks.
   *
   * @return what the check found
   * @throws RedisUnavailableException if Redis does not answer in time
   */
  public EvictionCheck evictionCheck() {
    ServerFinding f = core.evictionCheck();
    return new EvictionCheck(f.finding(), f.policy(), f.maxmemory(), f.message());
  }

  /**
   * Registers an observer of what this session's locks do (acquisitions, releases, failed renewals,
   * lost locks), for metrics and logs: see {@link LockObserver}. Observers are told in the order
   * they were added.
   *
   * @param observer the observer
   * @throws NullPointerException if {@code observer} is null
   */
  public void addObserver(LockObserver observer) {
    core.addObserver(Objects.requireNonNull(observer, "observer"));
  }

  /**
   * Removes an observer registered with {@link #addObserver}; nothing happens if it was not.
   *
   * @param observer the observer
   */
  public void removeObserver(LockObserver observer) {
    core.removeObserver(observer);
  }

  /**
   * Tells whether this session was closed.
   *
   * @return true once {@link #close()} was called
   */
  public boolean isClosed() {
    return core.isClosed();
  }

  /**
   * Closes the session and the client it created; idempotent. Locks that use it afterwards fail
   * with {@link RedisNotInitializedException}.
   */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "RedisSession[" + core.describe() + (isClosed() ? ", closed" : "") + "]";
  }
}
