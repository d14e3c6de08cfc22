package io.dspinlock.spring;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A worker JVM of {@link ComputeOnceTwoJvmIT}: a Spring context with the starter calls a {@link
 * ComputeOnce} method whose body prints {@code COMPUTING} and then waits for a gate file; the
 * worker prints {@code CALLING} before the call and {@code RESULT <value>} after it.
 *
 * <p>Arguments: the Redis URI, the gate file.
 */
public final class ComputeWorker {
  private ComputeWorker() {}

  /**
   * Runs the worker.
   *
   * @param args the Redis URI, the gate file
   */
  public static void main(String[] args) {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                JacksonAutoConfiguration.class,
                DSpinlockAutoConfiguration.class,
                DSpinlockAnnotationAutoConfiguration.class))
        .withUserConfiguration(Config.class)
        .withPropertyValues("dspinlock.redis.url=" + args[0], "dspinlock.lock.sleep=50ms")
        .run(
            ctx -> {
              System.out.println("CALLING");
              System.out.flush();
              Report r = ctx.getBean(Reports.class).compute("two-jvm", Path.of(args[1]));
              System.out.println("RESULT " + r);
              System.out.flush();
            });
  }

  /** The computed value. */
  public record Report(String key, long pid) {}

  @Configuration(proxyBeanMethods = false)
  static class Config {
    @Bean
    Reports reports() {
      return new Reports();
    }
  }

  /** The bean with the computed method. */
  static class Reports {
    @ComputeOnce(key = "'jvm:' + #key", ttl = "1m", maxWait = "30s")
    public Report compute(String key, Path gate) {
      System.out.println("COMPUTING");
      System.out.flush();
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(gate));
      return new Report(key, ProcessHandle.current().pid());
    }
  }
}
