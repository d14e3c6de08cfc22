package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.TestTimeouts;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** acquireAsync(): waiting is a timer and a queue entry, never a parked thread per waiter. */
class AsyncIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @Test
  void acquireAsync_tenThousandWaitersOnAHundredKeys_allCompleteOnFewThreads() throws Exception {
    int waiters = 10_000;
    int keys = 100;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int threadsBefore = threads.getThreadCount();
    threads.resetPeakThreadCount();
    AtomicIntegerArray inside = new AtomicIntegerArray(keys);
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(waiters);
    for (int i = 0; i < waiters; i++) {
      int k = i % keys;
      HashDSpinlock lock =
          redis
              .lock("async-" + k)
              .maxSpinlockTries(1_000_000)
              .spinlockSleepThresh(Duration.ofSeconds(5))
              .build();
      all.add(
          lock.acquireAsync()
              .thenAccept(
                  held -> {
                    if (inside.incrementAndGet(k) != 1) {
                      overlaps.incrementAndGet();
                    }
                    inside.decrementAndGet(k);
                    done.incrementAndGet();
                    held.close();
                  })
              .toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .get(TestTimeouts.seconds(120).toMillis(), TimeUnit.MILLISECONDS);
    int peak = threads.getPeakThreadCount();
    System.out.println("threads before " + threadsBefore + ", peak during 10,000 waiters " + peak);
    assertThat(done.get()).isEqualTo(waiters);
    assertThat(overlaps.get()).isZero();
    assertThat(peak).isLessThan(50);
  }

  @Test
  void acquireAsync_halfCancelledWhileLocksAreHandedOver_restCompleteAndNothingLeaks()
      throws Exception {
    HashDSpinlock holder = redis.lock("async-churn").build().acquire();
    List<CompletableFuture<?>> kept = new ArrayList<>();
    List<CompletableFuture<HashDSpinlock>> cancelled = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      HashDSpinlock lock =
          redis
              .lock("async-churn")
              .maxSpinlockTries(1_000_000)
              .spinlockSleepThresh(Duration.ofSeconds(5))
              .build();
      CompletableFuture<HashDSpinlock> acquisition = lock.acquireAsync().toCompletableFuture();
      if (i % 2 == 0) {
        kept.add(
            acquisition.thenAccept(
                held -> {
                  try (held) {
                    Thread.onSpinWait(); // a short critical section
                  }
                }));
      } else {
        cancelled.add(acquisition); // cancel the acquisition itself, not a stage after it
      }
    }
    holder.close(); // handoffs start while the other half is being cancelled
    for (CompletableFuture<HashDSpinlock> f : cancelled) {
      if (!f.cancel(false)) {
        f.join().close(); // acquired before the cancel came: the caller owns it, and releases it
      }
    }
    CompletableFuture.allOf(kept.toArray(CompletableFuture[]::new))
        .get(TestTimeouts.seconds(60).toMillis(), TimeUnit.MILLISECONDS);
    String channel = io.dspinlock.internal.wire.LockKeys.channel(holder.getKey());
    await("no waiter left behind, key released for real")
        .atMost(TestTimeouts.seconds(15))
        .until(
            () ->
                RedisAdmin.subscribers(redis, channel) == 0
                    && redis.client().get(holder.getKey()).endsWith(",1"));
    try (HashDSpinlock last = redis.lock("async-churn").build().acquire()) {
      assertThat(last.isHeld()).isTrue();
    }
  }

  @Test
  void acquireAsync_heldElsewhere_failsAfterItsTries() {
    HashDSpinlock holder = redis.lock("async-busy").build().acquire();
    try {
      HashDSpinlock waiter =
          redis
              .lock("async-busy")
              .maxSpinlockTries(3)
              .spinlockSleepThresh(Duration.ofMillis(20))
              .build();
      CompletableFuture<?> f = waiter.acquireAsync().toCompletableFuture();
      assertThatThrownBy(() -> f.get(TestTimeouts.seconds(10).toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SpinlockTriesExceededException.class);
    } finally {
      holder.close();
    }
  }

  @Test
  void acquireAsync_cancelled_withdrawsAndNeverTakesTheLock() throws Exception {
    HashDSpinlock holder = redis.lock("async-cancel").build().acquire();
    HashDSpinlock waiter =
        redis.lock("async-cancel").spinlockSleepThresh(Duration.ofSeconds(60)).build();
    CompletableFuture<?> f = waiter.acquireAsync().toCompletableFuture();
    await().during(Duration.ofMillis(200)).atMost(TestTimeouts.seconds(5)).until(() -> !f.isDone());
    assertThat(f.cancel(false)).isTrue();
    holder.close();
    // The key stays COMPUTED by the holder: the withdrawn waiter was not handed the lock.
    await()
        .during(Duration.ofMillis(300))
        .atMost(TestTimeouts.seconds(5))
        .until(() -> redis.client().get(holder.getKey()).endsWith(",1"));
    assertThat(waiter.isHeld()).isFalse();
    try (HashDSpinlock next = redis.lock("async-cancel").build().acquire()) {
      assertThat(next.isHeld()).isTrue();
    }
  }

  @Test
  void acquireAsync_freeKey_completesHeldWithAToken() throws Exception {
    HashDSpinlock lock = new HashDSpinlock("async-free", redis.session());
    HashDSpinlock held =
        lock.acquireAsync()
            .toCompletableFuture()
            .get(TestTimeouts.seconds(10).toMillis(), TimeUnit.MILLISECONDS);
    try (held) {
      assertThat(held).isSameAs(lock);
      assertThat(held.isHeld()).isTrue();
      assertThat(held.fencingToken()).isPositive();
    }
  }
}
