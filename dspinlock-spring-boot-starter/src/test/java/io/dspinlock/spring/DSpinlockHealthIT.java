package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dspinlock.test.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health contributor "dspinlock", against a real redis-server that stops or stalls. */
class DSpinlockHealthIT {
  private static final Duration FACTOR =
      Duration.ofSeconds(Math.max(1, Integer.getInteger("dspinlock.test.timeoutFactor", 1)));

  private static ApplicationContextRunner runner(RedisServer server) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DSpinlockAutoConfiguration.class, DSpinlockHealthAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + server.port());
  }

  @Test
  void health_serverUp_isUpWithDetails_thenDownWithin5sOfTheServerStopping() {
    try (RedisServer server = RedisServer.start()) {
      runner(server)
          .run(
              ctx -> {
                HealthIndicator indicator =
                    ctx.getBean("dspinlockHealthIndicator", HealthIndicator.class);
                Health up = indicator.health();
                assertThat(up.getStatus()).isEqualTo(Status.UP);
                assertThat(up.getDetails())
                    .containsEntry("redis", "127.0.0.1:" + server.port() + "/0")
                    .containsEntry("topology", "standalone")
                    .containsKeys("responseTime", "eviction");
                server.stop();
                long start = System.nanoTime();
                await()
                    .atMost(FACTOR.multipliedBy(5))
                    .until(() -> indicator.health().getStatus().equals(Status.DOWN));
                Health down = indicator.health();
                assertThat(down.getDetails()).containsKey("error");
                System.out.printf(
                    "health DOWN %d ms after the server stopped: %s%n",
                    Duration.ofNanos(System.nanoTime() - start).toMillis(), down.getDetails());
              });
    }
  }

  @Test
  void health_serverStalls_isDownWithinTheTimeout() {
    try (RedisServer server = RedisServer.start()) {
      runner(server)
          .withPropertyValues("dspinlock.health.timeout=300ms")
          .run(
              ctx -> {
                HealthIndicator indicator =
                    ctx.getBean("dspinlockHealthIndicator", HealthIndicator.class);
                assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                // SIGSTOP: the server keeps its connections open and answers nothing.
                signal(server, "STOP");
                try {
                  long start = System.nanoTime();
                  Health h = indicator.health();
                  long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                  assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                  assertThat(h.getDetails().get("error").toString()).contains("did not answer");
                  assertThat(millis).isLessThan(FACTOR.toMillis());
                } finally {
                  signal(server, "CONT");
                }
                await()
                    .atMost(FACTOR.multipliedBy(5))
                    .until(() -> indicator.health().getStatus().equals(Status.UP));
              });
    }
  }

  @Test
  void health_disabledByManagementProperty_hasNoIndicator() {
    try (RedisServer server = RedisServer.start()) {
      runner(server)
          .withPropertyValues("management.health.dspinlock.enabled=false")
          .run(ctx -> assertThat(ctx).doesNotHaveBean("dspinlockHealthIndicator"));
    }
  }

  @Test
  void health_withoutBootHealthClasses_hasNoIndicator() {
    try (RedisServer server = RedisServer.start()) {
      runner(server)
          .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
          .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("dspinlockHealthIndicator"));
    }
  }

  private static void signal(RedisServer server, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).start();
    assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
  }
}
