package io.dspinlock.testing;

import io.dspinlock.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * A real Sentinel group on loopback: one primary, one replica, three sentinels monitoring the
 * primary as {@code mymaster} (quorum 2, down after 1 s).
 */
public final class RedisSentinelFixture implements AutoCloseable {
  private final RedisServer primary;
  private final RedisServer replica;
  private final List<RedisServer> sentinels = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private final int replicaPort;
  private final boolean tls;
  private final String sentinelPassword;

  /** Starts the group and waits until every sentinel knows the replica. */
  public RedisSentinelFixture() {
    this(null);
  }

  /**
   * Starts the group, over TLS when certificates are given, and waits until every sentinel knows
   * the replica. With TLS every process keeps its plain port for this fixture's own checks, but
   * replication, the sentinels' connections and the ports they name to clients are TLS.
   *
   * @param certs the CA and server certificate, or null for plain connections
   */
  public RedisSentinelFixture(TlsCertificates certs) {
    this(certs, null);
  }

  /**
   * Starts the group, over TLS when certificates are given, with sentinels that require a password
   * when one is given ({@code requirepass}, and {@code sentinel sentinel-pass} among themselves).
   *
   * @param certs the CA and server certificate, or null for plain connections
   * @param sentinelPassword the sentinels' password, or null for none
   */
  public RedisSentinelFixture(TlsCertificates certs, String sentinelPassword) {
    this.sentinelPassword = sentinelPassword;
    tls = certs != null;
    List<String> tlsArgs = new ArrayList<>();
    List<String> tlsConfig = new ArrayList<>();
    if (tls) {
      tlsArgs.addAll(
          List.of(
              "--tls-replication", "yes",
              "--tls-cert-file", certs.serverPem().toString(),
              "--tls-key-file", certs.serverKey().toString(),
              "--tls-ca-cert-file", certs.caPem().toString(),
              "--tls-auth-clients", "no"));
      for (int i = 0; i < tlsArgs.size(); i += 2) {
        tlsConfig.add(tlsArgs.get(i).substring(2) + " " + tlsArgs.get(i + 1));
      }
    }
    int primaryTls = tls ? RedisServer.freePort() : 0;
    primary = RedisServer.start(withTlsPort(tlsArgs, primaryTls));
    int primaryPort = tls ? primaryTls : primary.port();
    int replicaTls = tls ? RedisServer.freePort() : 0;
    List<String> replicaArgs = new ArrayList<>(tlsArgs);
    replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
    replica = RedisServer.start(withTlsPort(replicaArgs, replicaTls));
    replicaPort = tls ? replicaTls : replica.port();
    for (int i = 0; i < 3; i++) {
      List<String> config = new ArrayList<>(tlsConfig);
      int sentinelTls = tls ? RedisServer.freePort() : 0;
      if (tls) {
        config.add("tls-port " + sentinelTls);
      }
      if (sentinelPassword != null) {
        config.add("requirepass " + sentinelPassword);
        config.add("sentinel sentinel-pass " + sentinelPassword);
      }
      RedisServer sentinel = RedisServer.sentinel(primaryPort, 2, config);
      sentinels.add(sentinel);
      sentinelPorts.add(tls ? sentinelTls : sentinel.port());
    }
    Awaitility.await("sentinels see the replica and each other")
        .atMost(TestTimeouts.seconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(this::ready);
  }

  private boolean ready() {
    for (RedisServer s : sentinels) {
      try (Jedis j = sentinel(s)) {
        if (j.sentinelReplicas("mymaster").isEmpty()
            || j.sentinelSentinels("mymaster").size() < 2) {
          return false;
        }
      }
    }
    return RedisAdmin.isInSync(replica);
  }

  /** A plain connection to a sentinel, authenticated if the sentinels require it. */
  private Jedis sentinel(RedisServer s) {
    Jedis j = new Jedis("127.0.0.1", s.port());
    if (sentinelPassword != null) {
      j.auth(sentinelPassword);
    }
    return j;
  }

  private static String[] withTlsPort(List<String> args, int tlsPort) {
    List<String> all = new ArrayList<>(args);
    if (tlsPort != 0) {
      all.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
    }
    return all.toArray(String[]::new);
  }

  /** Returns the port clients reach the replica on: its TLS port over TLS. */
  public int replicaPort() {
    return replicaPort;
  }

  /** Returns the primary (as started; after a failover, the replica is primary). */
  public RedisServer primary() {
    return primary;
  }

  /** Returns the replica. */
  public RedisServer replica() {
    return replica;
  }

  /**
   * Returns {@code redis-sentinel://127.0.0.1:s1,…/0#mymaster}, or over TLS {@code
   * rediss-sentinel://} with the sentinels' TLS ports.
   */
  public String uri() {
    return uri("", "");
  }

  /**
   * Returns the group's URI with user information for the data nodes.
   *
   * @param userInfo e.g. {@code "user:password@"}, or empty
   * @param query e.g. {@code "?caFile=/tmp/ca.pem"}, or empty; it goes before the master's name
   * @return the URI
   */
  public String uri(String userInfo, String query) {
    StringBuilder sb = new StringBuilder(tls ? "rediss-sentinel://" : "redis-sentinel://");
    sb.append(userInfo);
    for (int i = 0; i < sentinelPorts.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinelPorts.get(i));
    }
    return sb.append("/0").append(query).append("#mymaster").toString();
  }

  /** Returns the port the sentinels now name as the primary's. */
  public int currentPrimaryPort() {
    try (Jedis j = sentinel(sentinels.get(0))) {
      return j.sentinelGetMasterAddrByName("mymaster").get(1).transform(Integer::parseInt);
    }
  }

  @Override
  public void close() {
    sentinels.forEach(RedisServer::close);
    replica.close();
    primary.close();
  }
}
