package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.LockOptionsBuilder;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Gives a test class a real redis-server: one process per JVM, started on first use on a free
 * loopback port and killed at the end of the run; emptied before each test.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisExtension redis = new RedisExtension();
 * }</pre>
 *
 * Each test class gets its own {@link #session()} and a raw client ({@link #raw()}) for setting up
 * and checking keys behind the library's back.
 */
public final class RedisExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private static final String SERVER = "dspinlock.redis-server";

  private RedisServerProcess server;
  private RedisSession session;
  private RedisClient raw;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SERVER, k -> new SharedServer(), SharedServer.class)
            .server;
    session = RedisConnections.create(server.uri());
    raw = RedisClient.create(server.uri());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    raw.flushAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    session.close();
    raw.close();
  }

  /** Returns the server. */
  public RedisServerProcess server() {
    return server;
  }

  /** Returns {@code redis://127.0.0.1:<port>/0}. */
  public String uri() {
    return server.uri();
  }

  /** Returns this class's session, shared by its tests. */
  public RedisSession session() {
    return session;
  }

  /**
   * Returns a builder of lock options on this class's session.
   *
   * @return a new builder; {@code build()} gives the options
   */
  public LockOptionsBuilder<LockOptions> options() {
    return LockOptions.builder().session(session);
  }

  /**
   * Returns a builder of a lock on this class's session.
   *
   * @param key the value to lock on
   * @return a new builder; {@code build()} gives the lock
   */
  public LockOptionsBuilder<HashDSpinlock> lock(Object key) {
    return HashDSpinlock.builder(key).session(session);
  }

  /** Returns a raw client for setting up and checking keys. */
  public RedisClient raw() {
    return raw;
  }

  /**
   * Returns the number of clients connected to the server, from {@code INFO clients}.
   *
   * @return the count, this extension's raw client included
   */
  public long connectedClients() {
    return raw.info("clients")
        .lines()
        .filter(l -> l.startsWith("connected_clients:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Opens a plain single connection for administrative commands (ACL, CLIENT…); close it.
   *
   * @return a new connection
   */
  public Jedis admin() {
    return new Jedis("127.0.0.1", server.port());
  }

  /**
   * Returns how many clients subscribe to a channel ({@code PUBSUB NUMSUB}).
   *
   * @param channel the channel
   * @return the number of subscribers
   */
  public long subscribers(String channel) {
    try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
      return admin.pubsubNumSub(channel).getOrDefault(channel, 0L);
    }
  }

  /**
   * Kills every pub/sub connection ({@code CLIENT KILL TYPE pubsub}).
   *
   * @return how many were killed
   */
  public long killPubSubClients() {
    try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
      return admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB));
    }
  }

  /** The server shared by the whole run; killed when the run ends. */
  private static final class SharedServer implements AutoCloseable {
    final RedisServerProcess server = RedisServerProcess.start();

    @Override
    public void close() {
      server.close();
    }
  }
}
