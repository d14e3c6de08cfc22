package io.dspinlock.spring;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs the methods annotated with {@link DSpinlock} or {@link ComputeOnce}. Each method's plan (its
 * parsed key expression, durations and codec) is made at its first call and kept; a plan that
 * cannot be made fails that call, and the next call tries again.
 */
final class DSpinlockMethodInterceptor implements MethodInterceptor {
  private final Supplier<DSpinlocks> locks;
  private final BeanFactory beanFactory;
  private final KeyExpressions keys;
  private final Map<Method, MethodPlan> plans = new ConcurrentHashMap<>();

  DSpinlockMethodInterceptor(Supplier<DSpinlocks> locks, BeanFactory beanFactory) {
    this.locks = locks;
    this.beanFactory = beanFactory;
    this.keys = new KeyExpressions(beanFactory);
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Object target = invocation.getThis();
    Method method =
        AopUtils.getMostSpecificMethod(
            invocation.getMethod(), target != null ? AopUtils.getTargetClass(target) : null);
    MethodPlan plan = plans.get(method);
    if (plan == null) {
      plan = plans.computeIfAbsent(method, this::plan);
    }
    return plan.invoke(invocation);
  }

  private MethodPlan plan(Method method) {
    DSpinlock lock = AnnotatedElementUtils.findMergedAnnotation(method, DSpinlock.class);
    ComputeOnce compute = AnnotatedElementUtils.findMergedAnnotation(method, ComputeOnce.class);
    if (lock != null && compute != null) {
      throw new IllegalStateException(
          KeyExpressions.where(DSpinlock.class, method)
              + ": a method takes @DSpinlock or @ComputeOnce, not both (@ComputeOnce locks too)");
    }
    if (lock != null) {
      return new LockedMethod(locks, keys, method, lock);
    }
    if (compute != null) {
      return new ComputedMethod(locks, keys, beanFactory, method, compute);
    }
    // Matched through a bridge or an interface the proxy knows, but not annotated here.
    return MethodInvocation::proceed;
  }
}
