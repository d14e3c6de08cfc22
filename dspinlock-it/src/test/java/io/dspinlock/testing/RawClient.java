package io.dspinlock.testing;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * A plain Jedis client for tests that set up and check keys beside the library, on any Jedis from 6
 * to 8: the only public constructor they share is the deprecated one over a connection provider.
 */
public final class RawClient {
  private RawClient() {}

  /**
   * Opens a client to a standalone server.
   *
   * @param uri e.g. {@code redis://127.0.0.1:6379/0}; only host and port are read
   * @return a new client; close it
   */
  @SuppressWarnings("deprecation") // the one public UnifiedJedis constructor of Jedis 6, 7 and 8
  public static UnifiedJedis open(String uri) {
    URI u = URI.create(uri);
    return new UnifiedJedis(
        new PooledConnectionProvider(new HostAndPort(u.getHost(), u.getPort())),
        1,
        Duration.ofSeconds(2));
  }
}
