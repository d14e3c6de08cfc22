package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisSession;
import io.dspinlock.test.DSpinlockRedis;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/** {@link DSpinlockLockRegistry} against a real redis-server. */
class DSpinlockLockRegistryIT {
  @RegisterExtension static final DSpinlockRedis redis = new DSpinlockRedis();

  DSpinlockLockRegistry registry(String key) {
    RedisSession session = redis.session();
    return new DSpinlockLockRegistry(
        new DSpinlocks(
            LockOptions.builder()
                .session(session)
                .spinlockSleepThresh(Duration.ofMillis(50))
                .leaseTime(Duration.ofSeconds(3))
                .build()),
        key);
  }

  @Test
  void tryLock_heldByAnotherRegistry_isFalseUntilUnlocked() throws Exception {
    Lock mine = registry("reg").obtain("k1");
    Lock theirs = registry("reg").obtain("k1");
    assertThat(mine.tryLock()).isTrue();
    assertThat(theirs.tryLock(100, TimeUnit.MILLISECONDS)).isFalse();
    mine.unlock();
    assertThat(theirs.tryLock(1, TimeUnit.SECONDS)).isTrue();
    theirs.unlock();
  }

  @Test
  void lock_isReentrant_andOwnedByItsThread() throws Exception {
    DSpinlockLockRegistry registry = registry("reg");
    Lock lock = registry.obtain("k2");
    assertThat(registry.obtain("k2")).isSameAs(lock);
    lock.lock();
    lock.lockInterruptibly();
    assertThat(CompletableFuture.supplyAsync(lock::tryLock).get(5, TimeUnit.SECONDS)).isFalse();
    assertThatThrownBy(() -> CompletableFuture.runAsync(lock::unlock).join())
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("You do not own lock");
    lock.unlock();
    Lock other = registry("reg").obtain("k2");
    assertThat(other.tryLock()).isFalse(); // still held once
    lock.unlock();
    assertThat(other.tryLock()).isTrue();
    other.unlock();
  }

  @Test
  void unlock_afterTheLeaseWasLost_throwsConcurrentModification() {
    DSpinlockLockRegistry registry = registry("reg");
    Lock lock = registry.obtain("k3");
    lock.lock();
    // Another party removes the key, as an expiry and a takeover would.
    redis.client().del(new HashDSpinlock("reg:k3").getKey());
    assertThatThrownBy(lock::unlock).isInstanceOf(ConcurrentModificationException.class);
    assertThatThrownBy(() -> registry.renewLock("k3")).isInstanceOf(IllegalStateException.class);
    assertThat(lock.tryLock()).isTrue(); // the local lock was released all the same
    registry.renewLock("k3");
    lock.unlock();
  }

  @Test
  void newCondition_isNotSupported() {
    assertThatThrownBy(() -> registry("reg").obtain("k4").newCondition())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> registry("reg").obtain(42))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leaderInitiators_twoRegistries_oneLeaderThenFailover() throws Exception {
    LockRegistryLeaderInitiator a = initiator("a");
    LockRegistryLeaderInitiator b = initiator("b");
    try {
      a.start();
      b.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> leaders(a, b) == 1);
      LockRegistryLeaderInitiator leader = a.getContext().isLeader() ? a : b;
      LockRegistryLeaderInitiator follower = leader == a ? b : a;
      leader.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> follower.getContext().isLeader());
      assertThat(leader.getContext().isLeader()).isFalse();
    } finally {
      a.stop();
      b.stop();
    }
  }

  private LockRegistryLeaderInitiator initiator(String id) {
    LockRegistryLeaderInitiator initiator =
        new LockRegistryLeaderInitiator(registry("leader"), new DefaultCandidate(id, "role"));
    initiator.setHeartBeatMillis(100);
    initiator.setBusyWaitMillis(50);
    return initiator;
  }

  private static int leaders(LockRegistryLeaderInitiator... initiators) {
    int n = 0;
    for (LockRegistryLeaderInitiator i : initiators) {
      n += i.getContext().isLeader() ? 1 : 0;
    }
    return n;
  }

  @Test
  void autoConfiguration_withSpringIntegration_hasTheRegistry() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DSpinlockAutoConfiguration.class, DSpinlockIntegrationAutoConfiguration.class))
        .withPropertyValues("dspinlock.redis.url=" + redis.uri())
        .run(ctx -> assertThat(ctx).hasSingleBean(DSpinlockLockRegistry.class));
  }
}
