package io.dspinlock.spring;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Auto-configures {@link DSpinlock} and {@link ComputeOnce} on the methods of Spring beans: a
 * {@link DSpinlockAdvisor}, and Spring's infrastructure proxy creator (the one {@code
 * EnableTransactionManagement} and {@code EnableCaching} register), so that neither AspectJ nor
 * Spring Boot's AOP starter is needed. Off with {@code dspinlock.enabled=false}.
 */
@AutoConfiguration(after = DSpinlockAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "dspinlock.enabled", matchIfMissing = true)
@ConditionalOnBean(DSpinlocks.class)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
@Import(DSpinlockAnnotationAutoConfiguration.ProxyCreatorRegistrar.class)
public class DSpinlockAnnotationAutoConfiguration {

  /** Created by Spring. */
  public DSpinlockAnnotationAutoConfiguration() {}

  /**
   * The advisor; static and infrastructure, as Spring's own advisors are, so that the proxy creator
   * finds it without making this configuration or the session early.
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  @ConditionalOnMissingBean
  static DSpinlockAdvisor dspinlockAdvisor(
      ObjectProvider<DSpinlocks> locks, BeanFactory beanFactory) {
    return new DSpinlockAdvisor(locks, beanFactory, DSpinlockAdvisor.ORDER);
  }

  /**
   * Registers Spring's proxy creator unless a stronger one is there (AspectJ's, when the
   * application uses aspects); proxies subclass the bean, as Spring Boot's do, unless {@code
   * spring.aop.proxy-target-class=false}.
   */
  static final class ProxyCreatorRegistrar
      implements ImportBeanDefinitionRegistrar, EnvironmentAware {
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
      this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(
        AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
      if (environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true)) {
        AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
      }
    }
  }
}
