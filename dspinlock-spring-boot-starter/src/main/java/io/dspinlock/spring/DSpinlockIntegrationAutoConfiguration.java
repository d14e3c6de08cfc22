package io.dspinlock.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Auto-configures a {@link DSpinlockLockRegistry} when Spring Integration is present and the
 * application has no {@code LockRegistry} of its own; its registry key is {@code
 * spring.application.name}, or {@code dspinlock} without one.
 */
@AutoConfiguration(after = DSpinlockAutoConfiguration.class)
@ConditionalOnClass(LockRegistry.class)
@ConditionalOnBooleanProperty(name = "dspinlock.enabled", matchIfMissing = true)
@ConditionalOnBean(DSpinlocks.class)
public class DSpinlockIntegrationAutoConfiguration {

  /** Created by Spring. */
  public DSpinlockIntegrationAutoConfiguration() {}

  /** The registry, with the lease of {@code dspinlock.lock.lease}. */
  @Bean
  @ConditionalOnMissingBean(LockRegistry.class)
  DSpinlockLockRegistry dspinlockLockRegistry(
      DSpinlocks locks, @Value("${spring.application.name:dspinlock}") String registryKey) {
    return new DSpinlockLockRegistry(locks, registryKey);
  }
}
