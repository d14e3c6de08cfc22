package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.HashDSpinlock;
import io.dspinlock.ProvidedObjectIsNotHashableException;
import io.dspinlock.SpinlockTriesExceededException;
import io.dspinlock.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link DSpinlock} on the methods of a bean, against a real redis-server. */
class DSpinlockAnnotationIT {
  static RedisServer server;

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DSpinlockAutoConfiguration.class, DSpinlockAnnotationAutoConfiguration.class))
          .withUserConfiguration(JobsConfig.class)
          .withPropertyValues(
              "spring.data.redis.host=127.0.0.1",
              "spring.data.redis.port=" + server.port(),
              "dspinlock.lock.max-tries=200",
              "dspinlock.lock.sleep=50ms");

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void sameKey_fourThreads_neverOverlap() {
    runner.run(
        ctx -> {
          Jobs jobs = ctx.getBean(Jobs.class);
          Counts counts = ctx.getBean(Counts.class);
          inThreads(4, i -> jobs.exclusive("same"));
          assertThat(counts.runs.get()).isEqualTo(4 * 5);
          assertThat(counts.maxInside.get()).isEqualTo(1);
        });
  }

  @Test
  void differentKeys_fourThreads_runInParallel() {
    runner.run(
        ctx -> {
          Jobs jobs = ctx.getBean(Jobs.class);
          Counts counts = ctx.getBean(Counts.class);
          List<Boolean> met = inThreads(4, i -> jobs.meet("id-" + i));
          assertThat(met).containsOnly(true);
        });
  }

  @Test
  void skipIfLocked_heldElsewhere_doesNotRun() {
    runner.run(
        ctx -> {
          Jobs jobs = ctx.getBean(Jobs.class);
          Counts counts = ctx.getBean(Counts.class);
          DSpinlocks locks = ctx.getBean(DSpinlocks.class);
          try (HashDSpinlock held = locks.lock("skip:x").build().acquire()) {
            assertThat(jobs.skip("x")).isEmpty();
            assertThat(jobs.skipVoid("x")).isNull();
            assertThat(counts.runs.get()).isZero();
          }
          assertThat(jobs.skip("x")).contains("ran x");
        });
  }

  @Test
  void badExpression_failsNamingMethodAndExpression() {
    runner.run(
        ctx -> {
          Jobs jobs = ctx.getBean(Jobs.class);
          Counts counts = ctx.getBean(Counts.class);
          assertThatThrownBy(() -> jobs.unparsable("x"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("Jobs.unparsable")
              .hasMessageContaining("'a' +");
          assertThatThrownBy(() -> jobs.nullKey(null))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("Jobs.nullKey")
              .hasMessageContaining("#p0")
              .hasMessageContaining("null");
          assertThat(counts.runs.get()).isZero();
        });
  }

  @Test
  void completableFuture_holdsLockUntilItCompletes() {
    runner.run(
        ctx -> {
          Jobs jobs = ctx.getBean(Jobs.class);
          Counts counts = ctx.getBean(Counts.class);
          DSpinlocks locks = ctx.getBean(DSpinlocks.class);
          CompletableFuture<String> gate = new CompletableFuture<>();
          CompletableFuture<String> result = jobs.async("a1", gate);
          assertThat(counts.entered.await(10, TimeUnit.SECONDS)).isTrue();
          HashDSpinlock probe = locks.lock("async:a1").build();
          assertThat(probe.tryAcquire(Duration.ZERO)).isFalse();
          gate.complete("done");
          assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("done");
          try (HashDSpinlock free = locks.lock("async:a1").build()) {
            assertThat(free.tryAcquire(Duration.ZERO)).isTrue();
          }
        });
  }

  @Test
  void unlockableKeyValue_failsNamingMethodAndExpression() {
    runner.run(
        ctx -> {
          Jobs jobs = ctx.getBean(Jobs.class);
          assertThatThrownBy(() -> jobs.anyValue(new Object()))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("Jobs.anyValue")
              .hasMessageContaining("cannot be locked on")
              .hasCauseInstanceOf(ProvidedObjectIsNotHashableException.class);
        });
  }

  @Test
  void maxWait_heldElsewhere_failsAfterTheWait() {
    runner.run(
        ctx -> {
          Jobs jobs = ctx.getBean(Jobs.class);
          DSpinlocks locks = ctx.getBean(DSpinlocks.class);
          try (HashDSpinlock held = locks.lock("wait:w").build().acquire()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> jobs.waitBriefly("w"))
                .isInstanceOf(SpinlockTriesExceededException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
            assertThatThrownBy(() -> jobs.failFast("w"))
                .isInstanceOf(FailIfKeyExistsIsEnabledException.class);
          }
          assertThat(jobs.waitBriefly("w")).isEqualTo("ran");
        });
  }

  @Test
  void disabled_hasNoAdvisor() {
    runner
        .withPropertyValues("dspinlock.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(DSpinlockAdvisor.class));
  }

  /** Runs {@code task(i)} in {@code n} threads started together, and gives their results. */
  static <T> List<T> inThreads(int n, ThrowingTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.run(index);
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A task of one thread. */
  interface ThrowingTask<T> {
    T run(int index) throws Exception;
  }

  @Configuration(proxyBeanMethods = false)
  static class JobsConfig {
    @Bean
    Counts counts() {
      return new Counts();
    }

    @Bean
    Jobs jobs(Counts counts) {
      return new Jobs(counts);
    }
  }

  /** What the locked methods saw: a bean of its own, since the fields of a proxy are unset. */
  static class Counts {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    final CountDownLatch allIn = new CountDownLatch(4);
    final CountDownLatch entered = new CountDownLatch(1);
  }

  /** A bean with locked methods; not final, so that Spring can proxy it. */
  static class Jobs {
    private final Counts c;

    Jobs(Counts counts) {
      this.c = counts;
    }

    @DSpinlock(key = "'job:' + #id")
    public int exclusive(String id) throws InterruptedException {
      for (int i = 0; i < 5; i++) {
        once(id);
      }
      return c.runs.get();
    }

    // One step of a held call: an overlap of two holders shows as inside > 1.
    private void once(String id) throws InterruptedException {
      int now = c.inside.incrementAndGet();
      c.maxInside.accumulateAndGet(now, Math::max);
      Thread.sleep(2); // widens the window in which an overlap would show; not a synchronisation
      c.runs.incrementAndGet();
      c.inside.decrementAndGet();
    }

    @DSpinlock(key = "'meet:' + #p0")
    public boolean meet(String id) throws InterruptedException {
      c.allIn.countDown();
      return c.allIn.await(10, TimeUnit.SECONDS);
    }

    @DSpinlock(key = "'skip:' + #id", skipIfLocked = true)
    public Optional<String> skip(String id) {
      c.runs.incrementAndGet();
      return Optional.of("ran " + id);
    }

    @DSpinlock(key = "'skip:' + #a0", skipIfLocked = true)
    public String skipVoid(String id) {
      c.runs.incrementAndGet();
      return "ran";
    }

    @DSpinlock(key = "'a' +")
    public void unparsable(String id) {
      c.runs.incrementAndGet();
    }

    @DSpinlock(key = "#p0")
    public void nullKey(String id) {
      c.runs.incrementAndGet();
    }

    @DSpinlock(key = "#p0")
    public void anyValue(Object value) {
      c.runs.incrementAndGet();
    }

    @DSpinlock(key = "'wait:' + #id", maxWait = "200ms")
    public String waitBriefly(String id) {
      return "ran";
    }

    @DSpinlock(key = "'wait:' + #id", failIfKeyExists = true, name = "fail-fast")
    public String failFast(String id) {
      return "ran";
    }

    @DSpinlock(key = "'async:' + #id")
    public CompletableFuture<String> async(String id, CompletableFuture<String> gate) {
      c.entered.countDown();
      return gate;
    }
  }
}
