package io.dspinlock.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.InvalidMutexReleaseEncounteredException;
import io.dspinlock.LockOptionsBuilder;
import io.dspinlock.SpinlockTriesExceededException;
import io.dspinlock.test.DSpinlockRedis;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters of a session's locks, against a real redis-server. */
class DSpinlockMetricsIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DSpinlockMetrics metrics;

  @BeforeEach
  void bind() {
    metrics = new DSpinlockMetrics(redis.session(), Tags.of("app", "test"));
    metrics.bindTo(registry);
  }

  @AfterEach
  void unbind() {
    metrics.close();
  }

  /** A timeout of this many seconds, stretched by {@code dspinlock.test.timeoutFactor}. */
  private static Duration seconds(long seconds) {
    double factor = Double.parseDouble(System.getProperty("dspinlock.test.timeoutFactor", "1"));
    return Duration.ofMillis((long) (seconds * 1000 * Math.max(1.0, factor)));
  }

  private static LockOptionsBuilder<HashDSpinlock> lock(Object value) {
    return HashDSpinlock.builder(value).session(redis.session());
  }

  private long acquisitions(String outcome) {
    return registry
        .get(DSpinlockMetrics.ACQUIRE)
        .tags("lock", "orders", "outcome", outcome)
        .timer()
        .count();
  }

  private int held(String lockName) {
    return registry.get(DSpinlockMetrics.HELD).tag("lock", lockName).longTaskTimer().activeTasks();
  }

  @Test
  void acquire_tenTakenAndOneTriesExceeded_timesElevenByOutcomeUnderTheBoundedName() {
    for (int i = 1; i <= 9; i++) {
      try (HashDSpinlock lock = lock("orders:" + i).build().acquire()) {
        assertThat(lock.isHeld()).isTrue();
      }
    }
    try (HashDSpinlock holder = lock("orders:10").build().acquire()) {
      HashDSpinlock other =
          lock("orders:10").maxSpinlockTries(1).spinlockSleepThresh(Duration.ofMillis(50)).build();
      assertThatThrownBy(other::acquire).isInstanceOf(SpinlockTriesExceededException.class);
    }

    assertThat(registry.get(DSpinlockMetrics.ACQUIRE).timers())
        .allSatisfy(t -> assertThat(t.getId().getTag("lock")).isEqualTo("orders"))
        .allSatisfy(t -> assertThat(t.getId().getTag("app")).isEqualTo("test"))
        .extracting(t -> t.count())
        .containsExactlyInAnyOrder(10L, 1L);
    assertThat(acquisitions("acquired")).isEqualTo(10);
    assertThat(acquisitions("tries_exceeded")).isEqualTo(1);
    assertThat(registry.get(DSpinlockMetrics.ACQUIRE).tag("outcome", "tries_exceeded").timer())
        .satisfies(t -> assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isGreaterThan(0));
  }

  @Test
  void acquire_namedLock_isTaggedWithItsName() {
    try (HashDSpinlock lock = lock(42).name("answers").build().acquire()) {
      assertThat(held("answers")).isEqualTo(1);
    }
    assertThat(registry.get(DSpinlockMetrics.ACQUIRE).tag("lock", "answers").timer().count())
        .isEqualTo(1);
  }

  @Test
  void held_whileHeld_isOneActiveTaskAndNoneAfterClose() {
    try (HashDSpinlock lock = lock("orders:held").build().acquire()) {
      assertThat(held("orders")).isEqualTo(1);
      try (HashDSpinlock again = lock.acquire()) {
        assertThat(held("orders")).isEqualTo(1); // a re-entry is not another hold
      }
      assertThat(held("orders")).isEqualTo(1);
    }
    assertThat(held("orders")).isZero();
  }

  @Test
  void held_keyHandedToAWaiterOfThisProcess_countsOneHolderAtATime() throws Exception {
    HashDSpinlock first = lock("orders:handoff").build().acquire();
    CountDownLatch waiterHolds = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    CompletableFuture<Void> waiter =
        CompletableFuture.runAsync(
            () -> {
              try (HashDSpinlock second = lock("orders:handoff").build().acquire()) {
                waiterHolds.countDown();
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    // The waiter is queued (the fair queue of the wire format, LockKeys.queue): the release hands
    // the key straight to it, and its acquisition may be told before the release is.
    String queue = "{" + first.getKey() + "}:queue";
    await().atMost(seconds(5)).until(() -> redis.client().zcard(queue) == 1);
    first.close();
    assertThat(waiterHolds.await(seconds(5).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    await().atMost(seconds(5)).until(() -> held("orders") == 1);
    done.countDown();
    waiter.get(seconds(5).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(held("orders")).isZero();
    assertThat(acquisitions("acquired")).isEqualTo(2);
  }

  @Test
  void lost_keyDeletedWhileHeld_countsReasonExpiredAndEndsTheHold() {
    HashDSpinlock lock = lock("orders:lost").leaseTime(Duration.ofSeconds(1)).build().acquire();
    assertThat(held("orders")).isEqualTo(1);
    redis.client().del(lock.getKey());

    await()
        .atMost(seconds(5))
        .until(
            () ->
                registry.find(DSpinlockMetrics.LOST).tag("reason", "expired").counter() != null
                    && registry.get(DSpinlockMetrics.LOST).counter().count() == 1);
    assertThat(registry.get(DSpinlockMetrics.LOST).counters())
        .singleElement()
        .satisfies(c -> assertThat(c.getId().getTag("lock")).isEqualTo("orders"));
    assertThat(held("orders")).isZero();
    assertThatThrownBy(lock::close).isInstanceOf(InvalidMutexReleaseEncounteredException.class);
  }

  @Test
  void close_binder_stopsRecordingAndEndsOpenHolds() {
    try (HashDSpinlock lock = lock("orders:closed").build().acquire()) {
      assertThat(held("orders")).isEqualTo(1);
      metrics.close();
      assertThat(held("orders")).isZero();
      metrics.close(); // idempotent
    }
    try (HashDSpinlock later = lock("orders:later").build().acquire()) {
      assertThat(held("orders")).isZero();
    }
    assertThat(acquisitions("acquired")).isEqualTo(1);
    assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bindTo_twoRegistries_recordsInEach() {
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    metrics.bindTo(second);
    try (HashDSpinlock lock = lock("orders:both").build().acquire()) {
      assertThat(second.get(DSpinlockMetrics.HELD).longTaskTimer().activeTasks()).isEqualTo(1);
    }
    assertThat(acquisitions("acquired")).isEqualTo(1);
    assertThat(second.get(DSpinlockMetrics.ACQUIRE).timer().count()).isEqualTo(1);
    assertThat(second.getMeters()).extracting(Meter::getId).isNotEmpty();
  }
}
