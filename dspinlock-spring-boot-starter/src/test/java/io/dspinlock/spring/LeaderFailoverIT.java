package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two JVMs running {@code LockRegistryLeaderInitiator} on {@link DSpinlockLockRegistry}: exactly
 * one leads, and after a kill -9 of the leader the other takes over within a lease and a renewal.
 */
class LeaderFailoverIT {
  static final Duration LEASE = Duration.ofSeconds(2);

  @RegisterExtension static final DSpinlockRedis redis = new DSpinlockRedis();

  @Test
  void killedLeader_otherJvmLeadsWithinLeaseAndOneRenewal() throws Exception {
    try (WorkerJvm a = start("a");
        WorkerJvm b = start("b")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> a.says("READY") && b.says("READY"));
      await().atMost(Duration.ofSeconds(10)).until(() -> a.says("GRANTED") || b.says("GRANTED"));
      // Exactly one leader, and it stays so for longer than a lease.
      await()
          .during(LEASE.plusMillis(500))
          .atMost(LEASE.plusSeconds(3))
          .until(() -> a.says("GRANTED") != b.says("GRANTED"));
      WorkerJvm leader = a.says("GRANTED") ? a : b;
      WorkerJvm follower = leader == a ? b : a;
      long killedAt = System.nanoTime();
      leader.process().destroyForcibly().waitFor();
      // A lease, one renewal interval, and a heartbeat with a sleep of the waiter.
      Duration bound = LEASE.plus(LEASE.dividedBy(3)).plusMillis(500);
      await().atMost(bound).until(() -> follower.says("GRANTED"));
      Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
      assertThat(failover).isLessThan(bound);
      System.out.println("failover after kill -9: " + failover.toMillis() + " ms");
    }
  }

  private static WorkerJvm start(String id) throws IOException {
    return WorkerJvm.start(LeaderWorker.class, redis.uri(), id, Long.toString(LEASE.toMillis()));
  }
}
