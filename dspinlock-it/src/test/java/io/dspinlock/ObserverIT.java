package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.LockObserver.Outcome;
import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.RedisAdmin;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/** The session's observers hear every acquisition, release and lost lock, with bounded names. */
class ObserverIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final LockObserver observer =
      new LockObserver() {
        @Override
        public void acquisition(
            String lockName, String key, Outcome outcome, int tries, Duration waited) {
          assertThat(waited.isNegative()).isFalse();
          events.add("acquisition " + lockName + " " + outcome + " " + tries);
        }

        @Override
        public void released(String lockName, String key, Duration held) {
          assertThat(held.isNegative()).isFalse();
          events.add("released " + lockName);
        }

        @Override
        public void lost(String lockName, String key, String reason) {
          events.add("lost " + lockName + " " + reason);
        }
      };

  @BeforeEach
  void observe() {
    redis.session().addObserver(observer);
  }

  @AfterEach
  void stop() {
    redis.session().removeObserver(observer);
  }

  private LockOptionsBuilder<HashDSpinlock> lock(Object value) {
    return HashDSpinlock.builder(value).session(redis.session());
  }

  @Test
  void acquisitionsAndReleases_areToldWithTheLocksBoundedName() {
    for (int i = 0; i < 3; i++) {
      try (DSpinlockBase l = lock("orders:" + i).build().acquire()) {
        assertThat(l.isHeld()).isTrue();
      }
    }
    try (DSpinlockBase l = lock(42L).name("answers").build().acquire()) {
      l.acquire(); // re-entry: not an acquisition
      l.close();
    }
    assertThat(events)
        .containsExactly(
            "acquisition orders ACQUIRED 1",
            "released orders",
            "acquisition orders ACQUIRED 1",
            "released orders",
            "acquisition orders ACQUIRED 1",
            "released orders",
            "acquisition answers ACQUIRED 1",
            "released answers");
  }

  @Test
  void failures_areToldWithTheirOutcome() {
    try (DSpinlockBase holder = lock("busy").build().acquire()) {
      DSpinlockBase waiter =
          lock("busy").maxSpinlockTries(2).spinlockSleepThresh(Duration.ofMillis(20)).build();
      assertThatThrownBy(waiter::acquire).isInstanceOf(SpinlockTriesExceededException.class);
      assertThat(lock("busy").build().tryAcquire(Duration.ofMillis(30))).isFalse();
      assertThatThrownBy(() -> lock("busy").failIfKeyExists(true).build().acquire())
          .isInstanceOf(FailIfKeyExistsIsEnabledException.class);
      assertThat(holder.isHeld()).isTrue();
    }
    lock("busy").cachedIfComputed(true).build().acquire();
    // A timed wait spends what its deadline allows: the tries it reports vary.
    assertThat(events.get(2)).startsWith("acquisition busy TIMEOUT ");
    events.remove(2);
    assertThat(events)
        .containsExactly(
            "acquisition busy ACQUIRED 1",
            "acquisition busy TRIES_EXCEEDED 2",
            "acquisition busy FAIL_IF_EXISTS 1",
            "released busy",
            "acquisition busy CACHED 1");
  }

  @Test
  void asyncAcquisitions_andLostLocks_areTold() throws Exception {
    DSpinlockBase l = lock("async:1").leaseTime(Duration.ofSeconds(1)).build();
    l.acquireAsync().toCompletableFuture().get();
    redis.client().del(l.getKey()); // the key is gone: the next renewal finds it lost
    await()
        .atMost(TestTimeouts.seconds(10))
        .until(() -> events.stream().anyMatch(e -> e.startsWith("lost async ")));
    assertThat(events.get(0)).isEqualTo("acquisition async ACQUIRED 1");
    assertThat(events.get(1)).startsWith("lost async the key is gone");
  }

  @Test
  void aReleaseRedisDidNotTake_stillEndsTheHold() {
    RedisParameters quick =
        RedisParameters.fromUri(redis.uri()).toBuilder()
            .commandTimeout(Duration.ofMillis(300))
            .build();
    try (RedisSession session = RedisConnections.create(quick)) {
      session.addObserver(observer);
      DSpinlockBase l = HashDSpinlock.builder("paused").session(session).build().acquire();
      try (Jedis admin = RedisAdmin.admin(redis)) {
        admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", "1000", "WRITE");
      }
      assertThatThrownBy(l::close).isInstanceOf(RedisUnavailableException.class);
      assertThat(events).containsExactly("acquisition paused ACQUIRED 1", "released paused");
      // The release goes on in the background and frees the key once the pause ends.
      await()
          .atMost(TestTimeouts.seconds(10))
          .until(() -> redis.inspect(l.getKey()).status() == LockInfo.Status.COMPUTED);
    }
  }

  @Test
  void anObserverThatThrows_neitherFailsTheLockNorSilencesTheOthers() {
    LockObserver faulty =
        new LockObserver() {
          @Override
          public void acquisition(
              String lockName, String key, Outcome outcome, int tries, Duration waited) {
            throw new IllegalStateException("a faulty observer");
          }
        };
    redis.session().addObserver(faulty);
    try (DSpinlockBase l = lock("faulty").build().acquire()) {
      assertThat(l.isHeld()).isTrue();
    } finally {
      redis.session().removeObserver(faulty);
    }
    assertThat(events).containsExactly("acquisition faulty ACQUIRED 1", "released faulty");
  }
}
