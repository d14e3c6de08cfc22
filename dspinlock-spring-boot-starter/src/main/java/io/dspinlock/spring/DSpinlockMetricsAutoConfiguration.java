package io.dspinlock.spring;

import io.dspinlock.RedisSession;
import io.dspinlock.micrometer.DSpinlockMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures {@link DSpinlockMetrics} for the session when Micrometer is present: a {@code
 * MeterBinder} that Spring Boot's metrics support binds to every {@link MeterRegistry} it manages,
 * so that {@code dspinlock.acquire}, {@code dspinlock.held}, {@code dspinlock.lost} and {@code
 * dspinlock.renewal.failures} appear under {@code /actuator/metrics}.
 */
@AutoConfiguration(after = DSpinlockAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, DSpinlockMetrics.class})
@ConditionalOnBooleanProperty(name = "dspinlock.enabled", matchIfMissing = true)
@ConditionalOnBean(RedisSession.class)
public class DSpinlockMetricsAutoConfiguration {

  /** Created by Spring. */
  public DSpinlockMetricsAutoConfiguration() {}

  /** Closed before the session, which it depends on: its observers leave the session first. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  DSpinlockMetrics dspinlockMetrics(RedisSession session) {
    return new DSpinlockMetrics(session);
  }
}
