package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dspinlock.testing.RedisClusterFixture;
import io.dspinlock.testing.TestTimeouts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Locks on a real three-primary Redis Cluster. */
class ClusterIT {
  private static RedisClusterFixture cluster;
  private static RedisSession session;

  @BeforeAll
  static void startCluster() {
    cluster = new RedisClusterFixture();
    session = RedisConnections.create(cluster.uri());
  }

  @AfterAll
  static void stopCluster() {
    session.close();
    cluster.close();
  }

  @Test
  void locks_onAThousandKeys_workAndSpreadOverAllThreePrimaries() {
    long[] before = new long[3];
    for (int i = 0; i < 3; i++) {
      try (Jedis j = cluster.jedis(i)) {
        before[i] = j.dbSize();
      }
    }
    for (int i = 0; i < 1000; i++) {
      try (HashDSpinlock lock = new HashDSpinlock("cluster-" + i, session).acquire()) {
        assertThat(lock.isHeld()).isTrue();
        assertThat(lock.fencingToken()).isPositive();
      }
    }
    long total = 0;
    for (int i = 0; i < 3; i++) {
      try (Jedis j = cluster.jedis(i)) {
        long added = j.dbSize() - before[i];
        // Each lock leaves its key and its fencing counter, in one slot: about 667 per node.
        assertThat(added).as("keys on node %d", i).isGreaterThan(400);
        total += added;
      }
    }
    assertThat(total).isEqualTo(2000);
    assertThat(session.keys("dspinlock,cluster-*", 10)).isEmpty(); // keys are hashed
    assertThat(session.keys("dspinlock,*", 5000)).hasSizeGreaterThanOrEqualTo(1000);
  }

  @Test
  @SuppressWarnings("deprecation") // JedisCluster: the cluster client of every Jedis from 6 to 8
  void anAdoptedClusterClient_takesLocksOnEveryPrimary_andWakesWaiters() throws Exception {
    java.util.Set<redis.clients.jedis.HostAndPort> seeds = new java.util.HashSet<>();
    for (var node : cluster.nodes()) {
      seeds.add(new redis.clients.jedis.HostAndPort("127.0.0.1", node.port()));
    }
    try (redis.clients.jedis.JedisCluster client = new redis.clients.jedis.JedisCluster(seeds);
        RedisSession adopted = RedisSession.wrap(client)) {
      for (int i = 0; i < 100; i++) {
        try (HashDSpinlock lock = new HashDSpinlock("adopted-" + i, adopted).acquire()) {
          assertThat(lock.fencingToken()).isPositive();
        }
      }
      releaseWakesTheWaiter(cluster, adopted, session, "adopted-notify");
      assertThat(adopted.keys("dspinlock,*", 5000)).hasSizeGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void release_inAnotherSession_wakesTheWaiterThroughClusterPubSub() throws Exception {
    try (RedisSession other = RedisConnections.create(cluster.uri())) {
      releaseWakesTheWaiter(cluster, session, other, "cluster-notify");
    }
  }

  @Test
  void onRedis7_releasesAndGrantsAreAnnouncedWithinTheKeysShard() throws Exception {
    assumeTrue(RedisClusterFixture.sharded(), "sharded pub/sub needs Redis 7");
    long spublish = cluster.calls("spublish");
    long publish = cluster.calls("publish");
    try (RedisSession other = RedisConnections.create(cluster.uri())) {
      // The release grants the key to the queued waiter, on its session's shard channel.
      releaseWakesTheWaiter(cluster, session, other, "cluster-sharded");
    }
    assertThat(cluster.calls("spublish")).isGreaterThan(spublish);
    assertThat(cluster.calls("publish")).as("classic PUBLISH calls").isEqualTo(publish);
  }

  @Test
  void onRedis7_aSlotThatMovesWhileWaitersWait_keepsThemNotified() throws Exception {
    assumeTrue(RedisClusterFixture.sharded(), "sharded pub/sub needs Redis 7");
    try (RedisSession other = RedisConnections.create(cluster.uri())) {
      HashDSpinlock holder = new HashDSpinlock("cluster-moving", session).acquire();
      CompletableFuture<Long> waiter = waitFor("cluster-moving", other);
      String channel = io.dspinlock.internal.wire.LockKeys.channel(holder.getKey());
      int slot = JedisClusterCRC16.getSlot(holder.getKey());
      int from = cluster.ownerOf(slot);
      await()
          .atMost(TestTimeouts.seconds(10))
          .until(() -> cluster.shardSubscribers(from, channel) == 1);

      int to = cluster.moveSlot(slot); // the old owner unsubscribes the slot's shard channels
      await()
          .atMost(TestTimeouts.seconds(10))
          .until(() -> cluster.shardSubscribers(to, channel) == 1);

      holder.close();
      long token = assertTimeoutPreemptively(TestTimeouts.seconds(10), () -> waiter.get());
      assertThat(token).isGreaterThan(holder.fencingToken());
    }
  }

  /**
   * Holds a lock in one session, lets a waiter that sleeps 60 s between tries wait in another, and
   * checks that the release wakes it: only a notification, through whichever node, can.
   */
  static void releaseWakesTheWaiter(
      RedisClusterFixture cluster, RedisSession holding, RedisSession waiting, String name)
      throws Exception {
    HashDSpinlock holder = new HashDSpinlock(name, holding).acquire();
    CompletableFuture<Long> waiter = waitFor(name, waiting);
    String channel = io.dspinlock.internal.wire.LockKeys.channel(holder.getKey());
    await().atMost(TestTimeouts.seconds(10)).until(() -> cluster.subscribers(channel) == 1);
    holder.close();
    long token = assertTimeoutPreemptively(TestTimeouts.seconds(10), () -> waiter.get());
    assertThat(token).isGreaterThan(holder.fencingToken());
  }

  /**
   * A waiter that sleeps 60 s between tries: only a notification wakes it within a test's bound.
   */
  private static CompletableFuture<Long> waitFor(String name, RedisSession waiting) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (HashDSpinlock w =
              HashDSpinlock.builder(name)
                  .session(waiting)
                  .spinlockSleepThresh(Duration.ofSeconds(60))
                  .maxSpinlockTries(3)
                  .build()
                  .acquire()) {
            return w.fencingToken();
          }
        });
  }
}
