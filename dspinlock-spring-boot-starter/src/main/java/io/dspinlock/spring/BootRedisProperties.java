package io.dspinlock.spring;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.util.ClassUtils;

/**
 * Reads Spring Boot's {@link DataRedisProperties} bean, the one Boot's Redis auto-configuration
 * binds {@code spring.data.redis.*} into, so that an application that adjusts that bean in code is
 * followed too.
 *
 * <p>Only this class names {@code DataRedisProperties}: it is loaded only after {@link #present}
 * found the class, so the starter works without {@code spring-boot-data-redis}.
 */
final class BootRedisProperties {
  private static final String CLASS =
      "org.springframework.boot.data.redis.autoconfigure.DataRedisProperties";

  private BootRedisProperties() {}

  /**
   * Tells whether Boot's Redis properties class is on the classpath.
   *
   * @param classLoader the application's class loader
   * @return true if it is
   */
  static boolean present(ClassLoader classLoader) {
    return ClassUtils.isPresent(CLASS, classLoader);
  }

  /**
   * Returns the settings of the application's {@code DataRedisProperties} bean.
   *
   * @param beanFactory the application's beans
   * @return the settings, or null when there is no such bean
   */
  static SpringRedisSettings read(BeanFactory beanFactory) {
    DataRedisProperties p = beanFactory.getBeanProvider(DataRedisProperties.class).getIfUnique();
    if (p == null) {
      return null;
    }
    DataRedisProperties.Sentinel sentinel = p.getSentinel();
    DataRedisProperties.Cluster cluster = p.getCluster();
    return new SpringRedisSettings(
        p.getUrl(),
        p.getHost(),
        p.getPort(),
        p.getDatabase(),
        p.getUsername(),
        p.getPassword(),
        p.getSsl().isEnabled(),
        p.getTimeout(),
        p.getConnectTimeout(),
        p.getClientName(),
        sentinel == null ? null : sentinel.getMaster(),
        sentinel == null ? null : sentinel.getNodes(),
        sentinel == null ? null : sentinel.getUsername(),
        sentinel == null ? null : sentinel.getPassword(),
        cluster == null ? null : cluster.getNodes());
  }
}
