package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.RedisAdmin;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** waitForReplicas: WAIT after each acquisition, on a primary with one replica. */
class ReplicaWaitIT {
  private static RedisServer primary;
  private static RedisServer replica;
  private static RedisSession session;

  @BeforeAll
  static void start() {
    primary = RedisServer.start();
    replica = RedisAdmin.startReplicaOf(primary.port());
    session = RedisConnections.create(primary.uri());
  }

  @AfterAll
  static void stop() {
    session.close();
    replica.close();
    primary.close();
  }

  @Test
  void acquire_oneReplicaConfirms_holdsAndTheReplicaHasTheKey() {
    try (HashDSpinlock lock =
        HashDSpinlock.builder("wait-one")
            .session(session)
            .waitForReplicas(1, Duration.ofSeconds(2))
            .build()
            .acquire()) {
      assertThat(lock.isHeld()).isTrue();
      try (Jedis r = new Jedis("127.0.0.1", replica.port())) {
        assertThat(r.get(lock.getKey())).endsWith(",0");
      }
    }
  }

  @Test
  void acquire_twoReplicasAskedOnlyOneThere_failsAndFreesTheKey() {
    HashDSpinlock lock =
        HashDSpinlock.builder("wait-two")
            .session(session)
            .waitForReplicas(2, Duration.ofMillis(200))
            .build();
    assertThatThrownBy(lock::acquire)
        .isInstanceOfSatisfying(
            NotEnoughReplicasException.class,
            e -> {
              assertThat(e.confirmed()).isEqualTo(1);
              assertThat(e.required()).isEqualTo(2);
            })
        .hasMessageContaining(lock.getKey());
    assertThat(lock.isHeld()).isFalse();
    assertThat(session.inspect(lock.getKey()).status()).isEqualTo(LockInfo.Status.FREE);
  }
}
