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
