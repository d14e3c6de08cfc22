package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.testing.Figures;
import io.dspinlock.testing.RedisSentinelFixture;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Locks through Redis Sentinel, across a failover of the primary. */
class SentinelIT {

  @Test
  void failover_primaryKilled_locksAreServedAgainWithinTheBound() throws Exception {
    try (RedisSentinelFixture group = new RedisSentinelFixture();
        RedisSession session = RedisConnections.create(group.uri())) {
      long before;
      try (HashDSpinlock lock = new HashDSpinlock("sentinel", session).acquire()) {
        before = lock.fencingToken();
      }
      AtomicLong lastToken = new AtomicLong(before);
      // This test measures the failover, not what asynchronous replication can lose (the docs
      // say what): the release must have reached the replica before the primary dies. Without
      // this wait the replica was once promoted holding the key still BLOCKED, and the new
      // primary served it only after that orphaned lease ran out (30 s).
      try (Jedis primary = new Jedis("127.0.0.1", group.primary().port())) {
        assertThat(primary.waitReplicas(1, TestTimeouts.seconds(10).toMillis())).isEqualTo(1);
      }
      group.primary().kill();
      long killedAt = System.nanoTime();
      // A caller retries on errors during the failover, as an application would, with the same
      // lock object: an attempt whose reply was lost took the key with this object's tag, and
      // the next attempt finds it its own instead of waiting for its lease to run out.
      HashDSpinlock retried = new HashDSpinlock("sentinel", session);
      await("locks served by the new primary")
          .atMost(TestTimeouts.seconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(DSpinlockException.class)
          .until(
              () -> {
                try (HashDSpinlock lock = retried.acquire()) {
                  lastToken.set(lock.fencingToken());
                  return true;
                }
              });
      Duration outage = Duration.ofNanos(System.nanoTime() - killedAt);
      Figures.report("sentinel failover: locks served again after", outage.toMillis() + " ms");
      assertThat(group.currentPrimaryPort()).isEqualTo(group.replicaPort());
      assertThat(outage).isLessThan(TestTimeouts.seconds(30));
      assertThat(lastToken.get()).isGreaterThan(before);
      for (int i = 0; i < 20; i++) {
        try (HashDSpinlock lock = new HashDSpinlock("sentinel-after-" + i, session).acquire()) {
          assertThat(lock.isHeld()).isTrue();
        }
      }
    }
  }

  @Test
  void failover_withQueuedWaiters_everyWaiterEndsWithinItsBoundAndNoneOverlaps() throws Exception {
    try (RedisSentinelFixture group = new RedisSentinelFixture();
        RedisSession holderSession = RedisConnections.create(group.uri())) {
      HashDSpinlock holder = new HashDSpinlock("sentinel-queue", holderSession).acquire();
      String queue = io.dspinlock.internal.wire.LockKeys.queue(holder.getKey());
      int waiters = 3;
      java.util.concurrent.atomic.AtomicInteger inside =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger overlaps =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(waiters);
      java.util.List<RedisSession> sessions = new java.util.ArrayList<>();
      java.util.List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
      Duration bound = Duration.ofSeconds(20); // 40 tries of 0.5 s
      try {
        for (int i = 0; i < waiters; i++) {
          RedisSession s = RedisConnections.create(group.uri());
          sessions.add(s);
          outcomes.add(
              pool.submit(
                  () -> {
                    long end = System.nanoTime() + bound.toNanos();
                    // One lock object, retried on errors during the failover as an application
                    // would.
                    HashDSpinlock lock =
                        HashDSpinlock.builder("sentinel-queue")
                            .session(s)
                            .maxSpinlockTries(40)
                            .build();
                    while (System.nanoTime() - end < 0) {
                      try (HashDSpinlock held = lock.acquire()) {
                        if (inside.incrementAndGet() != 1) {
                          overlaps.incrementAndGet();
                        }
                        Thread.sleep(20);
                        inside.decrementAndGet();
                        return "acquired";
                      } catch (RedisUnavailableException | RedisNotInitializedException retry) {
                        Thread.sleep(100);
                      }
                    }
                    return "gave up";
                  }));
        }
        try (Jedis primary = new Jedis("127.0.0.1", group.primary().port())) {
          await("all waiters queued on the server")
              .atMost(TestTimeouts.seconds(30))
              .until(() -> primary.zcard(queue) == waiters);
          assertThat(primary.waitReplicas(1, TestTimeouts.seconds(10).toMillis())).isEqualTo(1);
        }
        long start = System.nanoTime();
        group.primary().kill();
        await("the replica promoted")
            .atMost(TestTimeouts.seconds(60))
            .until(() -> group.currentPrimaryPort() == group.replicaPort());
        await("the holder's release lands on the new primary")
            .atMost(TestTimeouts.seconds(60))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptionsInstanceOf(DSpinlockException.class)
            .until(
                () -> {
                  holder.close();
                  return true;
                });
        for (java.util.concurrent.Future<String> outcome : outcomes) {
          assertThat(outcome.get(bound.toSeconds() + 30, java.util.concurrent.TimeUnit.SECONDS))
              .isEqualTo("acquired");
        }
        Figures.report(
            "sentinel failover with 3 queued waiters: all held the lock within",
            Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        assertThat(overlaps.get()).isZero();
      } finally {
        pool.shutdownNow();
        sessions.forEach(RedisSession::close);
      }
    }
  }
}
