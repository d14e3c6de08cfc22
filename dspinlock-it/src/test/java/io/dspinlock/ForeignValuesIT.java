package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.test.DSpinlockRedis;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.params.SetParams;

/**
 * The protocol and the wire format against values that other writers left at a key: another
 * holder's tag, the Python original's keys without a lease, and values outside the wire format.
 */
class ForeignValuesIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  static final String FOREIGN_UUID = "18b29dc6-208e-4456-a323-bc911e8ac18c";

  /** A value as another holder (here: the Python original) writes it. */
  static String foreignValue(Instant created, LockState state) {
    return FOREIGN_UUID
        + ","
        + io.dspinlock.internal.wire.PyIso.format(created)
        + ","
        + state.wire();
  }

  @Test
  void acquire_foreignBlockedNow_throwsTriesExceededAfterMaxTries() {
    HashDSpinlock lock =
        redis.lock("busy").maxSpinlockTries(4).spinlockSleepThresh(Duration.ofMillis(20)).build();
    String foreign = foreignValue(Instant.now(), LockState.BLOCKED);
    redis.client().set(lock.getKey(), foreign);
    assertThatThrownBy(lock::acquire)
        .isInstanceOfSatisfying(
            SpinlockTriesExceededException.class,
            e -> {
              assertThat(e.tries()).isEqualTo(4);
              assertThat(e.key()).isEqualTo(lock.getKey());
              assertThat(e.waited()).isPositive();
            })
        .hasMessageContaining(lock.getKey())
        .hasMessageContaining("4 tries")
        .hasMessageContaining(FOREIGN_UUID);
    assertThat(redis.client().get(lock.getKey())).isEqualTo(foreign);
    assertThat(lock.isHeld()).isFalse();
  }

  @Test
  void acquire_fourFieldValue_throwsInvalidValueAndLeavesIt() {
    HashDSpinlock lock = new HashDSpinlock("four", redis.session());
    String bad = FOREIGN_UUID + ",2026-11-27T22:41:07+00:00,0,extra";
    redis.client().set(lock.getKey(), bad);
    assertThatThrownBy(lock::acquire)
        .isInstanceOf(InvalidValueEncounteredDuringUnpackingException.class)
        .hasMessageContaining(lock.getKey());
    assertThat(redis.client().get(lock.getKey())).isEqualTo(bad);
    assertThat(redis.client().exists("{" + lock.getKey() + "}:fence")).isFalse();
  }

  @Test
  void deleteAtomicQueryMutexState_foreignBlocked_refusesAndKeepsIt() {
    HashDSpinlock lock = new HashDSpinlock("not-mine", redis.session());
    String foreign = foreignValue(Instant.now(), LockState.BLOCKED);
    redis.client().set(lock.getKey(), foreign);
    assertThatThrownBy(lock::deleteAtomicQueryMutexState)
        .isInstanceOf(AtomicQueryInvalidStateException.class)
        .hasMessageContaining(FOREIGN_UUID);
    assertThat(redis.client().get(lock.getKey())).isEqualTo(foreign);
  }

  @Test
  void acquire_foreignBlockedOlderThanMaxBlockWithoutTtl_takesItOver() {
    HashDSpinlock lock = new HashDSpinlock("abandoned", redis.session());
    Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS);
    redis.client().set(lock.getKey(), foreignValue(twoHoursAgo, LockState.BLOCKED));
    try (lock) {
      lock.acquire();
      assertThat(lock.isHeld()).isTrue();
      assertThat(redis.client().get(lock.getKey())).doesNotContain(FOREIGN_UUID).endsWith(",0");
    }
  }

  @Test
  void acquire_pythonStyleKeyExpiringInAnHourOlderThanMaxBlock_takesItOver() {
    HashDSpinlock lock =
        redis.lock("python-abandoned").maxBlockTime(Duration.ofSeconds(30)).build();
    Instant oldTag = Instant.now().minus(31, ChronoUnit.MINUTES);
    // The Python original sets an absolute expiry an hour after the lock object's creation.
    redis
        .client()
        .set(
            lock.getKey(),
            foreignValue(oldTag, LockState.BLOCKED),
            SetParams.setParams().px(Duration.ofMinutes(29).toMillis()));
    try (lock) {
      lock.acquire();
      assertThat(lock.isHeld()).isTrue();
    }
  }

  @Test
  void acquire_foreignBlockedWithLeaseButOldTag_isNeverBrokenByTimestamp() {
    HashDSpinlock lock =
        redis.lock("leased").maxSpinlockTries(3).spinlockSleepThresh(Duration.ofMillis(10)).build();
    String foreign = foreignValue(Instant.now().minus(5, ChronoUnit.HOURS), LockState.BLOCKED);
    redis.client().set(lock.getKey(), foreign, SetParams.setParams().px(60_000));
    assertThatThrownBy(lock::acquire).isInstanceOf(SpinlockTriesExceededException.class);
    assertThat(redis.client().get(lock.getKey())).isEqualTo(foreign);
  }

  @Test
  void acquire_pythonValueWithoutMicrosecondsComputed_isTaken() {
    HashDSpinlock lock = new HashDSpinlock("python-computed", redis.session());
    redis.client().set(lock.getKey(), FOREIGN_UUID + ",2026-11-27T22:41:07+00:00,1");
    try (lock) {
      lock.acquire();
      assertThat(lock.isHeld()).isTrue();
    }
  }
}
