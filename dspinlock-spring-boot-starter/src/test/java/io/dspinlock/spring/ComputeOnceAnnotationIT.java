package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.ResultCodec;
import io.dspinlock.test.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link ComputeOnce} on the methods of a bean, against a real redis-server. */
class ComputeOnceAnnotationIT {
  static RedisServer server;

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  JacksonAutoConfiguration.class,
                  DSpinlockAutoConfiguration.class,
                  DSpinlockAnnotationAutoConfiguration.class))
          .withUserConfiguration(ReportsConfig.class)
          .withPropertyValues(
              "spring.data.redis.host=127.0.0.1",
              "spring.data.redis.port=" + server.port(),
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
  void twoConcurrentCallers_runTheBodyOnce_andGetTheSameRecord() {
    runner.run(
        ctx -> {
          Reports reports = ctx.getBean(Reports.class);
          Counts counts = ctx.getBean(Counts.class);
          counts.gate = new CountDownLatch(1);
          // The second caller opens the gate once the first is in the body, then calls: it finds
          // the computation running or its result stored, and never runs the body.
          var both =
              DSpinlockAnnotationIT.inThreads(
                  2,
                  i -> {
                    if (i == 1) {
                      counts.entered.await(10, TimeUnit.SECONDS);
                      counts.gate.countDown();
                    }
                    return reports.monthly("2026-11");
                  });
          Report expected = new Report("2026-11", 42, List.of("a", "b"));
          assertThat(both).containsExactly(expected, expected);
          assertThat(counts.runs.get()).isEqualTo(1);
          // A later call reads the stored JSON back into the record.
          assertThat(reports.monthly("2026-11")).isEqualTo(expected);
          assertThat(counts.runs.get()).isEqualTo(1);
        });
  }

  @Test
  void string_isStoredAsText() {
    runner.run(
        ctx -> {
          Reports reports = ctx.getBean(Reports.class);
          Counts counts = ctx.getBean(Counts.class);
          assertThat(reports.text("t")).isEqualTo("text t");
          assertThat(reports.text("t")).isEqualTo("text t");
          assertThat(counts.runs.get()).isEqualTo(1);
        });
  }

  @Test
  void throwingBody_storesNothing_andThrowsItsOwnException() {
    runner.run(
        ctx -> {
          Reports reports = ctx.getBean(Reports.class);
          Counts counts = ctx.getBean(Counts.class);
          assertThatThrownBy(() -> reports.fails("f")).isInstanceOf(IOException.class);
          assertThatThrownBy(() -> reports.fails("f")).isInstanceOf(IOException.class);
          assertThat(counts.runs.get()).isEqualTo(2);
        });
  }

  @Test
  void resultCodecBeanOfTheReturnType_isUsed() {
    runner.run(
        ctx -> {
          Reports reports = ctx.getBean(Reports.class);
          Counts counts = ctx.getBean(Counts.class);
          assertThat(reports.number("n")).isEqualTo(7);
          assertThat(reports.number("n")).isEqualTo(7);
          assertThat(counts.runs.get()).isEqualTo(1);
          assertThat(counts.encoded.get()).isEqualTo(1);
          assertThat(counts.decoded.get()).isEqualTo(1);
        });
  }

  /** A result that travels as JSON. */
  public record Report(String month, int total, List<String> lines) {}

  @Configuration(proxyBeanMethods = false)
  static class ReportsConfig {
    @Bean
    Counts counts() {
      return new Counts();
    }

    @Bean
    ResultCodec<Integer> integerCodec(Counts counts) {
      return ResultCodec.of(
          i -> {
            counts.encoded.incrementAndGet();
            return Integer.toString(i).getBytes(StandardCharsets.UTF_8);
          },
          b -> {
            counts.decoded.incrementAndGet();
            return Integer.valueOf(new String(b, StandardCharsets.UTF_8));
          });
    }

    @Bean
    Reports reports(Counts counts) {
      return new Reports(counts);
    }
  }

  /** What the computed methods saw: a bean of its own, since the fields of a proxy are unset. */
  static class Counts {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger encoded = new AtomicInteger();
    final AtomicInteger decoded = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate = new CountDownLatch(0);
  }

  /** A bean with computed methods. */
  static class Reports {
    private final Counts c;

    Reports(Counts counts) {
      this.c = counts;
    }

    @ComputeOnce(key = "'report:' + #month", ttl = "1m")
    public Report monthly(String month) throws InterruptedException {
      c.runs.incrementAndGet();
      c.entered.countDown();
      c.gate.await(10, TimeUnit.SECONDS);
      return new Report(month, 42, List.of("a", "b"));
    }

    @ComputeOnce(key = "'text:' + #p0", ttl = "PT1M")
    public String text(String x) {
      c.runs.incrementAndGet();
      return "text " + x;
    }

    @ComputeOnce(key = "'number:' + #x", ttl = "1m", maxWait = "5s")
    public Integer number(String x) {
      c.runs.incrementAndGet();
      return 7;
    }

    @ComputeOnce(key = "'fails:' + #x", ttl = "1m")
    public String fails(String x) throws IOException {
      c.runs.incrementAndGet();
      throw new IOException("boom " + x);
    }
  }
}
