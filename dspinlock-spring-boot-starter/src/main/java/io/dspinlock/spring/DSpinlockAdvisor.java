package io.dspinlock.spring;

import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

/**
 * The Spring AOP advisor that runs the methods annotated with {@link DSpinlock} and {@link
 * ComputeOnce}, on the application's {@link DSpinlocks}; auto-configured, and replaced by a bean of
 * this type that the application defines.
 *
 * <p>Its order is {@link #ORDER}, ahead of Spring's transaction and cache advice (which default to
 * the lowest precedence), so that the lock is taken before a transaction begins and released after
 * it ends.
 */
public final class DSpinlockAdvisor implements PointcutAdvisor, Ordered {
  /** The default order: just ahead of advice with the lowest precedence. */
  public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

  private final Pointcut pointcut =
      new ComposablePointcut(new AnnotationMatchingPointcut(null, DSpinlock.class, true))
          .union(new AnnotationMatchingPointcut(null, ComputeOnce.class, true));
  private final Advice advice;
  private final int order;

  /**
   * Creates the advisor; the lock factory is looked up at the first annotated call, so that making
   * the advisor (early, while Spring prepares its proxies) does not make the session.
   *
   * @param locks the lock factory
   * @param beanFactory resolves {@code @bean} references in key expressions, and codec beans
   * @param order the advisor's order among the advice of a method
   */
  public DSpinlockAdvisor(ObjectProvider<DSpinlocks> locks, BeanFactory beanFactory, int order) {
    this.advice =
        new DSpinlockMethodInterceptor(
            SingletonSupplier.of((Supplier<DSpinlocks>) locks::getObject), beanFactory);
    this.order = order;
  }

  @Override
  public Pointcut getPointcut() {
    return pointcut;
  }

  @Override
  public Advice getAdvice() {
    return advice;
  }

  @Override
  public int getOrder() {
    return order;
  }
}
