package io.dspinlock.spring;

import io.dspinlock.ProvidedObjectIsNotHashableException;
import io.dspinlock.ResultCodec;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.beans.factory.BeanFactory;

/**
 * The plan of a {@link ComputeOnce} method: its key, how long results live, how they are stored.
 */
final class ComputedMethod implements MethodPlan {
  private final Supplier<DSpinlocks> locks;
  private final KeyExpressions keys;
  private final Method method;
  private final KeyExpressions.Key key;
  private final Duration ttl;
  private final Duration maxWait; // null: dspinlock.lock.max-block
  private final ResultCodec<Object> codec;

  ComputedMethod(
      Supplier<DSpinlocks> locks,
      KeyExpressions keys,
      BeanFactory beanFactory,
      Method method,
      ComputeOnce a) {
    String where = KeyExpressions.where(ComputeOnce.class, method);
    if (CompletionStage.class.isAssignableFrom(method.getReturnType())
        || method.getReturnType() == void.class) {
      throw new IllegalStateException(
          where + ": the method must return its result, not " + method.getReturnType());
    }
    this.locks = locks;
    this.keys = keys;
    this.method = method;
    this.key = keys.parse(a.key(), where);
    this.ttl = KeyExpressions.duration(a.ttl(), "ttl", where);
    if (ttl == null) {
      throw new IllegalArgumentException(where + ": ttl must be set");
    }
    this.maxWait = KeyExpressions.duration(a.maxWait(), "maxWait", where);
    this.codec = ResultCodecs.forReturnType(method, beanFactory, where);
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Object value = keys.evaluate(key, method, invocation.getArguments());
    Supplier<Object> body =
        () -> {
          try {
            return invocation.proceed();
          } catch (Throwable t) {
            throw new BodyFailed(t);
          }
        };
    DSpinlocks factory = locks.get();
    try {
      return maxWait == null
          ? factory.computeOnce(value, ttl, codec, body)
          : factory.session().computeOnce(value, ttl, codec, maxWait, body);
    } catch (BodyFailed e) {
      throw e.getCause();
    } catch (ProvidedObjectIsNotHashableException e) {
      // Every exception of the body is inside BodyFailed: this one is the key's.
      throw KeyExpressions.notLockable(key, value, e);
    }
  }

  /** Carries what the method threw through computeOnce, which then stores nothing. */
  private static final class BodyFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyFailed(Throwable cause) {
      super(null, cause, false, false);
    }
  }
}
