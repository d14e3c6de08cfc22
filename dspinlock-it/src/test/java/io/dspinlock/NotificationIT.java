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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

  /**
   * A notifier of a session of its own, whose connections it may leave as it likes, with a linger
   * of an hour: only a release can end a subscription within a test.
   */
  private record OwnNotifier(
      RedisSession session, ScheduledExecutorService timers, Notifier notifier, WaitQueues waits)
      implements AutoCloseable {
    static OwnNotifier create(String sessionId) {
      ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
      RedisSession own = RedisConnections.create(redis.uri());
      Notifier notifier = new Notifier(own.core().redis(), sessionId, () -> timers, 3_600_000);
      WaitQueues waits = new WaitQueues(notifier);
      notifier.bind(waits);
      return new OwnNotifier(own, timers, notifier, waits);
    }

    @Override
    public void close() {
      notifier.close();
      timers.shutdownNow();
      session.close();
    }
  }

  @Test
  void aSubscriptionLingeringAfterItsLastWaiter_endsAtTheFirstReleaseNobodyWaitsFor() {
    try (OwnNotifier own = OwnNotifier.create("linger-test")) {
      WaitQueues waits = own.waits();
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
    }
  }

  /** A scheduled task the notifier asked for, held back until the test runs it. */
  private record Timer(Runnable task, long delayMillis) {}

  @Test
  void aKeyWaitedForAgainWithinItsLinger_staysSubscribedUntilIdleForAWholeLinger()
      throws Exception {
    // The notifier's clock and timers are the test's: a check runs when the test runs it.
    ScheduledExecutorService real = Executors.newSingleThreadScheduledExecutor();
    BlockingQueue<Timer> timers = new LinkedBlockingQueue<>();
    ScheduledExecutorService heldBack =
        (ScheduledExecutorService)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ScheduledExecutorService.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("schedule") && args[0] instanceof Runnable task) {
                    timers.add(new Timer(task, ((TimeUnit) args[2]).toMillis((Long) args[1])));
                    return null;
                  }
                  try {
                    return method.invoke(real, args); // a subscription's check runs at once
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    AtomicLong millis = new AtomicLong();
    RedisSession own = RedisConnections.create(redis.uri());
    Notifier notifier =
        new Notifier(
            own.core().redis(),
            "linger-again",
            () -> heldBack,
            1000,
            () -> TimeUnit.MILLISECONDS.toNanos(millis.get()));
    WaitQueues waits = new WaitQueues(notifier);
    notifier.bind(waits);
    try {
      String key = new HashDSpinlock("linger-again").getKey();
      String channel = LockKeys.channel(key);
      SyncWaiter first = new SyncWaiter(null);
      waits.join(key, first);
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 1);
      waits.leave(key, first, true); // at 0 ms
      Timer check = timers.poll(10, TimeUnit.SECONDS);
      assertThat(check).as("the linger's check").isNotNull();
      assertThat(check.delayMillis()).isEqualTo(1000);

      millis.set(600);
      SyncWaiter again = new SyncWaiter(null);
      waits.join(key, again);
      waits.leave(key, again, true); // idle since 600 ms
      assertThat(timers).as("one check per linger, not one per leave").isEmpty();

      millis.set(1000);
      check.task().run();
      Timer later = timers.poll(10, TimeUnit.SECONDS);
      assertThat(later).as("the check comes again at the end of the idle time").isNotNull();
      assertThat(later.delayMillis()).isEqualTo(600);
      assertThat(subscribers(channel)).as("still lingering").isEqualTo(1);

      millis.set(1600);
      later.task().run();
      await("idle for a whole linger: unsubscribed")
          .atMost(TestTimeouts.seconds(10))
          .until(() -> subscribers(channel) == 0);
      assertThat(timers).isEmpty();

      // A check that finds the key waited for leaves it subscribed; its next last waiter starts
      // a linger of its own.
      SyncWaiter third = new SyncWaiter(null);
      waits.join(key, third);
      await().atMost(TestTimeouts.seconds(10)).until(() -> subscribers(channel) == 1);
      waits.leave(key, third, true); // at 1600 ms
      Timer next = timers.poll(10, TimeUnit.SECONDS);
      assertThat(next).isNotNull();
      SyncWaiter fourth = new SyncWaiter(null);
      waits.join(key, fourth);
      millis.set(2600);
      next.task().run();
      assertThat(timers).as("no check while waited for").isEmpty();
      millis.set(3000);
      waits.leave(key, fourth, true);
      Timer last = timers.poll(10, TimeUnit.SECONDS);
      assertThat(last).isNotNull();
      assertThat(last.delayMillis()).isEqualTo(1000);
      assertThat(subscribers(channel)).isEqualTo(1);
    } finally {
      notifier.close();
      real.shutdownNow();
      own.close();
    }
  }
}
