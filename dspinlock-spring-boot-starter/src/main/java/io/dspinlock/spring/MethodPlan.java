package io.dspinlock.spring;

import org.aopalliance.intercept.MethodInvocation;

/**
 * What the interceptor does for one annotated method, worked out at its first call and kept: the
 * parsed key expression, durations and result handling.
 */
interface MethodPlan {

  /**
   * Runs one call of the method under the plan.
   *
   * @param invocation the call
   * @return what the call returns
   * @throws Throwable what the method throws, or a lock failure
   */
  Object invoke(MethodInvocation invocation) throws Throwable;
}
