package io.dspinlock;

import io.dspinlock.internal.RedisUris;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to connect to Redis: an immutable value, made with {@link #builder()} or {@link
 * #fromUri(String)}.
 *
 * <p>Equal parameters share one session when given to locks directly ({@code new HashDSpinlock(obj,
 * params)}): a lock never opens a connection of its own. {@link #toString()} never shows the
 * password.
 *
 * @param redisHost host of the Redis server (standalone); default {@code localhost}
 * @param rdb database number; default 0
 * @param port port of the Redis server (standalone); default 6379
 * @param ssl whether to use TLS; default false
 * @param socketConnectTimeout longest wait for a connection to open; default 2 s
 * @param username ACL user name, or null for the default user
 * @param password password, or null for none
 * @param clientName name shown by {@code CLIENT LIST}, or null for none
 * @param commandTimeout longest wait for a reply; default 2 s
 * @param sentinelMasterName the master's name when connecting through Redis Sentinel, else null
 * @param sentinelNodes the sentinels' {@code host:port}, empty unless {@code sentinelMasterName} is
 *     set
 * @param sentinelUsername user for the sentinels themselves, or null for the default user
 * @param sentinelPassword password of the sentinels themselves ({@code requirepass} in
 *     sentinel.conf), or null when they require none; {@code password} is for the data nodes
 */
public record RedisParameters(
    String redisHost,
    int rdb,
    int port,
    boolean ssl,
    Duration socketConnectTimeout,
    String username,
    String password,
    String clientName,
    Duration commandTimeout,
    String sentinelMasterName,
    List<String> sentinelNodes,
    List<String> clusterNodes,
    TlsOptions tls,
    String sentinelUsername,
    String sentinelPassword) {

  /** Host of the default parameters. */
  public static final String DEFAULT_HOST = "localhost";

  /** Port of the default parameters. */
  public static final int DEFAULT_PORT = 6379;

  /** Connect timeout of the default parameters, as in the Python original. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Command timeout of the default parameters. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Checks and copies the parameters; prefer {@link #builder()}.
   *
   * @throws IllegalArgumentException naming the first parameter that is out of range
   */
  public RedisParameters {
    if (redisHost == null || redisHost.isBlank()) {
      throw new IllegalArgumentException("redisHost must not be blank");
    }
    if (rdb < 0) {
      throw new IllegalArgumentException("rdb must be >= 0, was " + rdb);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port);
    }
    requirePositive(socketConnectTimeout, "socketConnectTimeout");
    requirePositive(commandTimeout, "commandTimeout");
    sentinelNodes = List.copyOf(sentinelNodes == null ? List.of() : sentinelNodes);
    if ((sentinelMasterName == null) != sentinelNodes.isEmpty()) {
      throw new IllegalArgumentException(
          "sentinelMasterName and sentinelNodes must be given together");
    }
    clusterNodes = List.copyOf(clusterNodes == null ? List.of() : clusterNodes);
    if (!clusterNodes.isEmpty() && sentinelMasterName != null) {
      throw new IllegalArgumentException("give either clusterNodes or a sentinel, not both");
    }
    if (!clusterNodes.isEmpty() && rdb != 0) {
      throw new IllegalArgumentException("a Redis Cluster has only database 0, not " + rdb);
    }
    tls = tls == null ? TlsOptions.DEFAULTS : tls;
    if ((sentinelUsername != null || sentinelPassword != null) && sentinelMasterName == null) {
      throw new IllegalArgumentException("sentinel credentials are for Redis Sentinel only");
    }
    if (sentinelUsername != null && sentinelPassword == null) {
      throw new IllegalArgumentException("sentinelUsername needs a sentinelPassword");
    }
    if (sentinelPassword != null && sentinelPassword.isEmpty()) {
      throw new IllegalArgumentException("sentinelPassword must not be empty; leave it out");
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be positive and under 24 days, was " + d);
    }
  }

  /**
   * Returns the defaults: {@code localhost:6379}, database 0, no TLS, 2 s timeouts.
   *
   * @return the default parameters
   */
  public static RedisParameters defaults() {
    return builder().build();
  }

  /**
   * Returns a builder that starts from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these parameters.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
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
   * Query parameters: {@code timeout} and {@code connectTimeout} (e.g. {@code 500ms}, {@code 2s},
   * or a number of seconds), {@code clientName}, {@code masterName}; for sentinels that require a
   * password {@code sentinelUser} and {@code sentinelPassword}; for TLS {@code caFile}, {@code
   * trustStore}, {@code trustStorePassword} and {@code verifyHostname=false}. User, password and
   * query values are percent-decoded; no password is ever shown in an error.
   *
   * @param uri the URI
   * @return the parameters
   * @throws IllegalArgumentException if the URI cannot be read, naming the part at fault
   */
  public static RedisParameters fromUri(String uri) {
    return RedisUris.parse(uri, builder());
  }

  /**
   * Tells whether these parameters go through Redis Sentinel.
   *
   * @return true when a master name is set
   */
  public boolean isSentinel() {
    return sentinelMasterName != null;
  }

  /**
   * Tells whether these parameters name a Redis Cluster.
   *
   * @return true when cluster nodes are set
   */
  public boolean isCluster() {
    return !clusterNodes.isEmpty();
  }

  /**
   * Describes the server(s), for messages: never with a password.
   *
   * @return e.g. {@code localhost:6379/0}, {@code sentinel mymaster@[s1:26379]/0}
   */
  public String describe() {
    if (isSentinel()) {
      return "sentinel " + sentinelMasterName + "@" + sentinelNodes + "/" + rdb;
    }
    if (isCluster()) {
      return "cluster " + clusterNodes;
    }
    return redisHost + ":" + port + "/" + rdb;
  }

  @Override
  public String toString() {
    return "RedisParameters["
        + (isSentinel()
            ? "sentinel " + sentinelMasterName + "@" + sentinelNodes
            : redisHost + ":" + port)
        + "/"
        + rdb
        + (ssl ? ", ssl" : "")
        + (username == null ? "" : ", username=" + username)
        + (password == null ? "" : ", password=***")
        + (clientName == null ? "" : ", clientName=" + clientName)
        + (sentinelUsername == null ? "" : ", sentinelUsername=" + sentinelUsername)
        + (sentinelPassword == null ? "" : ", sentinelPassword=***")
        + ", socketConnectTimeout="
        + socketConnectTimeout
        + ", commandTimeout="
        + commandTimeout
        + "]";
  }

  /** Builds {@link RedisParameters}; each setter checks its value and names it in the error. */
  public static final class Builder {
    private String redisHost = DEFAULT_HOST;
    private int rdb;
    private int port = DEFAULT_PORT;
    private boolean ssl;
    private Duration socketConnectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private String username;
    private String password;
    private String clientName;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private String sentinelMasterName;
    private List<String> sentinelNodes = List.of();
    private List<String> clusterNodes = List.of();
    private TlsOptions tls = TlsOptions.DEFAULTS;
    private String sentinelUsername;
    private String sentinelPassword;

    private Builder() {}

    private Builder(RedisParameters p) {
      redisHost = p.redisHost;
      rdb = p.rdb;
      port = p.port;
      ssl = p.ssl;
      socketConnectTimeout = p.socketConnectTimeout;
      username = p.username;
      password = p.password;
      clientName = p.clientName;
      commandTimeout = p.commandTimeout;
      sentinelMasterName = p.sentinelMasterName;
      sentinelNodes = p.sentinelNodes;
      clusterNodes = p.clusterNodes;
      tls = p.tls;
      sentinelUsername = p.sentinelUsername;
      sentinelPassword = p.sentinelPassword;
    }

    /**
     * Sets the host of a standalone server.
     *
     * @param redisHost a host name or address
     * @return this builder
     */
    public Builder redisHost(String redisHost) {
      if (redisHost == null || redisHost.isBlank()) {
        throw new IllegalArgumentException("redisHost must not be blank");
      }
      this.redisHost = redisHost;
      return this;
    }

    /**
     * Sets the database number.
     *
     * @param rdb 0 or more
     * @return this builder
     */
    public Builder rdb(int rdb) {
      if (rdb < 0) {
        throw new IllegalArgumentException("rdb must be >= 0, was " + rdb);
      }
      this.rdb = rdb;
      return this;
    }

    /**
     * Sets the port of a standalone server.
     *
     * @param port 1 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets whether to connect with TLS.
     *
     * @param ssl true for TLS
     * @return this builder
     */
    public Builder ssl(boolean ssl) {
      this.ssl = ssl;
      return this;
    }

    /**
     * Sets the longest wait for a connection to open.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder socketConnectTimeout(Duration timeout) {
      requirePositive(timeout, "socketConnectTimeout");
      this.socketConnectTimeout = timeout;
      return this;
    }

    /**
     * Sets the ACL user name.
     *
     * @param username a user name, or null for the default user
     * @return this builder
     */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /**
     * Sets the password; it is never logged nor shown by {@code toString()}.
     *
     * @param password a password, or null for none
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the connection name shown by {@code CLIENT LIST}.
     *
     * @param clientName a name without spaces, or null
     * @return this builder
     */
    public Builder clientName(String clientName) {
      if (clientName != null && (clientName.isEmpty() || clientName.contains(" "))) {
        throw new IllegalArgumentException("clientName must be non-empty, without spaces");
      }
      this.clientName = clientName;
      return this;
    }

    /**
     * Sets the longest wait for a reply to a command.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      requirePositive(timeout, "commandTimeout");
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * Connects through Redis Sentinel.
     *
     * @param masterName the name the sentinels know the master by
     * @param nodes the sentinels, each {@code host:port}
     * @return this builder
     */
    public Builder sentinel(String masterName, List<String> nodes) {
      Objects.requireNonNull(masterName, "sentinelMasterName");
      if (nodes == null || nodes.isEmpty()) {
        throw new IllegalArgumentException("sentinelNodes must name at least one sentinel");
      }
      this.sentinelMasterName = masterName;
      this.sentinelNodes = List.copyOf(nodes);
      return this;
    }

    /**
     * Connects to a Redis Cluster through these seed nodes.
     *
     * @param nodes {@code host:port} of one or more cluster nodes
     * @return this builder
     */
    public Builder cluster(List<String> nodes) {
      if (nodes == null || nodes.isEmpty()) {
        throw new IllegalArgumentException("clusterNodes must name at least one node");
      }
      this.clusterNodes = List.copyOf(nodes);
      return this;
    }

    /**
     * Sets how to trust the server over TLS; implies {@code ssl(true)}.
     *
     * @param tls trust store or CA file, and host name verification
     * @return this builder
     */
    public Builder tls(TlsOptions tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      this.ssl = true;
      return this;
    }

    /**
     * Sets the credentials of the sentinels themselves, for sentinels that require a password;
     * {@link #username(String)} and {@link #password(String)} stay those of the data nodes. The
     * password is never logged nor shown by {@code toString()}.
     *
     * @param username the sentinels' user, or null for the default user
     * @param password the sentinels' password, or null when they require none
     * @return this builder
     */
    public Builder sentinelAuth(String username, String password) {
      this.sentinelUsername = username;
      this.sentinelPassword = password;
      return this;
    }

    /**
     * Builds the parameters.
     *
     * @return an immutable value
     */
    public RedisParameters build() {
      return new RedisParameters(
          redisHost,
          rdb,
          port,
          ssl,
          socketConnectTimeout,
          username,
          password,
          clientName,
          commandTimeout,
          sentinelMasterName,
          sentinelNodes,
          clusterNodes,
          tls,
          sentinelUsername,
          sentinelPassword);
    }
  }
}
