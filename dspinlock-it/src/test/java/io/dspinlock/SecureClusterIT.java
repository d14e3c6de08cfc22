package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dspinlock.testing.RedisClusterFixture;
import io.dspinlock.testing.TestTimeouts;
import io.dspinlock.testing.TlsCertificates;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * TLS and ACL users on a Redis Cluster: three primaries that speak TLS to clients and to each
 * other, and know the restricted user of {@link AclIT} (plus what a cluster client must read).
 */
class SecureClusterIT {
  private static final String PASSWORD = "s3cret-locker";

  /**
   * AclIT's rules, and what a cluster client needs besides: the slot map; and on Redis 7, sharded
   * pub/sub, and INFO, by which the session tells Redis 7.
   */
  static final String[] CLUSTER_LOCKER_RULES =
      Stream.concat(
              Arrays.stream(AclIT.LOCKER_RULES),
              RedisClusterFixture.sharded()
                  ? Stream.of(
                      "+cluster|slots",
                      "+info",
                      "+spublish",
                      "+ssubscribe",
                      "+sunsubscribe",
                      "+pubsub|shardnumsub")
                  : Stream.of("+cluster|slots"))
          .toArray(String[]::new);

  private static TlsCertificates certs;
  private static RedisClusterFixture cluster;

  @BeforeAll
  static void startCluster() {
    certs = TlsCertificates.generate();
    cluster = new RedisClusterFixture(certs);
    for (int i = 0; i < 3; i++) {
      try (Jedis node = cluster.jedis(i)) {
        node.aclSetUser("locker", CLUSTER_LOCKER_RULES);
        node.aclSetUser("no-slots", AclIT.LOCKER_RULES);
        node.aclSetUser(
            "no-scripts", "on", ">" + PASSWORD, "~*", "&*", "+@all", "-evalsha", "-eval");
      }
    }
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** The cluster announces 127.0.0.1, which the test certificate does not name. */
  private static String uri(String user, String caFile) {
    return cluster.uri(user + ":" + PASSWORD + "@") + "?caFile=" + caFile + "&verifyHostname=false";
  }

  @Test
  void restrictedUserOverTls_locksOnEveryPrimaryAndIsNotified() throws Exception {
    long[] before = new long[3];
    for (int i = 0; i < 3; i++) {
      try (Jedis j = cluster.jedis(i)) {
        before[i] = j.dbSize();
      }
    }
    try (RedisSession session = RedisConnections.create(uri("locker", certs.caPem().toString()));
        RedisSession other = RedisConnections.create(uri("locker", certs.caPem().toString()))) {
      for (int i = 0; i < 300; i++) {
        try (HashDSpinlock lock = new HashDSpinlock("secure-" + i, session).acquire()) {
          assertThat(lock.fencingToken()).isPositive();
        }
      }
      for (int i = 0; i < 3; i++) {
        try (Jedis j = cluster.jedis(i)) {
          assertThat(j.dbSize() - before[i]).as("keys on node %d", i).isGreaterThan(100);
        }
      }

      ClusterIT.releaseWakesTheWaiter(cluster, session, other, "secure-notify");
    }
  }

  @Test
  void userWithoutScripts_getsAnErrorNamingTheCommand() {
    try (RedisSession s = RedisConnections.create(uri("no-scripts", certs.caPem().toString()))) {
      assertThatThrownBy(() -> new HashDSpinlock("secure-no-scripts", s).acquire())
          .isInstanceOf(DSpinlockException.class)
          .hasMessageContaining("NOPERM")
          .hasMessageContaining("dspinlock needs")
          .hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void userWithoutTheSlotMap_getsAnErrorNamingIt() {
    assertThatThrownBy(
            () -> {
              try (RedisSession s =
                  RedisConnections.create(uri("no-slots", certs.caPem().toString()))) {
                new HashDSpinlock("secure-no-slots", s).acquire().close();
              }
            })
        .isInstanceOf(DSpinlockException.class)
        .hasMessageContaining("refused CLUSTER SLOTS")
        .hasMessageContaining("NOPERM")
        .hasMessageContaining("dspinlock needs")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void wrongCa_failsClearlyAndFast() {
    assertWrongCaFailsClearly(ca -> uri("locker", ca), PASSWORD);
  }

  /**
   * Connects trusting a CA that did not sign the servers' certificate, and expects the handshake
   * failure named in the message, within seconds.
   *
   * @param uriTrusting the URI trusting a given CA file
   * @param password a password in that URI, which the message must not show
   */
  static void assertWrongCaFailsClearly(Function<String, String> uriTrusting, String password) {
    TlsCertificates other = TlsCertificates.generate();
    assertTimeoutPreemptively(
        TestTimeouts.seconds(15),
        () ->
            assertThatThrownBy(
                    () -> {
                      try (RedisSession s =
                          RedisConnections.create(uriTrusting.apply(other.caPem().toString()))) {
                        new HashDSpinlock("secure-wrong-ca", s).acquire().close();
                      }
                    })
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("SSLHandshakeException")
                .hasMessageNotContaining(password));
  }
}
