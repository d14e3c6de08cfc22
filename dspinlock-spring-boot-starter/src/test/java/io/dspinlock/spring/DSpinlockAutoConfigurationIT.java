package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisParameters;
import io.dspinlock.RedisSession;
import io.dspinlock.micrometer.DSpinlockMetrics;
import io.dspinlock.test.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans of the auto-configuration, against a real redis-server. */
class DSpinlockAutoConfigurationIT {
  static RedisServer server;

  static final AutoConfigurations OURS =
      AutoConfigurations.of(
          DSpinlockAutoConfiguration.class,
          DSpinlockHealthAutoConfiguration.class,
          DSpinlockMetricsAutoConfiguration.class);

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(OURS)
          .withPropertyValues(
              "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + server.port());

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void context_withSpringDataRedisHostAndPort_hasEveryBeanOnThatServer() {
    runner.run(
        ctx -> {
          assertThat(ctx)
              .hasSingleBean(RedisParameters.class)
              .hasSingleBean(RedisSession.class)
              .hasSingleBean(DSpinlocks.class)
              .hasSingleBean(DSpinlockMetrics.class)
              .hasBean("dspinlockHealthIndicator");
          assertThat(ctx.getBean(RedisParameters.class).describe())
              .isEqualTo("127.0.0.1:" + server.port() + "/0");
          takesAndReleases(ctx);
        });
  }

  @Test
  void context_disabled_hasNoBeans() {
    runner
        .withPropertyValues("dspinlock.enabled=false")
        .run(
            ctx ->
                assertThat(ctx)
                    .doesNotHaveBean(RedisParameters.class)
                    .doesNotHaveBean(RedisSession.class)
                    .doesNotHaveBean(DSpinlocks.class)
                    .doesNotHaveBean(DSpinlockMetrics.class)
                    .doesNotHaveBean("dspinlockHealthIndicator"));
  }

  @Test
  void redisUrl_withSpringDataRedisElsewhere_wins() {
    runner
        .withPropertyValues(
            "spring.data.redis.port=" + RedisServer.freePort(),
            "dspinlock.redis.url=" + server.uri(),
            "dspinlock.accept-evicting-server=true")
        .run(
            ctx -> {
              RedisParameters p = ctx.getBean(RedisParameters.class);
              assertThat(p.port()).isEqualTo(server.port());
              assertThat(p.acceptEvictingServer()).isTrue();
              takesAndReleases(ctx);
            });
  }

  @Test
  void springDataRedisTimeoutsAndName_areMapped() {
    runner
        .withPropertyValues(
            "spring.data.redis.database=3",
            "spring.data.redis.timeout=750ms",
            "spring.data.redis.connect-timeout=1s",
            "spring.data.redis.client-name=billing")
        .run(
            ctx -> {
              RedisParameters p = ctx.getBean(RedisParameters.class);
              assertThat(p.rdb()).isEqualTo(3);
              assertThat(p.commandTimeout()).isEqualTo(Duration.ofMillis(750));
              assertThat(p.socketConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
              assertThat(p.clientName()).isEqualTo("billing");
            });
  }

  @Test
  void dataRedisPropertiesBean_isFollowed() {
    new ApplicationContextRunner()
        .withConfiguration(OURS)
        .withUserConfiguration(BootRedisConfig.class)
        .run(
            ctx -> {
              assertThat(ctx.getBean(RedisParameters.class).port()).isEqualTo(server.port());
              takesAndReleases(ctx);
            });
  }

  @Test
  void lockProperties_becomeTheDefaultsOfDSpinlocks() {
    runner
        .withPropertyValues(
            "dspinlock.lock.max-tries=3",
            "dspinlock.lock.sleep=20ms",
            "dspinlock.lock.lease=5s",
            "dspinlock.lock.max-block=1m",
            "dspinlock.lock.computed-expiry=10m")
        .run(
            ctx -> {
              DSpinlocks locks = ctx.getBean(DSpinlocks.class);
              LockOptions d = locks.defaults();
              assertThat(d.session()).isSameAs(ctx.getBean(RedisSession.class));
              assertThat(d.maxSpinlockTries()).isEqualTo(3);
              assertThat(d.spinlockSleepThresh()).isEqualTo(Duration.ofMillis(20));
              assertThat(d.leaseTime()).isEqualTo(Duration.ofSeconds(5));
              assertThat(d.maxBlockTime()).isEqualTo(Duration.ofMinutes(1));
              assertThat(d.expireAtTimedelta()).isEqualTo(Duration.ofMinutes(10));
            });
  }

  @Test
  void lockProperties_unset_areTheLibraryDefaults() {
    runner.run(
        ctx -> {
          LockOptions d = ctx.getBean(DSpinlocks.class).defaults();
          assertThat(d.maxSpinlockTries()).isEqualTo(LockOptions.DEFAULTS.maxSpinlockTries());
          assertThat(d.spinlockSleepThresh()).isEqualTo(LockOptions.DEFAULTS.spinlockSleepThresh());
          assertThat(d.leaseTime()).isEqualTo(LockOptions.DEFAULTS.leaseTime());
          assertThat(d.maxBlockTime()).isEqualTo(LockOptions.DEFAULTS.maxBlockTime());
          assertThat(d.expireAtTimedelta()).isEqualTo(LockOptions.DEFAULTS.expireAtTimedelta());
        });
  }

  @Test
  void userSession_replacesOurs_andNoParametersAreMade() {
    runner
        .withUserConfiguration(UserSessionConfig.class)
        .run(
            ctx -> {
              assertThat(ctx)
                  .hasSingleBean(RedisSession.class)
                  .doesNotHaveBean("dspinlockRedisSession");
              assertThat(ctx).doesNotHaveBean(RedisParameters.class);
              assertThat(ctx.getBean(DSpinlocks.class).session())
                  .isSameAs(ctx.getBean("userSession"));
            });
  }

  @Test
  void userDSpinlocks_replacesOurs() {
    runner
        .withUserConfiguration(UserLocksConfig.class)
        .run(ctx -> assertThat(ctx).hasSingleBean(DSpinlocks.class).hasBean("userLocks"));
  }

  @Test
  void metrics_withBootsMeterRegistry_recordAcquisitions() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class))
        .run(
            ctx -> {
              takesAndReleases(ctx);
              MeterRegistry registry = ctx.getBean(MeterRegistry.class);
              assertThat(
                      registry.get(DSpinlockMetrics.ACQUIRE).tag("lock", "spring").timer().count())
                  .isEqualTo(1);
            });
  }

  @Test
  void context_closed_closesTheSession() {
    RedisSession[] session = new RedisSession[1];
    runner.run(ctx -> session[0] = ctx.getBean(RedisSession.class));
    assertThat(session[0].isClosed()).isTrue();
  }

  private static void takesAndReleases(AssertableApplicationContext ctx) {
    DSpinlocks locks = ctx.getBean(DSpinlocks.class);
    String key;
    try (HashDSpinlock lock = locks.lock("spring:auto-config").build().acquire()) {
      key = lock.getKey();
      assertThat(locks.session().inspect(key).status().name()).isEqualTo("BLOCKED");
    }
    assertThat(locks.session().inspect(key).status().name()).isEqualTo("COMPUTED");
  }

  @Configuration(proxyBeanMethods = false)
  static class BootRedisConfig {
    @Bean
    DataRedisProperties dataRedisProperties() {
      // Set in code, not in the environment: only the bean can tell the starter this port.
      DataRedisProperties p = new DataRedisProperties();
      p.setHost("127.0.0.1");
      p.setPort(server.port());
      return p;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserSessionConfig {
    @Bean(destroyMethod = "close")
    RedisSession userSession() {
      return RedisConnections.create(server.uri());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserLocksConfig {
    @Bean
    DSpinlocks userLocks(RedisSession session) {
      return new DSpinlocks(LockOptions.builder().session(session).maxSpinlockTries(1).build());
    }
  }
}
