package io.dspinlock.spring;

import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisParameters;
import io.dspinlock.RedisSession;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures dspinlock: a {@link RedisParameters} from {@code dspinlock.redis.url} or Spring
 * Boot's {@code spring.data.redis.*}, a {@link RedisSession} on them, and a {@link DSpinlocks}
 * factory with the {@code dspinlock.lock.*} defaults. Health and metrics are configured by {@link
 * DSpinlockHealthAutoConfiguration} and {@link DSpinlockMetricsAutoConfiguration}.
 *
 * <p>Each bean steps aside for one of the same type that the application defines; {@code
 * dspinlock.enabled=false} turns everything off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "dspinlock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DSpinlockProperties.class)
public class DSpinlockAutoConfiguration {

  /** Created by Spring. */
  public DSpinlockAutoConfiguration() {}

  /**
   * The parameters of the session; not made when the application has a session of its own, so that
   * nothing describes a server the session does not use.
   */
  @Bean
  @ConditionalOnMissingBean({RedisParameters.class, RedisSession.class})
  RedisParameters dspinlockRedisParameters(
      DSpinlockProperties properties, Environment environment, BeanFactory beanFactory) {
    boolean accept = properties.isAcceptEvictingServer();
    String url = properties.getRedis().getUrl();
    if (url != null && !url.isBlank()) {
      return RedisParameters.fromUri(url).toBuilder().acceptEvictingServer(accept).build();
    }
    // Boot's properties bean when Spring Data Redis configured one: an application may adjust it
    // in code. Otherwise the same properties, bound here.
    SpringRedisSettings settings =
        BootRedisProperties.present(getClass().getClassLoader())
            ? BootRedisProperties.read(beanFactory)
            : null;
    if (settings == null) {
      settings = SpringRedisSettings.bind(environment);
    }
    return settings.toParameters(accept);
  }

  /** One session for every lock of the application; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  RedisSession dspinlockRedisSession(RedisParameters parameters) {
    return RedisConnections.create(parameters);
  }

  /** The lock factory, preset with the session and {@code dspinlock.lock.*}. */
  @Bean
  @ConditionalOnMissingBean
  DSpinlocks dspinlocks(RedisSession session, DSpinlockProperties properties) {
    DSpinlockProperties.Lock lock = properties.getLock();
    return new DSpinlocks(
        LockOptions.builder()
            .session(session)
            .maxSpinlockTries(lock.getMaxTries())
            .spinlockSleepThresh(lock.getSleep())
            .leaseTime(lock.getLease())
            .maxBlockTime(lock.getMaxBlock())
            .expireAtTimedelta(lock.getComputedExpiry())
            .build());
  }
}
