package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.ChaosProxy;
import io.dspinlock.testing.FaultHolder;
import io.dspinlock.testing.FencedResource;
import io.dspinlock.testing.Figures;
import io.dspinlock.testing.JvmProcess;
import io.dspinlock.testing.MutexFuzzer;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Crash safety with real processes and signals: kill -9, SIGSTOP, latency and cuts. */
class FaultToleranceIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private static final Pattern HOLDING = Pattern.compile("HOLDING token=(\\d+)");
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration SLEEP = Duration.ofMillis(500);

  private JvmProcess startHolder(String lock, String resource) {
    JvmProcess holder =
        JvmProcess.start(
            FaultHolder.class,
            Map.of(),
            redis.uri(),
            lock,
            Long.toString(LEASE.toMillis()),
            resource);
    await("holder holds the lock")
        .atMost(TestTimeouts.seconds(30))
        .until(() -> HOLDING.matcher(holder.output()).find() || !holder.process().isAlive());
    assertThat(holder.output()).contains("HOLDING");
    return holder;
  }

  private HashDSpinlock waiter(String lock) {
    return redis
        .lock(lock)
        .leaseTime(LEASE)
        .spinlockSleepThresh(SLEEP)
        .maxSpinlockTries(100)
        .build();
  }

  @Test
  void holderKilledWithSigkill_anotherJvmAcquiresWithinLeasePlusSleep() {
    try (JvmProcess holder = startHolder("killed", "killed-resource")) {
      holder.kill();
      long killedAt = System.nanoTime();
      try (HashDSpinlock next = waiter("killed").acquire()) {
        Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
        Figures.report("kill -9 recovery (lease 2 s, sleep 0.5 s)", recovery.toMillis() + " ms");
        assertThat(next.isHeld()).isTrue();
        assertThat(recovery).isLessThanOrEqualTo(TestTimeouts.scaled(LEASE.plus(SLEEP)));
      }
    }
  }

  @Test
  void holderPausedPastItsLease_losesTheLockAndItsWritesAreRefused() {
    FencedResource resource = new FencedResource(redis.client(), "paused-resource");
    try (JvmProcess holder = startHolder("paused", "paused-resource")) {
      Matcher m = HOLDING.matcher(holder.output());
      assertThat(m.find()).isTrue();
      long oldToken = Long.parseLong(m.group(1));
      await()
          .atMost(TestTimeouts.seconds(10))
          .until(() -> holder.output().contains("WRITE accepted"));

      holder.signal("STOP");
      long newToken;
      try (HashDSpinlock next = waiter("paused").acquire()) {
        newToken = next.fencingToken();
        assertThat(newToken).isGreaterThan(oldToken);
        assertThat(resource.write(newToken, "new-holder")).isTrue();
        holder.signal("CONT");
        assertThat(holder.waitFor(TestTimeouts.seconds(30))).as(holder.output()).isZero();
      }
      String out = holder.output();
      assertThat(out).contains("LOST ").contains("WRITE refused").contains("HELD false");
      assertThat(out).doesNotContain("WRITE accepted lost=true");
      List<Long> accepted = resource.acceptedTokens();
      assertThat(resource.inOrder()).as("accepted tokens %s", accepted).isTrue();
      assertThat(accepted.get(accepted.size() - 1)).isEqualTo(newToken);
      long refused = out.lines().filter(l -> l.startsWith("WRITE refused")).count();
      Figures.report("paused holder: writes refused after SIGCONT", Long.toString(refused));
    }
  }

  @Test
  void latencyOf180msEachWay_locksStillWorkAndLeasesHold() throws Exception {
    try (ChaosProxy proxy = ChaosProxy.to(redis.server().port());
        RedisSession slow = RedisConnections.create(proxy.uri())) {
      proxy.latency(Duration.ofMillis(180));
      List<String> lost = new CopyOnWriteArrayList<>();
      LockOptions o =
          LockOptions.builder()
              .session(slow)
              .onLockLost((lock, reason) -> lost.add(reason))
              .build();
      MutexFuzzer.Result r =
          new MutexFuzzer()
              .run(
                  2,
                  2,
                  () ->
                      HashDSpinlock.builder("slow")
                          .options(o)
                          .leaseTime(LEASE)
                          .maxSpinlockTries(1000)
                          .spinlockSleepThresh(SLEEP)
                          .build()
                          .acquire(),
                  () -> {
                    try {
                      Thread.sleep(LEASE.toMillis() + 100); // past a lease: renewal must work
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  TestTimeouts.seconds(120));
      assertThat(r.firstFailure()).isNull();
      assertThat(r.overlaps()).isZero();
      assertThat(r.counted()).isEqualTo(4);
      assertThat(lost).isEmpty();
    }
  }

  @Test
  void connectionCutLongerThanTheLease_holderReportsTheLockLost() {
    try (ChaosProxy proxy = ChaosProxy.to(redis.server().port());
        RedisSession cutOff = RedisConnections.create(proxy.uri())) {
      List<String> lost = new CopyOnWriteArrayList<>();
      LockOptions o =
          LockOptions.builder()
              .session(cutOff)
              .onLockLost((lock, reason) -> lost.add(reason))
              .build();
      HashDSpinlock held =
          HashDSpinlock.builder("cut").options(o).leaseTime(LEASE).build().acquire();
      long cutAt = System.nanoTime();
      proxy.cut();
      await().atMost(TestTimeouts.scaled(LEASE.multipliedBy(3))).until(() -> !lost.isEmpty());
      Figures.report(
          "connection cut: lost reported after",
          Duration.ofNanos(System.nanoTime() - cutAt).toMillis() + " ms (lease 2 s)");
      assertThat(lost).singleElement().asString().contains("unreachable");
      assertThat(held.isHeld()).isFalse();
      // Someone on a working connection takes the key once the lease has run out.
      try (HashDSpinlock other = waiter("cut").acquire()) {
        assertThat(other.fencingToken()).isGreaterThan(held.fencingToken());
      }
      proxy.restore();
      org.assertj.core.api.Assertions.assertThatThrownBy(held::close)
          .isInstanceOf(InvalidMutexReleaseEncounteredException.class)
          .hasMessageContaining("lost");
    }
  }

  @Test
  void releaseWhileRedisUnreachable_failsWithinCommandTimeout() throws Exception {
    try (ChaosProxy proxy = ChaosProxy.to(redis.server().port())) {
      RedisParameters p =
          RedisParameters.fromUri(proxy.uri()).toBuilder()
              .commandTimeout(Duration.ofMillis(500))
              .socketConnectTimeout(Duration.ofMillis(500))
              .build();
      try (RedisSession session = RedisConnections.create(p)) {
        HashDSpinlock held =
            HashDSpinlock.builder("release-cut")
                .options(LockOptions.builder().session(session).build())
                .leaseTime(LEASE)
                .build()
                .acquire();
        proxy.cut();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            TestTimeouts.seconds(5),
            () ->
                org.assertj.core.api.Assertions.assertThatThrownBy(held::close)
                    .isInstanceOf(RedisUnavailableException.class));
        // The key frees itself within the lease.
        try (HashDSpinlock next = waiter("release-cut").acquire()) {
          assertThat(next.isHeld()).isTrue();
        }
      }
    }
  }
}
