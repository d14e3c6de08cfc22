package io.dspinlock;

import io.dspinlock.internal.util.Checks;
import java.time.Duration;
import java.util.List;

/** Builds {@link RedisParameters}; each setter checks its value and names it in the error. */
public final class RedisParametersBuilder {
  /** Timeouts are sent to Jedis as an {@code int} of milliseconds. */
  private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  String redisHost = RedisParameters.DEFAULT_HOST;
  int port = RedisParameters.DEFAULT_PORT;
  int rdb;
  boolean ssl;
  TlsOptions tls = TlsOptions.DEFAULTS;
  Duration socketConnectTimeout = RedisParameters.DEFAULT_CONNECT_TIMEOUT;
  Duration commandTimeout = RedisParameters.DEFAULT_COMMAND_TIMEOUT;
  String username;
  String password;
  String clientName;
  String sentinelMasterName;
  List<String> sentinelNodes;
  String sentinelUsername;
  String sentinelPassword;
  List<String> clusterNodes;
  boolean acceptEvictingServer;

  RedisParametersBuilder() {}

  RedisParametersBuilder from(RedisParameters p) {
    redisHost = p.redisHost();
    port = p.port();
    rdb = p.rdb();
    ssl = p.ssl();
    tls = p.tls();
    socketConnectTimeout = p.socketConnectTimeout();
    commandTimeout = p.commandTimeout();
    username = p.username();
    password = p.password();
    clientName = p.clientName();
    sentinelMasterName = p.sentinelMasterName();
    sentinelNodes = p.isSentinel() ? p.sentinelNodes() : null;
    sentinelUsername = p.sentinelUsername();
    sentinelPassword = p.sentinelPassword();
    clusterNodes = p.isCluster() ? p.clusterNodes() : null;
    acceptEvictingServer = p.acceptEvictingServer();
    return this;
  }

  /**
   * Sets the host of a standalone server.
   *
   * @param redisHost a host name or address
   * @return this builder
   */
  public RedisParametersBuilder redisHost(String redisHost) {
    this.redisHost = Checks.notBlank(redisHost, "redisHost");
    return this;
  }

  /**
   * Sets the port of a standalone server.
   *
   * @param port 1 to 65535
   * @return this builder
   */
  public RedisParametersBuilder port(int port) {
    this.port = Checks.port(port);
    return this;
  }

  /**
   * Sets the database number.
   *
   * @param rdb 0 or more
   * @return this builder
   */
  public RedisParametersBuilder rdb(int rdb) {
    this.rdb = Checks.atLeast(rdb, 0, "rdb");
    return this;
  }

  /**
   * Sets whether to connect with TLS.
   *
   * @param ssl true for TLS
   * @return this builder
   */
  public RedisParametersBuilder ssl(boolean ssl) {
    this.ssl = ssl;
    return this;
  }

  /**
   * Sets how to trust the server over TLS; implies {@code ssl(true)}.
   *
   * @param tls trust store or CA file, and host name verification
   * @return this builder
   */
  public RedisParametersBuilder tls(TlsOptions tls) {
    this.tls = Checks.notNull(tls, "tls");
    this.ssl = true;
    return this;
  }

  /**
   * Sets the longest wait for a connection to open.
   *
   * @param timeout 1 ms to 24 days
   * @return this builder
   */
  public RedisParametersBuilder socketConnectTimeout(Duration timeout) {
    this.socketConnectTimeout = Checks.positiveAtMost(timeout, MAX_TIMEOUT, "socketConnectTimeout");
    return this;
  }

  /**
   * Sets the longest wait for a reply to a command.
   *
   * @param timeout 1 ms to 24 days
   * @return this builder
   */
  public RedisParametersBuilder commandTimeout(Duration timeout) {
    this.commandTimeout = Checks.positiveAtMost(timeout, MAX_TIMEOUT, "commandTimeout");
    return this;
  }

  /**
   * Sets the ACL user name of the data nodes.
   *
   * @param username a user name, or null for the default user
   * @return this builder
   */
  public RedisParametersBuilder username(String username) {
    this.username = username;
    return this;
  }

  /**
   * Sets the password of the data nodes; it is never logged nor shown by {@code toString()}.
   *
   * @param password a password, or null for none
   * @return this builder
   */
  public RedisParametersBuilder password(String password) {
    this.password = password;
    return this;
  }

  /**
   * Sets the connection name shown by {@code CLIENT LIST}.
   *
   * @param clientName a name without spaces, or null
   * @return this builder
   */
  public RedisParametersBuilder clientName(String clientName) {
    Checks.that(
        clientName == null || (!clientName.isEmpty() && !clientName.contains(" ")),
        "clientName must be non-empty, without spaces");
    this.clientName = clientName;
    return this;
  }

  /**
   * Connects through Redis Sentinel.
   *
   * @param masterName the name the sentinels know the primary by
   * @param nodes the sentinels, each {@code host:port}
   * @return this builder
   */
  public RedisParametersBuilder sentinel(String masterName, List<String> nodes) {
    Checks.notNull(masterName, "sentinelMasterName");
    Checks.that(nodes != null && !nodes.isEmpty(), "sentinelNodes must name a sentinel");
    this.sentinelMasterName = masterName;
    this.sentinelNodes = List.copyOf(nodes);
    return this;
  }

  /**
   * Sets the credentials of the sentinels themselves, for sentinels that require a password; {@link
   * #username(String)} and {@link #password(String)} stay those of the data nodes.
   *
   * @param username the sentinels' user, or null for the default user
   * @param password the sentinels' password, or null when they require none
   * @return this builder
   */
  public RedisParametersBuilder sentinelAuth(String username, String password) {
    this.sentinelUsername = username;
    this.sentinelPassword = password;
    return this;
  }

  /**
   * Connects to a Redis Cluster through these seed nodes.
   *
   * @param nodes {@code host:port} of one or more cluster nodes
   * @return this builder
   */
  public RedisParametersBuilder cluster(List<String> nodes) {
    Checks.that(nodes != null && !nodes.isEmpty(), "clusterNodes must name at least one node");
    this.clusterNodes = List.copyOf(nodes);
    return this;
  }

  /**
   * Lets locks be taken on a server that may evict keys ({@code maxmemory} with a policy other than
   * {@code noeviction}), which a session refuses by default with {@link UnsafeServerException}: an
   * evicted lock key lets a second holder in. A warning is logged once per session; while the
   * session holds locks it reads the server's eviction count every 100 ms, and when it grows checks
   * every held lock at once, so that the holder of an evicted key is told (its lost-lock listener,
   * {@code isHeld()}) within about 100 ms rather than at its next renewal. Until then both holders
   * believe they hold the lock. Use a dedicated Redis, or {@code noeviction}, instead when you can.
   *
   * @param accept true to take locks on such a server all the same
   * @return this builder
   */
  public RedisParametersBuilder acceptEvictingServer(boolean accept) {
    this.acceptEvictingServer = accept;
    return this;
  }

  /**
   * Builds the parameters.
   *
   * @return an immutable value
   * @throws IllegalArgumentException if options contradict each other
   */
  public RedisParameters build() {
    return new RedisParameters(this);
  }
}
