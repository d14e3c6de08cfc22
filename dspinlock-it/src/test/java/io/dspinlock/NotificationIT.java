package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dspinlock.internal.waiting.Notifier;
import io.dspinlock.internal.waiting.SyncWaiter;
import io.dspinlock.internal.waiting.WaitQueues;
import io.dspinlock.internal.wire.LockKeys;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Waiters wake on the release itself: the release script publishes on the key's channel, and a
 * session subscribes while it has waiters. Each waiter here sleeps 60 s between tries, so only a
 * notification can let it in within the test's timeout.
 */
class NotificationIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final Duration NEVER = Duration.ofSeconds(60);

  private static long subscribers(String channel) {
    return RedisAdmin.subscribers(redis, channel);
  }

  private CompletableFuture<Long> waitInOtherSession(RedisSession other, String name) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (HashDSpinlock w =
              HashDSpinlock.builder(name)
                  .options(LockOptions.builder().session(other).build())
                  .spinlockSleepThresh(NEVER)
                  .maxSpinlockTries(3)
                  .build()
                  .acquire()) {
            return w.fencingToken();
          }
        });
  }

  @Test
  void release_inAnotherSession_wakesTheWaiterAtOnce() throws Exception {
    try (RedisSession other = RedisConnections.create(redis.uri())) {
      HashDSpinlock holder = new HashDSpinlock("notify", redis.session()).acquire();
      String channel = LockKeys.channel(holder.getKey());
      CompletableFuture<Long> waiter = waitInOtherSession(other, "notify");
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 1);
      holder.close();
      long token = assertTimeoutPreemptively(TestTimeouts.seconds(10), () -> waiter.get());
      assertThat(token).isGreaterThan(holder.fencingToken());
      await("unsubscribed after the last waiter left")
          .atMost(TestTimeouts.seconds(10))
          .until(() -> subscribers(channel) == 0);
    }
  }

  @Test
  void releaseThatPublishesNothing_isStillSeenAfterTheSleep() {
    HashDSpinlock lock = new HashDSpinlock("silent-release", redis.session());
    String key = lock.getKey();
    String pythonTag =
        "18b29dc6-208e-4456-a323-bc911e8ac18c,"
            + io.dspinlock.internal.wire.PyIso.format(java.time.Instant.now());
    redis.client().set(key, pythonTag + ",0");
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try (HashDSpinlock w =
                  redis
                      .lock("silent-release")
                      .spinlockSleepThresh(Duration.ofMillis(100))
                      .maxSpinlockTries(200)
                      .build()
                      .acquire()) {
                return w.isHeld();
              }
            });
    await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(LockKeys.channel(key)) == 1);
    redis.client().set(key, pythonTag + ",1"); // the Python original releases with a plain SET
    assertThat(assertTimeoutPreemptively(TestTimeouts.seconds(20), () -> waiter.get())).isTrue();
  }

  @Test
  void notificationConnectionKilled_reconnectsAndStillWakes() throws Exception {
    try (RedisSession other = RedisConnections.create(redis.uri())) {
      HashDSpinlock holder = new HashDSpinlock("reconnect", redis.session()).acquire();
      String channel = LockKeys.channel(holder.getKey());
      CompletableFuture<Long> waiter = waitInOtherSession(other, "reconnect");
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 1);
      assertThat(RedisAdmin.killPubSubClients(redis)).isPositive();
      await("subscribed again")
          .atMost(TestTimeouts.seconds(10))
          .until(() -> subscribers(channel) == 1 && !waiter.isDone());
      holder.close();
      assertThat(assertTimeoutPreemptively(TestTimeouts.seconds(10), () -> waiter.get()))
          .isGreaterThan(holder.fencingToken());
    }
  }

  @Test
  void manyWaitersInOneSession_useOneSubscription() throws Exception {
    try (RedisSession other = RedisConnections.create(redis.uri())) {
      HashDSpinlock holder = new HashDSpinlock("one-sub", redis.session()).acquire();
      String channel = LockKeys.channel(holder.getKey());
      CompletableFuture<?>[] waiters = new CompletableFuture<?>[5];
      for (int i = 0; i < waiters.length; i++) {
        waiters[i] =
            CompletableFuture.supplyAsync(
                () -> {
                  try (HashDSpinlock w =
                      HashDSpinlock.builder("one-sub")
                          .options(LockOptions.builder().session(other).build())
                          .spinlockSleepThresh(NEVER)
                          .maxSpinlockTries(10)
                          .build()
                          .acquire()) {
                    return w.fencingToken();
                  }
                });
      }
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 1);
      holder.close();
      assertTimeoutPreemptively(
          TestTimeouts.seconds(20), () -> CompletableFuture.allOf(waiters).get());
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 0);
    }
  }

  @Test
  void aSubscriptionLingeringAfterItsLastWaiter_endsAtTheFirstReleaseNobodyWaitsFor() {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    // A session of its own, whose connections the notifier may leave as it likes; and a linger of
    // an hour: only the release can end the subscription within the test.
    RedisSession own = RedisConnections.create(redis.uri());
    Notifier notifier = new Notifier(own.core().redis(), "linger-test", () -> timers, 3_600_000);
    WaitQueues waits = new WaitQueues(notifier);
    notifier.bind(waits);
    try {
      String key = new HashDSpinlock("linger").getKey();
      String channel = LockKeys.channel(key);
      SyncWaiter waiter = new SyncWaiter(null);
      assertThat(waits.join(key, waiter)).isTrue();
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 1);
      waits.leave(key, waiter, false);
      assertThat(subscribers(channel)).as("lingering").isEqualTo(1);

      redis.client().publish(channel, "some-tag,0"); // a release elsewhere, nobody here waits
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 0);

      SyncWaiter again = new SyncWaiter(null);
      assertThat(waits.join(key, again)).isTrue();
      await("a new waiter subscribes again")
          .atMost(TestTimeouts.seconds(10))
          .until(() -> subscribers(channel) == 1);
      waits.leave(key, again, false);
    } finally {
      notifier.close();
      timers.shutdownNow();
      own.close();
    }
  }
}
