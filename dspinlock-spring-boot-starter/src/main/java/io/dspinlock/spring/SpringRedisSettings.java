package io.dspinlock.spring;

import io.dspinlock.RedisParameters;
import io.dspinlock.RedisParametersBuilder;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The part of Spring Boot's {@code spring.data.redis.*} that a dspinlock session uses, read from
 * Boot's {@code DataRedisProperties} bean ({@link BootRedisProperties}) or, without Spring Data
 * Redis, bound from the environment here; then mapped onto {@link RedisParameters}.
 *
 * <p>Not read: the pool, client type, SSL bundle and master-replica settings, which belong to
 * Boot's own Redis clients.
 */
record SpringRedisSettings(
    String url,
    String host,
    int port,
    int database,
    String username,
    String password,
    boolean ssl,
    Duration timeout,
    Duration connectTimeout,
    String clientName,
    String sentinelMaster,
    List<String> sentinelNodes,
    String sentinelUsername,
    String sentinelPassword,
    List<String> clusterNodes) {

  private static final String PREFIX = "spring.data.redis.";

  SpringRedisSettings {
    sentinelNodes = sentinelNodes == null ? List.of() : List.copyOf(sentinelNodes);
    clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
  }

  /**
   * Binds {@code spring.data.redis.*} with Boot's defaults (localhost, 6379, database 0).
   *
   * @param environment the application's environment
   * @return the settings
   */
  static SpringRedisSettings bind(Environment environment) {
    Binder b = Binder.get(environment);
    return new SpringRedisSettings(
        text(b, "url"),
        b.bind(PREFIX + "host", String.class).orElse("localhost"),
        b.bind(PREFIX + "port", Integer.class).orElse(6379),
        b.bind(PREFIX + "database", Integer.class).orElse(0),
        text(b, "username"),
        text(b, "password"),
        b.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false),
        b.bind(PREFIX + "timeout", Duration.class).orElse(null),
        b.bind(PREFIX + "connect-timeout", Duration.class).orElse(null),
        text(b, "client-name"),
        text(b, "sentinel.master"),
        nodes(b, "sentinel.nodes"),
        text(b, "sentinel.username"),
        text(b, "sentinel.password"),
        nodes(b, "cluster.nodes"));
  }

  private static String text(Binder b, String name) {
    return b.bind(PREFIX + name, String.class).orElse(null);
  }

  private static List<String> nodes(Binder b, String name) {
    // Boot accepts a comma-separated string as well as an indexed list; the binder handles both.
    return b.bind(PREFIX + name, Bindable.listOf(String.class)).orElse(List.of());
  }

  /**
   * Maps the settings onto dspinlock's parameters, as Boot's own clients read them: a URL wins over
   * host, port, credentials and TLS; sentinel nodes win over host and port; cluster nodes over
   * both. Timeouts and the client name apply to every topology.
   *
   * @param acceptEvictingServer {@code dspinlock.accept-evicting-server}
   * @return the parameters
   * @throws IllegalArgumentException if a setting is out of range, naming it
   */
  RedisParameters toParameters(boolean acceptEvictingServer) {
    RedisParametersBuilder p;
    if (url != null && !url.isBlank()) {
      p = RedisParameters.fromUri(url).toBuilder();
    } else {
      p = RedisParameters.builder().username(username).password(password).ssl(ssl);
      if (!clusterNodes.isEmpty()) {
        p.cluster(clusterNodes);
      } else if (sentinelMaster != null && !sentinelNodes.isEmpty()) {
        p.sentinel(sentinelMaster, sentinelNodes).sentinelAuth(sentinelUsername, sentinelPassword);
        p.rdb(database);
      } else {
        p.redisHost(host).port(port).rdb(database);
      }
    }
    if (timeout != null) {
      p.commandTimeout(timeout);
    }
    if (connectTimeout != null) {
      p.socketConnectTimeout(connectTimeout);
    }
    if (clientName != null) {
      p.clientName(clientName);
    }
    return p.acceptEvictingServer(acceptEvictingServer).build();
  }

  @Override
  public String toString() {
    // Never the passwords nor the URL (it may carry one): this may end up in a log.
    return "SpringRedisSettings["
        + (url != null ? "url=***" : host + ":" + port + "/" + database)
        + (sentinelNodes.isEmpty() ? "" : ", sentinel " + sentinelMaster + "@" + sentinelNodes)
        + (clusterNodes.isEmpty() ? "" : ", cluster " + clusterNodes)
        + "]";
  }
}
