package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.StartGate;
import io.dspinlock.testing.TestTimeouts;
import io.dspinlock.testing.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** asLock(): the standard java.util.concurrent usage, one lock object per thread. */
class LockViewIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private Lock lock(String name) {
    return redis
        .lock(name)
        .maxSpinlockTries(10_000)
        .spinlockSleepThresh(Duration.ofMillis(100))
        .build()
        .asLock();
  }

  private int counter; // guarded by the distributed lock only

  @Test
  void lockUnlock_counterUnderLockInEightThreads_countsExactly() throws Exception {
    List<StartGate.Outcome<Integer>> outcomes =
        StartGate.run(
            8,
            TestTimeouts.seconds(60),
            i -> {
              Lock lock = lock("view-counter");
              for (int n = 0; n < 25; n++) {
                lock.lock();
                try {
                  int read = counter;
                  Thread.sleep(1); // the window for a lost update
                  counter = read + 1;
                } finally {
                  lock.unlock();
                }
              }
              return 25;
            });
    assertThat(outcomes).allMatch(StartGate.Outcome::succeeded);
    assertThat(counter).isEqualTo(200);
  }

  @Test
  void tryLock_withTimeout_falseWhileHeldThenTrue() throws Exception {
    Lock holder = lock("view-try");
    holder.lock();
    Lock other = lock("view-try");
    long start = System.nanoTime();
    assertThat(other.tryLock(300, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(other.tryLock()).isFalse();
    holder.unlock();
    assertThat(other.tryLock(5, TimeUnit.SECONDS)).isTrue();
    other.unlock();
  }

  @Test
  void lockInterruptibly_interruptedWhileWaiting_throwsInterruptedException() throws Exception {
    Lock holder = lock("view-interrupt");
    holder.lock();
    try {
      AtomicReference<Thread> waiter = new AtomicReference<>();
      CompletableFuture<Throwable> outcome =
          CompletableFuture.supplyAsync(
              () -> {
                waiter.set(Thread.currentThread());
                try {
                  lock("view-interrupt").lockInterruptibly();
                  return null;
                } catch (InterruptedException e) {
                  return e;
                }
              });
      await()
          .atMost(TestTimeouts.seconds(10))
          .until(() -> waiter.get() != null && Waiting.inLockWait(waiter.get()));
      waiter.get().interrupt();
      assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    } finally {
      holder.unlock();
    }
  }

  @Test
  void unlock_notHeld_throwsIllegalMonitorState_andConditionsAreUnsupported() {
    Lock lock = lock("view-misuse");
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(lock::newCondition).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unlock_fromAnotherThread_worksBecauseTheHandleOwnsTheLock() throws Exception {
    Lock lock = lock("view-handoff");
    lock.lock();
    CompletableFuture.runAsync(lock::unlock).get(10, TimeUnit.SECONDS);
    assertThat(redis.client().get(new HashDSpinlock("view-handoff").getKey())).endsWith(",1");
  }

  @Test
  void asLock_cachedIfComputed_isRefused() {
    HashDSpinlock cached =
        HashDSpinlock.builder("x").session(redis.session()).cachedIfComputed(true).build();
    assertThatThrownBy(cached::asLock).isInstanceOf(IllegalStateException.class);
  }
}
