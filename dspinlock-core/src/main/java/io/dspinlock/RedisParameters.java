package io.dspinlock;

import io.dspinlock.internal.config.RedisUris;
import io.dspinlock.internal.util.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to connect to Redis: an immutable value, made with {@link #builder()} or {@link
 * #fromUri(String)}. A final class, so that new options never break its callers.
 *
 * <p>Equal parameters share one session when given to locks directly ({@code new HashDSpinlock(obj,
 * params)}): a lock never opens a connection of its own. {@link #toString()} never shows a
 * password.
 */
public final class RedisParameters {
  /** Host of the default parameters. */
  public static final String DEFAULT_HOST = "localhost";

  /** Port of the default parameters. */
  public static final int DEFAULT_PORT = 6379;

  /** Connect timeout of the default parameters, as in the Python original. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Command timeout of the default parameters. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private final RedisTopology topology;
  private final int rdb;
  private final boolean ssl;
  private final TlsOptions tls;
  private final Duration socketConnectTimeout;
  private final Duration commandTimeout;
  private final String username;
  private final String password;
  private final String clientName;
  private final boolean acceptEvictingServer;

  RedisParameters(RedisParametersBuilder b) {
    Checks.that(
        b.sentinelMasterName != null || (b.sentinelUsername == null && b.sentinelPassword == null),
        "sentinel credentials are for Redis Sentinel only");
    Checks.that(
        b.clusterNodes == null || b.sentinelMasterName == null,
        "give either clusterNodes or a sentinel, not both");
    Checks.that(
        b.clusterNodes == null || b.rdb == 0, "a Redis Cluster has only database 0, not " + b.rdb);
    if (b.clusterNodes != null) {
      topology = new RedisTopology.Cluster(b.clusterNodes);
    } else if (b.sentinelMasterName != null) {
      topology =
          new RedisTopology.Sentinel(
              b.sentinelMasterName, b.sentinelNodes, b.sentinelUsername, b.sentinelPassword);
    } else {
      topology = new RedisTopology.Standalone(b.redisHost, b.port);
    }
    rdb = b.rdb;
    ssl = b.ssl;
    tls = b.tls;
    socketConnectTimeout = b.socketConnectTimeout;
    commandTimeout = b.commandTimeout;
    username = b.username;
    password = b.password;
    clientName = b.clientName;
    acceptEvictingServer = b.acceptEvictingServer;
  }

  /** {@return the defaults: {@code localhost:6379}, database 0, no TLS, 2 s timeouts} */
  public static RedisParameters defaults() {
    return builder().build();
  }

  /** {@return a new builder that starts from the defaults} */
  public static RedisParametersBuilder builder() {
    return new RedisParametersBuilder();
  }

  /** {@return a new builder that starts from these parameters} */
  public RedisParametersBuilder toBuilder() {
    return new RedisParametersBuilder().from(this);
  }

  /**
   * Reads parameters from a URI.
   *
   * <ul>
   *   <li>{@code redis://[[user]:password@]host[:port][/db]}
   *   <li>{@code rediss://…} the same over TLS
   *   <li>{@code redis-sentinel://[[user]:password@]host1[:port1][,host2[:port2]…][/db]#master}
   *       (the master's name may also be given as {@code ?masterName=})
   *   <li>{@code redis-cluster://[[user]:password@]host1[:port1][,host2[:port2]…]} seed nodes of a
   *       Redis Cluster ({@code rediss-cluster://}, {@code rediss-sentinel://} over TLS)
   * </ul>
   *
   * Query parameters: {@code timeout} and {@code connectTimeout} (as {@link Durations} reads them:
   * {@code 500ms}, {@code 2s}, {@code PT2S}), {@code clientName}, {@code masterName}; for sentinels
   * that require a password {@code sentinelUser} and {@code sentinelPassword}; for TLS {@code
   * caFile}, {@code trustStore}, {@code trustStorePassword} and {@code verifyHostname=false}. User,
   * password and query values are percent-decoded; no password is ever shown in an error.
   *
   * @param uri the URI
   * @return the parameters
   * @throws IllegalArgumentException if the URI cannot be read, naming the part at fault
   */
  public static RedisParameters fromUri(String uri) {
    return RedisUris.parse(uri, builder());
  }

  /** {@return how the servers are arranged: one server, Sentinel or Cluster} */
  public RedisTopology topology() {
    return topology;
  }

  /** {@return the host of a standalone server; {@value #DEFAULT_HOST} for other topologies} */
  public String redisHost() {
    return topology instanceof RedisTopology.Standalone
        ? ((RedisTopology.Standalone) topology).host()
        : DEFAULT_HOST;
  }

  /** {@return the port of a standalone server; {@value #DEFAULT_PORT} for other topologies} */
  public int port() {
    return topology instanceof RedisTopology.Standalone
        ? ((RedisTopology.Standalone) topology).port()
        : DEFAULT_PORT;
  }

  /** {@return the database number; default 0} */
  public int rdb() {
    return rdb;
  }

  /** {@return whether to use TLS; default false} */
  public boolean ssl() {
    return ssl;
  }

  /** {@return how to trust the server over TLS} */
  public TlsOptions tls() {
    return tls;
  }

  /** {@return the longest wait for a connection to open; default 2 s} */
  public Duration socketConnectTimeout() {
    return socketConnectTimeout;
  }

  /** {@return the longest wait for a reply; default 2 s} */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** {@return the ACL user of the data nodes, or null for the default user} */
  public String username() {
    return username;
  }

  /** {@return the password of the data nodes, or null for none} */
  public String password() {
    return password;
  }

  /** {@return the name shown by {@code CLIENT LIST}, or null for none} */
  public String clientName() {
    return clientName;
  }

  /** {@return whether locks may be taken on a server that may evict keys; default false} */
  public boolean acceptEvictingServer() {
    return acceptEvictingServer;
  }

  /** {@return whether the primary is found through Redis Sentinel} */
  public boolean isSentinel() {
    return topology instanceof RedisTopology.Sentinel;
  }

  /** {@return whether these parameters name a Redis Cluster} */
  public boolean isCluster() {
    return topology instanceof RedisTopology.Cluster;
  }

  /** {@return the primary's name for Redis Sentinel, or null} */
  public String sentinelMasterName() {
    return isSentinel() ? ((RedisTopology.Sentinel) topology).masterName() : null;
  }

  /** {@return the sentinels, each {@code host:port}; empty unless through Sentinel} */
  public List<String> sentinelNodes() {
    return isSentinel() ? ((RedisTopology.Sentinel) topology).nodes() : List.of();
  }

  /** {@return the sentinels' own user, or null} */
  public String sentinelUsername() {
    return isSentinel() ? ((RedisTopology.Sentinel) topology).username() : null;
  }

  /** {@return the sentinels' own password, or null} */
  public String sentinelPassword() {
    return isSentinel() ? ((RedisTopology.Sentinel) topology).password() : null;
  }

  /** {@return the seed nodes of a Redis Cluster; empty for other topologies} */
  public List<String> clusterNodes() {
    return isCluster() ? ((RedisTopology.Cluster) topology).nodes() : List.of();
  }

  /** {@return the servers and database, for messages: never with a password} */
  public String describe() {
    return topology.describe() + (isCluster() ? "" : "/" + rdb);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RedisParameters)) {
      return false;
    }
    RedisParameters p = (RedisParameters) o;
    return topology.equals(p.topology)
        && rdb == p.rdb
        && ssl == p.ssl
        && tls.equals(p.tls)
        && socketConnectTimeout.equals(p.socketConnectTimeout)
        && commandTimeout.equals(p.commandTimeout)
        && Objects.equals(username, p.username)
        && Objects.equals(password, p.password)
        && Objects.equals(clientName, p.clientName)
        && acceptEvictingServer == p.acceptEvictingServer;
  }

  @Override
  public int hashCode() {
    return Objects.hash(topology, rdb, ssl, tls, socketConnectTimeout, commandTimeout, username);
  }

  @Override
  public String toString() {
    return "RedisParameters["
        + describe()
        + (ssl ? ", ssl" : "")
        + (username == null ? "" : ", username=" + username)
        + (password == null ? "" : ", password=***")
        + (clientName == null ? "" : ", clientName=" + clientName)
        + (acceptEvictingServer ? ", acceptEvictingServer" : "")
        + (sentinelUsername() == null ? "" : ", sentinelUsername=" + sentinelUsername())
        + (sentinelPassword() == null ? "" : ", sentinelPassword=***")
        + ", socketConnectTimeout="
        + socketConnectTimeout
        + ", commandTimeout="
        + commandTimeout
        + "]";
  }
}
