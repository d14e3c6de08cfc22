package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.test.DSpinlockRedis;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** run(), call() and tryAcquire(): acquire, act, release, on success and on failure. */
class RunCallIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  private HashDSpinlock lock(String name) {
    return redis.lock(name).build();
  }

  private String state(String name) {
    return redis.client().get(lock(name).getKey());
  }

  @Test
  void run_success_runsAndReleases() {
    HashDSpinlock lock = lock("run-ok");
    boolean[] ran = {false};
    assertThat(lock.run(() -> ran[0] = lock.isHeld())).isTrue();
    assertThat(ran[0]).isTrue();
    assertThat(lock.isHeld()).isFalse();
    assertThat(state("run-ok")).endsWith(",1");
  }

  @Test
  void run_actionThrows_releasesAndRethrows() {
    HashDSpinlock lock = lock("run-fail");
    assertThatThrownBy(
            () ->
                lock.run(
                    () -> {
                      throw new IllegalArgumentException("boom");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(lock.isHeld()).isFalse();
    assertThat(state("run-fail")).endsWith(",1");
  }

  @Test
  void run_cachedPath_doesNotRun() {
    lock("run-cached").run(() -> {});
    HashDSpinlock cached =
        HashDSpinlock.builder("run-cached").session(redis.session()).cachedIfComputed(true).build();
    assertThat(
            cached.run(
                () -> {
                  throw new AssertionError("must not run");
                }))
        .isFalse();
  }

  @Test
  void call_returnsTheValue_andRethrowsACheckedExceptionAsIs() {
    assertThat(lock("call-ok").call(() -> 42)).isEqualTo(42);
    HashDSpinlock lock = lock("call-fail");
    assertThatThrownBy(
            () ->
                lock.call(
                    () -> {
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(lock.isHeld()).isFalse();
    assertThat(state("call-fail")).endsWith(",1");
  }

  @Test
  void tryAcquire_heldElsewhere_falseAfterTheWait_trueOnceFree() {
    HashDSpinlock holder = lock("try").acquire();
    HashDSpinlock other = redis.lock("try").spinlockSleepThresh(Duration.ofMillis(50)).build();
    long start = System.nanoTime();
    assertThat(other.tryAcquire(Duration.ofMillis(300))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(other.tryAcquire(Duration.ZERO)).isFalse();
    holder.close();
    assertThat(other.tryAcquire(Duration.ZERO)).isTrue();
    assertThat(other.isHeld()).isTrue();
    other.close();
    assertThatThrownBy(() -> other.tryAcquire(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tryAcquire_forever_isAWaitWithoutLimitNotAnOverflow() throws InterruptedException {
    try (HashDSpinlock lock = lock("forever")) {
      assertThat(lock.tryAcquire(ChronoUnit.FOREVER.getDuration())).isTrue();
    }
    Lock view = lock("forever-view").asLock();
    assertThat(view.tryLock(Long.MAX_VALUE, TimeUnit.DAYS)).isTrue();
    view.unlock();
  }
}
