package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.testing.RedisSentinelFixture;
import io.dspinlock.testing.TestTimeouts;
import io.dspinlock.testing.TlsCertificates;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * TLS and ACL users through Redis Sentinel: a primary, a replica and three sentinels that speak TLS
 * to clients and to each other; the data nodes know the restricted user of {@link AclIT}.
 */
class SecureSentinelIT {
  private static final String PASSWORD = "s3cret-locker";
  private static final String SENTINEL_PASSWORD = "s3cret-sentinel";

  /** AclIT's rules, and WAIT for {@code waitForReplicas}. */
  static final String[] REPLICATED_LOCKER_RULES =
      Stream.concat(Arrays.stream(AclIT.LOCKER_RULES), Stream.of("+wait")).toArray(String[]::new);

  private static TlsCertificates certs;
  private static RedisSentinelFixture group;

  @BeforeAll
  static void startGroup() {
    certs = TlsCertificates.generate();
    group = new RedisSentinelFixture(certs, SENTINEL_PASSWORD);
    // ACL users are not replicated: each data node gets its own.
    for (int port : new int[] {group.primary().port(), group.replica().port()}) {
      try (Jedis node = new Jedis("127.0.0.1", port)) {
        node.aclSetUser("locker", REPLICATED_LOCKER_RULES);
        node.aclSetUser("plain-locker", AclIT.LOCKER_RULES);
      }
    }
  }

  @AfterAll
  static void stopGroup() {
    group.close();
  }

  /**
   * The data nodes' user, the sentinels' password, and a CA; the sentinels name 127.0.0.1, which
   * the test certificate does not.
   */
  private static String uri(String user, String caFile) {
    return group.uri(
        user + ":" + PASSWORD + "@",
        "?sentinelPassword=" + SENTINEL_PASSWORD + "&caFile=" + caFile + "&verifyHostname=false");
  }

  @Test
  void restrictedUserOverTls_locksThroughTheSentinelsWithAReplicaConfirming() {
    try (RedisSession session = RedisConnections.create(uri("locker", certs.caPem().toString()))) {
      for (int i = 0; i < 20; i++) {
        try (HashDSpinlock lock =
            HashDSpinlock.builder("secure-sentinel-" + i)
                .session(session)
                .waitForReplicas(1, TestTimeouts.seconds(5))
                .build()
                .acquire()) {
          assertThat(lock.isHeld()).isTrue();
          assertThat(lock.fencingToken()).isPositive();
        }
      }
      try (Jedis replica = new Jedis("127.0.0.1", group.replica().port())) {
        String key = new HashDSpinlock("secure-sentinel-0", session).getKey();
        assertThat(replica.get(key)).as("replicated over TLS").endsWith(",1");
      }
    }
  }

  @Test
  void userWithoutWait_askingForReplicas_getsAnErrorNamingIt() {
    try (RedisSession session =
        RedisConnections.create(uri("plain-locker", certs.caPem().toString()))) {
      HashDSpinlock lock =
          HashDSpinlock.builder("secure-sentinel-nowait")
              .session(session)
              .waitForReplicas(1, Duration.ofSeconds(1))
              .build();
      assertThatThrownBy(lock::acquire)
          .isInstanceOf(DSpinlockException.class)
          .hasMessageContaining("NOPERM")
          .hasMessageContaining("wait")
          .hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void sentinelsRequiringAPassword_withoutIt_failClearlyWithoutShowingPasswords() throws Exception {
    String uri =
        group.uri("locker:" + PASSWORD + "@", "?caFile=" + certs.caPem() + "&verifyHostname=false");
    assertThatThrownBy(() -> RedisConnections.create(uri).close())
        .isInstanceOf(DSpinlockException.class)
        .hasMessageContaining("NOAUTH")
        .hasMessageNotContaining(PASSWORD);
    // The first sentinel down: the second one's answer is the one reported.
    int closed = io.dspinlock.test.RedisServer.freePort();
    String firstDown = uri.replace("@127.0.0.1:", "@127.0.0.1:" + closed + ",127.0.0.1:");
    assertThatThrownBy(() -> RedisConnections.create(firstDown).close())
        .isInstanceOf(DSpinlockException.class)
        .hasMessageContaining("NOAUTH");
    RedisParameters p = RedisParameters.fromUri(uri("locker", certs.caPem().toString()));
    assertThat(p.sentinelPassword()).isEqualTo(SENTINEL_PASSWORD);
    assertThat(p.toString()).doesNotContain(SENTINEL_PASSWORD).doesNotContain(PASSWORD);
  }

  @Test
  void unknownPrimaryName_saysSo() {
    String uri = uri("locker", certs.caPem().toString()).replace("#mymaster", "#other");
    assertThatThrownBy(() -> RedisConnections.create(uri).close())
        .isInstanceOf(DSpinlockException.class)
        .hasMessageContaining("knows no primary named other");
  }

  @Test
  void wrongCa_failsClearlyAndFast() {
    SecureClusterIT.assertWrongCaFailsClearly(ca -> uri("locker", ca), PASSWORD);
  }
}
