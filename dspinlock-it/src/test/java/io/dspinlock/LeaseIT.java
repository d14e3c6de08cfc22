package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leases, their renewal, and lost-lock detection, in one process. */
class LeaseIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private final List<String> lost = new CopyOnWriteArrayList<>();

  private LockOptionsBuilder<HashDSpinlock> lock(String name) {
    return redis
        .lock(name)
        .onLockLost((lock, reason) -> lost.add(lock.getKey() + ": " + reason))
        .leaseTime(Duration.ofMillis(300));
  }

  @Test
  void acquire_defaultLease_setsThirtySecondTtl() {
    try (HashDSpinlock lock = new HashDSpinlock("lease-default", redis.session()).acquire()) {
      assertThat(redis.client().pttl(lock.getKey())).isBetween(25_000L, 30_000L);
    }
  }

  @Test
  void heldLock_pastSeveralLeases_isRenewedAndStaysOurs() {
    try (HashDSpinlock lock = lock("renewed").build().acquire()) {
      String value = redis.client().get(lock.getKey());
      // Watch the key for four leases: the renewer keeps it alive, with a TTL of at most one lease.
      await()
          .during(Duration.ofMillis(1200))
          .atMost(TestTimeouts.seconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  value.equals(redis.client().get(lock.getKey()))
                      && redis.client().pttl(lock.getKey()) <= 300);
      assertThat(lock.isHeld()).isTrue();
      assertThat(lost).isEmpty();
    }
    assertThat(redis.client().get(new HashDSpinlock("renewed").getKey())).endsWith(",1");
  }

  @Test
  void shortLease_takenWhileALongOneIsHeld_isRenewedInTime() {
    // A session of its own: the long lease starts its renewal tick at once a second. The short one
    // needs a renewal every 100 ms, and must not wait for the tick that was pending when it came.
    try (RedisSession own = RedisConnections.create(redis.uri());
        HashDSpinlock longLease =
            HashDSpinlock.builder("lease-long").session(own).build().acquire();
        HashDSpinlock shortLease = lock("lease-short").session(own).build().acquire()) {
      String value = redis.client().get(shortLease.getKey());
      await()
          .during(Duration.ofMillis(1200))
          .atMost(TestTimeouts.seconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> value.equals(redis.client().get(shortLease.getKey())));
      assertThat(shortLease.isHeld()).isTrue();
      assertThat(longLease.isHeld()).isTrue();
      assertThat(lost).isEmpty();
    }
  }

  @Test
  void heldLock_keyDeletedBehindItsBack_isMarkedLostAndCloseThrows() {
    HashDSpinlock lock = lock("deleted").build().acquire();
    redis.client().del(lock.getKey());
    await().atMost(TestTimeouts.seconds(5)).until(() -> !lost.isEmpty());
    assertThat(lost).singleElement().asString().contains("gone");
    assertThat(lock.isHeld()).isFalse();
    assertThatThrownBy(lock::close)
        .isInstanceOf(InvalidMutexReleaseEncounteredException.class)
        .hasMessageContaining("lost");
    assertThat(redis.client().exists(lock.getKey())).isFalse();
    lock.close(); // once reported, closing again is a no-op
  }

  @Test
  void heldLock_keyTakenByAnother_isMarkedLostAndTheirKeyIsKept() {
    HashDSpinlock lock = lock("taken").build().acquire();
    String foreign = "18b29dc6-208e-4456-a323-bc911e8ac18c,2026-11-27T22:41:07+00:00,0";
    redis.client().set(lock.getKey(), foreign);
    await().atMost(TestTimeouts.seconds(5)).until(() -> !lost.isEmpty());
    assertThat(lost).singleElement().asString().contains("another holder");
    assertThatThrownBy(lock::close).isInstanceOf(InvalidMutexReleaseEncounteredException.class);
    assertThat(redis.client().get(lock.getKey())).isEqualTo(foreign);
  }

  @Test
  void heldLock_pastMaxBlockTime_stopsRenewingAndExpires() {
    HashDSpinlock lock = lock("max-block").maxBlockTime(Duration.ofMillis(800)).build().acquire();
    assertThat(redis.client().pttl(lock.getKey())).isLessThanOrEqualTo(300);
    await().atMost(TestTimeouts.seconds(5)).until(() -> !redis.client().exists(lock.getKey()));
    await().atMost(TestTimeouts.seconds(5)).until(() -> !lost.isEmpty());
    assertThat(lost).singleElement().asString().contains("maxBlockTime()");
    assertThat(lock.isHeld()).isFalse();
    // Another caller gets it now.
    try (HashDSpinlock next = lock("max-block").build().acquire()) {
      assertThat(next.isHeld()).isTrue();
    }
  }

  @Test
  void lockLostListener_throwing_isIgnored() {
    LockOptions o =
        LockOptions.builder()
            .session(redis.session())
            .onLockLost(
                (lock, reason) -> {
                  lost.add(reason);
                  throw new IllegalStateException("listener bug");
                })
            .build();
    HashDSpinlock lock =
        HashDSpinlock.builder("listener-throws")
            .options(o)
            .leaseTime(Duration.ofMillis(300))
            .build()
            .acquire();
    redis.client().del(lock.getKey());
    await().atMost(TestTimeouts.seconds(5)).until(() -> !lost.isEmpty());
    assertThat(lock.isHeld()).isFalse();
    assertThatThrownBy(lock::close).isInstanceOf(InvalidMutexReleaseEncounteredException.class);
  }

  @Test
  void release_stopsRenewal() {
    HashDSpinlock lock = lock("released").build().acquire();
    lock.close();
    String computed = redis.client().get(lock.getKey());
    // A renewal after release would be refused (the value is COMPUTED), but must not even run:
    // the COMPUTED value keeps its own expiry of an hour.
    await()
        .during(Duration.ofMillis(500))
        .atMost(TestTimeouts.seconds(5))
        .until(() -> redis.client().pttl(lock.getKey()) > 3_000_000L);
    assertThat(redis.client().get(lock.getKey())).isEqualTo(computed);
    assertThat(lost).isEmpty();
  }
}
