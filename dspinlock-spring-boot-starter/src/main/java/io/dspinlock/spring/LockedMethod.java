package io.dspinlock.spring;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptionsBuilder;
import io.dspinlock.ProvidedObjectIsNotHashableException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;

/** The plan of a {@link DSpinlock} method: which key, how to wait, what to return when skipped. */
final class LockedMethod implements MethodPlan {
  private final Supplier<DSpinlocks> locks;
  private final KeyExpressions keys;
  private final Method method;
  private final KeyExpressions.Key key;
  private final String name;
  private final boolean failIfKeyExists;
  private final Duration maxWait; // null: the configured tries
  private final boolean skipIfLocked;
  private final boolean async;

  LockedMethod(Supplier<DSpinlocks> locks, KeyExpressions keys, Method method, DSpinlock a) {
    String where = KeyExpressions.where(DSpinlock.class, method);
    this.locks = locks;
    this.keys = keys;
    this.method = method;
    this.key = keys.parse(a.key(), where);
    this.name =
        a.name().isEmpty()
            ? method.getDeclaringClass().getSimpleName() + "." + method.getName()
            : a.name();
    this.failIfKeyExists = a.failIfKeyExists();
    this.maxWait = KeyExpressions.duration(a.maxWait(), "maxWait", where);
    this.skipIfLocked = a.skipIfLocked();
    Class<?> type = method.getReturnType();
    this.async = CompletionStage.class.isAssignableFrom(type);
    if (async && !type.isAssignableFrom(CompletableFuture.class)) {
      throw new IllegalStateException(
          where + ": an async method must return CompletionStage or CompletableFuture: " + type);
    }
    if (skipIfLocked && type.isPrimitive() && type != void.class) {
      throw new IllegalStateException(
          where + ": skipIfLocked needs a method that can return null, not " + type);
    }
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    HashDSpinlock lock = lock(keys.evaluate(key, method, invocation.getArguments()));
    if (async) {
      return invokeAsync(invocation, lock);
    }
    if (!acquire(lock)) {
      return skipped();
    }
    try (lock) {
      return invocation.proceed();
    }
  }

  private HashDSpinlock lock(Object value) {
    DSpinlocks factory = locks.get();
    LockOptionsBuilder<HashDSpinlock> builder =
        factory.lock(value).name(name).failIfKeyExists(failIfKeyExists);
    if (maxWait != null) {
      // The wait is counted in tries of the configured sleep, so that a wait ended early by a
      // release spends none, and a failure is the usual SpinlockTriesExceededException.
      Duration sleep = factory.defaults().spinlockSleepThresh();
      long tries = (maxWait.toNanos() + sleep.toNanos() - 1) / sleep.toNanos();
      builder.maxSpinlockTries((int) Math.max(1, Math.min(Integer.MAX_VALUE, tries)));
    }
    try {
      return builder.build(); // where the value is encoded
    } catch (ProvidedObjectIsNotHashableException e) {
      throw KeyExpressions.notLockable(key, value, e);
    }
  }

  /** Acquires, or tells that the call is skipped; throws when waiting ran out. */
  private boolean acquire(HashDSpinlock lock) {
    if (skipIfLocked) {
      return lock.tryAcquire(maxWait != null ? maxWait : Duration.ZERO);
    }
    lock.acquire();
    return true;
  }

  private Object skipped() {
    if (async) {
      return CompletableFuture.completedFuture(null);
    }
    return method.getReturnType() == Optional.class ? Optional.empty() : null;
  }

  private Object invokeAsync(MethodInvocation invocation, HashDSpinlock lock) {
    if (skipIfLocked) {
      // One attempt (or maxWait) on the caller's thread: skipping needs an answer now.
      return lock.tryAcquire(maxWait != null ? maxWait : Duration.ZERO)
          ? runHeld(invocation, lock)
          : skipped();
    }
    return lock.acquireAsync().toCompletableFuture().thenCompose(held -> runHeld(invocation, held));
  }

  /**
   * Calls the method with the lock held, and releases it when the stage it returns completes; the
   * returned stage completes after the release, so that a caller who waits for it finds the key
   * free.
   */
  private static CompletableFuture<Object> runHeld(
      MethodInvocation invocation, HashDSpinlock lock) {
    CompletionStage<?> stage;
    try {
      stage = (CompletionStage<?>) invocation.proceed();
    } catch (Throwable t) {
      return released(lock, null, t);
    }
    if (stage == null) {
      return released(lock, null, null);
    }
    return stage
        .handle((value, failure) -> released(lock, value, failure))
        .thenCompose(Function.identity())
        .toCompletableFuture();
  }

  /** Releases the lock and gives the outcome; a failure to release is added to the method's own. */
  private static CompletableFuture<Object> released(
      HashDSpinlock lock, Object value, Throwable failure) {
    try {
      lock.close();
    } catch (RuntimeException e) {
      if (failure == null) {
        return CompletableFuture.failedFuture(e);
      }
      failure.addSuppressed(e);
    }
    return failure != null
        ? CompletableFuture.failedFuture(failure)
        : CompletableFuture.completedFuture(value);
  }
}
