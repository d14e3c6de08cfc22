package io.dspinlock.internal.connection;

import io.dspinlock.RedisParameters;
import io.dspinlock.internal.config.HostPort;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/** Builds the Jedis client that a set of {@link RedisParameters} describes, on Jedis 6 to 8. */
public final class JedisClients {
  /**
   * Connections per session. Commands are short, so a pool this size serves far more threads; a
   * caller that finds it exhausted waits at most the command timeout, never forever.
   */
  static final int POOL_SIZE = 64;

  /**
   * {@code autoNegotiateProtocol(false)} where the builder has it (Jedis 8), else nothing: Jedis 6
   * and 7 do not negotiate, nor warn.
   */
  private static final Consumer<DefaultJedisClientConfig.Builder> NO_PROTOCOL_NEGOTIATION =
      noNegotiation();

  private JedisClients() {}

  private static Consumer<DefaultJedisClientConfig.Builder> noNegotiation() {
    try {
      Method m =
          DefaultJedisClientConfig.Builder.class.getMethod("autoNegotiateProtocol", boolean.class);
      return b -> {
        try {
          m.invoke(b, false);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    } catch (NoSuchMethodException olderJedis) {
      return b -> {};
    }
  }

  /**
   * A client the library made, and the shards of its cluster when it is a cluster client.
   *
   * @param jedis the client
   * @param shards its cluster's shards, or null for a standalone or Sentinel client
   */
  public record Client(UnifiedJedis jedis, ClusterShards shards) {}

  /**
   * Creates a client. A cluster client reads the slot map at once, and fails if it cannot; a
   * standalone client tries one connection at once (Jedis learns the protocol from it) but does not
   * fail, and if that one timed out its first commands fail at once ({@link ConnectionSlots}).
   *
   * <p>Built from Jedis' connection providers and {@code UnifiedJedis}, which every Jedis from 6.0
   * to 8 has alike, rather than from the clients of one version ({@code JedisPooled}, {@code
   * JedisCluster} and {@code JedisSentineled} up to 7, {@code RedisClient} and its siblings from
   * 7.2 on): an application's Jedis is often the one Spring Boot chose for it.
   *
   * @param p the parameters
   * @return a standalone, Sentinel or Cluster client
   */
  @SuppressWarnings("deprecation") // Jedis 8 deprecates the cluster constructor that 6 and 7 have
  public static Client create(RedisParameters p) {
    JedisClientConfig config = clientConfig(p, true);
    if (p.isCluster()) {
      ClusterConnectionProvider provider =
          new ClusterConnectionProvider(
              hostsAndPorts(p.clusterNodes(), RedisParameters.DEFAULT_PORT), config, jedisPool(p));
      // JedisCluster: its executor follows MOVED and ASK (in Jedis 8 the UnifiedJedis constructor
      // of the same arguments takes any provider, and retries without following them).
      return new Client(
          new JedisCluster(provider, 3, p.commandTimeout().multipliedBy(3)),
          ClusterShards.of(provider, p.describe()));
    }
    if (p.isSentinel()) {
      SentineledConnectionProvider provider =
          new SentineledConnectionProvider(
              p.sentinelMasterName(),
              config,
              jedisPool(p),
              hostsAndPorts(p.sentinelNodes(), 26379),
              clientConfig(p, false));
      return new Client(new LibraryClient(provider), null);
    }
    ConnectionSlots connections =
        new ConnectionSlots(
            new HostAndPort(p.redisHost(), p.port()),
            config,
            POOL_SIZE,
            p.commandTimeout().toNanos());
    try {
      UnifiedJedis client = new LibraryClient(connections);
      connections.built();
      return new Client(client, null);
    } catch (RuntimeException | Error e) {
      connections.close(); // stops the plain sockets' watchdog
      throw e;
    }
  }

  /**
   * What a node said when asked what a Sentinel or Cluster client asks first.
   *
   * @param refused whether it answered with an error or a refusal, rather than being unreachable
   * @param message the node and its answer, without any password
   */
  public record Probe(boolean refused, String message) {}

  /**
   * Asks the sentinels for the primary, or the seeds of a cluster for the slot map, as the client
   * does, and returns the first refusal or slow failure, or else the last refused connection. Jedis
   * reports only that no sentinel or seed answered, which hides a missing right, a wrong master
   * name, a server that is no cluster, or a TLS handshake that failed.
   *
   * @param p the parameters
   * @return what a node said, or null if every node answered, or for a single server
   */
  public static Probe probe(RedisParameters p) {
    if (!p.isCluster() && !p.isSentinel()) {
      return null;
    }
    boolean cluster = p.isCluster();
    String what =
        cluster ? "CLUSTER SLOTS" : "SENTINEL GET-MASTER-ADDR-BY-NAME " + p.sentinelMasterName();
    CommandArguments ask =
        cluster
            ? new CommandArguments(Protocol.Command.CLUSTER).add("SLOTS")
            : new CommandArguments(Protocol.Command.SENTINEL)
                .add("GET-MASTER-ADDR-BY-NAME")
                .add(p.sentinelMasterName());
    Probe last = null;
    for (HostAndPort node :
        cluster
            ? hostsAndPorts(p.clusterNodes(), RedisParameters.DEFAULT_PORT)
            : hostsAndPorts(p.sentinelNodes(), 26379)) {
      try (Connection c = new Connection(node, clientConfig(p, cluster))) {
        Object answer = c.executeCommand(new CommandObject<>(ask, BuilderFactory.RAW_OBJECT));
        if (answer == null) {
          return new Probe(
              true, "sentinel " + node + " knows no primary named " + p.sentinelMasterName());
        }
      } catch (JedisDataException refused) {
        return new Probe(true, node + " refused " + what + ": " + refused.getMessage());
      } catch (JedisException failed) {
        last = new Probe(false, node + ": " + failed.getMessage());
        if (!refusedAtOnce(failed)) {
          return last; // a handshake or a timeout: enough to say, and the next may be as slow
        }
      }
    }
    return last;
  }

  /** Tells a connection refused (fast: try the next node) from a timeout or a handshake failure. */
  private static boolean refusedAtOnce(JedisException failed) {
    return ConnectionSlots.causedBy(failed, java.net.ConnectException.class);
  }

  /** Jedis' own pool, which Sentinel and Cluster clients keep; a standalone session uses slots. */
  private static ConnectionPoolConfig jedisPool(RedisParameters p) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(p.commandTimeout());
    pool.setJmxEnabled(false);
    return pool;
  }

  private static Set<HostAndPort> hostsAndPorts(java.util.List<String> nodes, int defaultPort) {
    Set<HostAndPort> set = new LinkedHashSet<>();
    for (String node : nodes) {
      HostPort hp = HostPort.parse(node, defaultPort);
      set.add(new HostAndPort(hp.host(), hp.port()));
    }
    return set;
  }

  private static JedisClientConfig clientConfig(RedisParameters p, boolean dataNode) {
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis(p.socketConnectTimeout()))
            .socketTimeoutMillis(millis(p.commandTimeout()))
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    if (p.ssl()) {
      TlsSupport.configure(b, p.tls(), millis(p.commandTimeout()));
    }
    if (dataNode) {
      b.user(p.username()).password(p.password()).clientName(p.clientName());
      if (!p.isCluster()) {
        b.database(p.rdb());
      }
    } else {
      // Sentinels are asked in RESP2; saying so keeps Jedis 8 from warning on every connection.
      NO_PROTOCOL_NEGOTIATION.accept(b);
      b.user(p.sentinelUsername()).password(p.sentinelPassword());
    }
    return b.build();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
