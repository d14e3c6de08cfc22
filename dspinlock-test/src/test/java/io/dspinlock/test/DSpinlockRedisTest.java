package io.dspinlock.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.RedisParameters;
import io.dspinlock.RedisSession;
import java.net.URI;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test kit on itself: a real server, parameters, cleaning between tests, assertions. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DSpinlockRedisTest {
  @RegisterExtension static final DSpinlockRedis redis = new DSpinlockRedis();

  @Test
  @Order(1)
  void parameters_areThisClassesServer(
      RedisSession session, RedisParameters params, URI uri, RedisServer server) {
    assertThat(session).isSameAs(redis.session());
    assertThat(params.port()).isEqualTo(server.port());
    assertThat(uri).hasToString(redis.uri());
    assertThat(server.isAlive()).isTrue();
    try (HashDSpinlock lock = new HashDSpinlock("kit", session).acquire()) {
      LockAssertions.assertHeld(session, lock);
      assertThatThrownBy(() -> LockAssertions.assertFree(session, lock.getKey()))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("BLOCKED");
    }
    redis.client().set("not-a-lock", "kept");
    new HashDSpinlock("left-held", session).acquire();
  }

  @Test
  @Order(2)
  void beforeEachTest_lockKeysAreGone_andOtherKeysStay() {
    String key = new HashDSpinlock("left-held").getKey();
    LockAssertions.assertFree(redis.session(), key);
    assertThat(redis.client().exists(key)).isFalse();
    assertThat(redis.client().get("not-a-lock")).isEqualTo("kept");
  }

  @Test
  @Order(3)
  void assertHeld_ofALockNotHeld_fails() {
    HashDSpinlock lock = redis.lock("never").build();
    assertThatThrownBy(() -> LockAssertions.assertHeld(redis.session(), lock))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not held");
  }

  @Test
  @Order(4)
  void server_restartsOnItsPort_andAnswersAgain() {
    RedisServer server = redis.server();
    int port = server.port();
    server.restart();
    assertThat(server.port()).isEqualTo(port);
    assertThat(server.isAlive()).isTrue();
    try (HashDSpinlock lock = redis.lock("after-restart").build().acquire()) {
      LockAssertions.assertHeld(redis.session(), lock);
    }
  }
}
