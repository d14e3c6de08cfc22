package io.dspinlock.spring;

import io.dspinlock.RedisParameters;
import io.dspinlock.RedisSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the health contributor {@code dspinlock} ({@link DSpinlockHealthIndicator}) when
 * Spring Boot's health support ({@code spring-boot-health}, brought by the actuator) is present and
 * {@code management.health.dspinlock.enabled} is not false.
 */
@AutoConfiguration(after = DSpinlockAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "dspinlock.enabled", matchIfMissing = true)
@ConditionalOnBean(RedisSession.class)
@ConditionalOnEnabledHealthIndicator("dspinlock")
public class DSpinlockHealthAutoConfiguration {

  /** Created by Spring. */
  public DSpinlockHealthAutoConfiguration() {}

  /** Named so that Boot calls the contributor "dspinlock": it drops the suffix. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(name = {"dspinlockHealthIndicator", "dspinlockHealthContributor"})
  DSpinlockHealthIndicator dspinlockHealthIndicator(
      RedisSession session,
      ObjectProvider<RedisParameters> parameters,
      ObjectProvider<DSpinlockProperties> properties) {
    DSpinlockProperties p = properties.getIfAvailable();
    return new DSpinlockHealthIndicator(
        session,
        parameters.getIfUnique(),
        p != null ? p.getHealth().getTimeout() : RedisParameters.DEFAULT_COMMAND_TIMEOUT);
  }
}
