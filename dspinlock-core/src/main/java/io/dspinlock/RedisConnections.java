package io.dspinlock;

import io.dspinlock.internal.connection.JedisClients;
import io.dspinlock.internal.connection.JedisGateway;
import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.protocol.SessionCore;
import java.util.Objects;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Creates sessions: the Java counterpart of the original's {@code create_redis_conn}.
 *
 * <p>Create a session once and share it among locks; each session owns a pool of connections.
 * Connections open on first use, so a session can be created before Redis is up.
 */
public final class RedisConnections {
  private RedisConnections() {}

  /**
   * Creates a session to the default server: {@code DSPINLOCK_REDIS_URL} when set, else {@code
   * redis://localhost:6379/0}.
   *
   * @return a new session; close it when done
   */
  public static RedisSession create() {
    return create(defaultParameters());
  }

  /**
   * Creates a session to a server given by a URI, as read by {@link RedisParameters#fromUri}.
   *
   * @param uri e.g. {@code redis://localhost:6379/0}
   * @return a new session; close it when done
   */
  public static RedisSession create(String uri) {
    return create(RedisParameters.fromUri(uri));
  }

  /**
   * Creates a session with these parameters.
   *
   * @param params the parameters
   * @return a new session; close it when done
   */
  public static RedisSession create(RedisParameters params) {
    Objects.requireNonNull(params, "params");
    JedisClients.Client client;
    try {
      client = JedisClients.create(params);
    } catch (JedisException e) {
      // A cluster or sentinel client reads its topology at once: it may find nobody, and then
      // says no more than that. Ask the nodes ourselves what is wrong.
      JedisClients.Probe why = JedisClients.probe(params);
      if (why != null && why.refused()) {
        throw new DSpinlockException(
            "cannot use "
                + params.describe()
                + ": "
                + why.message()
                + (why.message().contains("NOPERM") ? RedisGateway.NEEDS : ""),
            e);
      }
      throw new RedisUnavailableException(
          "cannot connect to "
              + params.describe()
              + ": "
              + e.getMessage()
              + (why == null ? "" : "; " + why.message()),
          e);
    }
    return new RedisSession(
        new SessionCore(
            new JedisGateway(client, true, params.describe(), params.ssl()),
            params.acceptEvictingServer()));
  }

  static RedisParameters defaultParameters() {
    String url = System.getenv(Consts.REDIS_URL_ENV);
    if (url == null || url.isBlank()) {
      return RedisParameters.fromUri(Consts.DEFAULT_REDIS_URL);
    }
    try {
      return RedisParameters.fromUri(url);
    } catch (IllegalArgumentException e) {
      throw new RedisNotInitializedException(
          Consts.REDIS_URL_ENV + " is not a usable Redis URI: " + e.getMessage(), e);
    }
  }
}
