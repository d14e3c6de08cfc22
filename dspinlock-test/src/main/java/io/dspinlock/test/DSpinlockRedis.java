package io.dspinlock.test;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockInfo;
import io.dspinlock.LockOptions;
import io.dspinlock.LockOptionsBuilder;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisParameters;
import io.dspinlock.RedisSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * A JUnit 5 extension that gives a test class a real redis-server: started from the binary of the
 * {@code embedded-redis} artifact on a free loopback port, once per test class (or once per JVM,
 * with {@link #perJvm()}), its lock keys deleted before each test, and stopped at the end.
 *
 * <pre>{@code
 * class ReportServiceTest {
 *   @RegisterExtension static final DSpinlockRedis redis = new DSpinlockRedis();
 *
 *   @Test
 *   void report_isComputedOnce(RedisSession session) {
 *     // session is connected to the test's redis-server
 *   }
 * }
 * }</pre>
 *
 * <p>Test and lifecycle methods may declare parameters of type {@link RedisSession}, {@link
 * RedisParameters}, {@link URI} and {@link RedisServer}: they receive this class's. With
 * {@code @ExtendWith(DSpinlockRedis.class)} instead of a field, the defaults apply.
 */
public final class DSpinlockRedis
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
  private static final String SHARED = DSpinlockRedis.class.getName() + ".server";
  private static final List<String> LOCK_KEYS = List.of("dspinlock,*", "{dspinlock,*");

  private final boolean perJvm;
  private final boolean flushAll;
  private RedisServer server;
  private RedisSession session;
  private UnifiedJedis client;

  /** Creates the extension: a server per test class, whose lock keys go before each test. */
  public DSpinlockRedis() {
    this(false, false);
  }

  private DSpinlockRedis(boolean perJvm, boolean flushAll) {
    this.perJvm = perJvm;
    this.flushAll = flushAll;
  }

  /**
   * Shares one server among every test class of the JVM that asks for it, stopped when the test run
   * ends: faster when many classes need Redis.
   *
   * @return a new extension, otherwise like this one
   */
  public DSpinlockRedis perJvm() {
    return new DSpinlockRedis(true, flushAll);
  }

  /**
   * Empties the whole server ({@code FLUSHALL}) before each test, not only the lock keys.
   *
   * @return a new extension, otherwise like this one
   */
  public DSpinlockRedis flushingAll() {
    return new DSpinlockRedis(perJvm, true);
  }

  @Override
  @SuppressWarnings("deprecation") // the one public UnifiedJedis constructor of Jedis 6, 7 and 8
  public void beforeAll(ExtensionContext context) {
    if (perJvm) {
      server =
          context
              .getRoot()
              .getStore(ExtensionContext.Namespace.GLOBAL)
              .getOrComputeIfAbsent(SHARED, k -> new Shared(), Shared.class)
              .server;
    } else {
      server = RedisServer.start();
    }
    session = RedisConnections.create(server.uri());
    client =
        new UnifiedJedis(
            new PooledConnectionProvider(new HostAndPort("127.0.0.1", server.port())),
            1,
            Duration.ofSeconds(2));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (flushAll) {
      client.flushAll();
      return;
    }
    for (String pattern : LOCK_KEYS) {
      List<String> keys = session.keys(pattern, Integer.MAX_VALUE);
      if (!keys.isEmpty()) {
        client.del(keys.toArray(new String[0]));
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    session.close();
    client.close();
    if (!perJvm) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RedisSession.class
        || type == RedisParameters.class
        || type == URI.class
        || type == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == RedisSession.class) {
      return session();
    }
    if (type == RedisParameters.class) {
      return RedisParameters.fromUri(uri());
    }
    return type == URI.class ? URI.create(uri()) : server();
  }

  /** {@return the server of this test class} */
  public RedisServer server() {
    return started(server);
  }

  /** {@return the server's URI, {@code redis://127.0.0.1:<port>/0}} */
  public String uri() {
    return server().uri();
  }

  /** {@return this test class's session to the server; closed after its last test} */
  public RedisSession session() {
    return started(session);
  }

  /** {@return a plain Jedis client to the server, for setting up and checking keys} */
  public UnifiedJedis client() {
    return started(client);
  }

  /** {@return a builder of lock options on this test class's session} */
  public LockOptionsBuilder<LockOptions> options() {
    return LockOptions.builder().session(session());
  }

  /**
   * Returns a builder of a lock on this test class's session.
   *
   * @param key the value to lock on
   * @return a new builder; {@code build()} makes the lock
   */
  public LockOptionsBuilder<HashDSpinlock> lock(Object key) {
    return HashDSpinlock.builder(key).session(session());
  }

  /**
   * Reads what a lock key holds on the server.
   *
   * @param key a lock key, e.g. {@code lock.getKey()}
   * @return what it holds, with its TTL and fencing counter
   */
  public LockInfo inspect(String key) {
    return session().inspect(key);
  }

  private static <T> T started(T part) {
    if (part == null) {
      throw new IllegalStateException(
          "the redis-server starts before the test class's first test: register the extension on"
              + " a static field");
    }
    return part;
  }

  /** The server shared by the test run; closed when the run ends. */
  private static final class Shared implements AutoCloseable {
    final RedisServer server = RedisServer.start();

    @Override
    public void close() {
      server.close();
    }
  }
}
