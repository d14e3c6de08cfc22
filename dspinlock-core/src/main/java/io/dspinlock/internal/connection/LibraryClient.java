package io.dspinlock.internal.connection;

import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * A standalone or Sentinel client over a connection provider, with Jedis' plain command executor
 * (one attempt, its failure as it is: the gateway decides what to retry). Every Jedis from 6 to 8
 * has this constructor, protected; the public ones differ from version to version, or add a
 * retrying executor that reports every failure as "No more attempts left".
 */
final class LibraryClient extends UnifiedJedis {
  private final ConnectionProvider provider;

  LibraryClient(ConnectionProvider provider) {
    super(provider, (RedisProtocol) null); // the server's protocol, learnt from a first connection
    this.provider = provider;
  }

  /** {@return one of the client's connections, for commands that must share one; close it} */
  Connection connection() {
    return provider.getConnection();
  }
}
