package io.dspinlock;

import io.dspinlock.internal.JedisGateway;
import io.dspinlock.internal.SessionCore;
import java.util.Objects;
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
    Objects.requireNonNull(client, "client");
    return new RedisSession(new SessionCore(new JedisGateway(client, false, "an adopted client")));
  }

  SessionCore core() {
    return core;
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
    return Inspections.inspect(core, key);
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
    return core.scan(pattern, limit);
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
