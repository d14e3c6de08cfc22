package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.internal.wire.LockKeys;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.params.SetParams;

/**
 * A try is one interval of the sleep threshold: an attempt made because a release was announced
 * spends none. Here a holder keeps the key while announcements that it was released arrive every 10
 * ms; a waiter of 3 tries of 400 ms attempts on each of them, and gives up only after its two
 * intervals of waiting.
 */
class TriesIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final Duration SLEEP = Duration.ofMillis(400);

  /** Runs {@code waiter} while a storm of release announcements hits the key; returns its time. */
  private static Duration underAStorm(String key, Runnable waiter) throws InterruptedException {
    AtomicBoolean on = new AtomicBoolean(true);
    Thread storm =
        new Thread(
            () -> {
              while (on.get()) {
                redis.client().publish(key, "announced, but not released");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // the storm's pace
              }
            });
    storm.start();
    long start = System.nanoTime();
    try {
      waiter.run();
    } finally {
      on.set(false);
      storm.join();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static long attemptsSoFar() {
    return redis
        .client()
        .info("commandstats")
        .lines()
        .filter(l -> l.startsWith("cmdstat_evalsha:"))
        .map(l -> l.substring(l.indexOf("calls=") + 6, l.indexOf(',')))
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElse(0);
  }

  private static void assertWaitedItsIntervals(boolean async) throws Exception {
    String name = "tries-" + async;
    try (HashDSpinlock holder = redis.lock(name).build().acquire();
        RedisSession other = RedisConnections.create(redis.uri())) {
      HashDSpinlock w =
          HashDSpinlock.builder(name)
              .session(other)
              .maxSpinlockTries(3)
              .spinlockSleepThresh(SLEEP)
              .build();
      long before = attemptsSoFar();
      Duration waited =
          underAStorm(
              holder.getKey(),
              () ->
                  assertThatThrownBy(
                          () -> {
                            if (async) {
                              try {
                                w.acquireAsync()
                                    .toCompletableFuture()
                                    .get(
                                        TestTimeouts.seconds(20).toMillis(), TimeUnit.MILLISECONDS);
                              } catch (ExecutionException e) {
                                throw e.getCause();
                              }
                            } else {
                              w.acquire();
                            }
                          })
                      .isInstanceOfSatisfying(
                          SpinlockTriesExceededException.class,
                          e -> assertThat(e.tries()).isEqualTo(3)));
      assertThat(waited)
          .as("two intervals of %s", SLEEP)
          .isGreaterThanOrEqualTo(SLEEP.multipliedBy(2));
      assertThat(attemptsSoFar() - before).as("attempts woken by announcements").isGreaterThan(10);
    }
  }

  /**
   * A fair attempt that finds the key held joins its queue on the server in the same script; when
   * that attempt spent the last try, the waiter leaves the queue again, so that the holder's
   * release leaves the key free instead of granting it to nobody for the grant time.
   */
  private static void assertALastTryLeavesTheQueue(boolean async) throws Exception {
    String name = "last-try-" + async;
    HashDSpinlock holder = redis.lock(name).build().acquire();
    String key = holder.getKey();
    HashDSpinlock loser = redis.lock(name).maxSpinlockTries(1).build();
    if (async) {
      assertThatThrownBy(() -> loser.acquireAsync().toCompletableFuture().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SpinlockTriesExceededException.class);
    } else {
      assertThatThrownBy(loser::acquire).isInstanceOf(SpinlockTriesExceededException.class);
    }
    assertThat(redis.client().zcard(LockKeys.queue(key))).as("queued waiters").isZero();
    holder.close();
    assertThat(redis.client().get(key)).as("COMPUTED, granted to nobody").endsWith(",1");
  }

  @Test
  void acquire_whoseLastTryFindsTheKeyHeld_leavesTheServersQueue() throws Exception {
    assertALastTryLeavesTheQueue(false);
  }

  @Test
  void acquireAsync_whoseLastTryFindsTheKeyHeld_leavesTheServersQueue() throws Exception {
    assertALastTryLeavesTheQueue(true);
  }

  @Test
  void acquire_wokenByAnnouncementsItLoses_spendsNoTries() throws Exception {
    assertWaitedItsIntervals(false);
  }

  @Test
  void acquireAsync_wokenByAnnouncementsItLoses_spendsNoTries() throws Exception {
    assertWaitedItsIntervals(true);
  }

  @Test
  void aFairWaitOfAMillisecond_isNeverLeftWaitingOnTheServer() {
    // A foreign holder whose key expires within a millisecond or two: the waiter's wait before its
    // next attempt is that short. Redis would read a BLPOP timeout of 0.001 s as 0, for ever.
    String name = "tries-short-wait";
    String key = redis.lock(name).build().getKey();
    for (int i = 0; i < 20; i++) {
      redis
          .client()
          .set(
              key,
              "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5,2026-12-08T04:00:00.000000+00:00,0",
              SetParams.setParams().px(1 + i % 2));
      long start = System.nanoTime();
      try (HashDSpinlock lock = redis.lock(name).maxSpinlockTries(1000).build().acquire()) {
        assertThat(lock.isHeld()).isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("attempt %d", i)
          .isLessThan(Duration.ofMillis(500));
    }
  }
}
