package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.TestTimeouts;
import io.dspinlock.testing.Waiting;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A holder that releases while others of its session wait hands the lock straight to the first of
 * them: one script, no COMPUTED in between, the next token. Waiters sleep 60 s between tries here,
 * so only the handoff can let them in within the test's timeout.
 */
class HandoffIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private HashDSpinlock lock(String name, boolean cached) {
    return redis
        .lock(name)
        .cachedIfComputed(cached)
        .spinlockSleepThresh(Duration.ofSeconds(60))
        .maxSpinlockTries(3)
        .build();
  }

  private static void awaitParked(Thread t) {
    await("waiter parked").atMost(TestTimeouts.seconds(10)).until(() -> Waiting.inLockWait(t));
  }

  @Test
  void close_withAWaiterInTheSession_handsItTheLockDirectly() throws Exception {
    HashDSpinlock first = lock("handoff", false).acquire();
    String firstTag = UnpackedValue.parse(redis.client().get(first.getKey())).tag();
    AtomicReference<Thread> waiterThread = new AtomicReference<>();
    AtomicReference<String> valueWhileHeld = new AtomicReference<>();
    CompletableFuture<Long> next =
        CompletableFuture.supplyAsync(
            () -> {
              waiterThread.set(Thread.currentThread());
              try (HashDSpinlock second = lock("handoff", false).acquire()) {
                valueWhileHeld.set(redis.client().get(second.getKey()));
                return second.fencingToken();
              }
            });
    await().atMost(TestTimeouts.seconds(10)).until(() -> waiterThread.get() != null);
    awaitParked(waiterThread.get());
    first.close();
    long token =
        next.get(TestTimeouts.seconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(token).isGreaterThan(first.fencingToken());
    assertThat(valueWhileHeld.get()).endsWith(",0").doesNotStartWith(firstTag);
    assertThat(first.isHeld()).isFalse();
    // The last holder released for real: the key is COMPUTED.
    assertThat(redis.client().get(first.getKey())).endsWith(",1");
  }

  @Test
  void close_withACachedWaiter_releasesForRealAndTheWaiterSeesComputed() throws Exception {
    HashDSpinlock first = lock("handoff-cached", false).acquire();
    AtomicReference<Thread> waiterThread = new AtomicReference<>();
    CompletableFuture<Boolean> cached =
        CompletableFuture.supplyAsync(
            () -> {
              waiterThread.set(Thread.currentThread());
              try (HashDSpinlock second = lock("handoff-cached", true).acquire()) {
                return second.isComputed() && !second.isHeld();
              }
            });
    await().atMost(TestTimeouts.seconds(10)).until(() -> waiterThread.get() != null);
    awaitParked(waiterThread.get());
    first.close();
    assertThat(
            cached.get(
                TestTimeouts.seconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
        .isTrue();
    assertThat(redis.client().get(first.getKey()))
        .isEqualTo(UnpackedValue.parse(redis.client().get(first.getKey())).tag() + ",1");
  }
}
