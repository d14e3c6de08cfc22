package io.dspinlock.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a method of a Spring bean while holding the dspinlock of a key computed from its arguments,
 * across every instance of the application. The lock comes from the {@link DSpinlocks} bean, so it
 * has the {@code dspinlock.lock.*} defaults; it is released when the method returns or throws.
 *
 * <pre>{@code
 * @Service
 * class ShippingService {
 *   @DSpinlock(key = "'order:' + #order.id", maxWait = "2s")
 *   void ship(Order order) {
 *     // one instance at a time ships a given order
 *   }
 * }
 * }</pre>
 *
 * <p>A method that returns a {@link java.util.concurrent.CompletionStage} (or {@link
 * java.util.concurrent.CompletableFuture}) is called once the lock is held, acquired with {@code
 * acquireAsync()} so that no thread waits, and the lock is held until the stage it returns
 * completes. The method then runs on a thread of the session, not the caller's: thread-bound state
 * such as a transaction or a security context does not follow it.
 *
 * <p>As with every Spring proxy, only calls through the bean are locked, not calls from within the
 * bean itself. The lock is taken outside the other advice of the method (such as {@code
 * Transactional}), so that a transaction commits before the lock is released.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DSpinlock {

  /**
   * The value to lock, as a Spring expression (SpEL) over the method's arguments: by name ({@code
   * #order.id}, as the class is compiled with {@code -parameters}), by position ({@code #p0} or
   * {@code #a0}), and beans ({@code @clock.zone()}). Its value is locked as {@link
   * io.dspinlock.HashDSpinlock#builder(Object)} locks it. An expression that does not parse,
   * evaluates to null or to a value that cannot be locked on fails the call with an {@link
   * IllegalArgumentException} that names the method and the expression.
   *
   * @return the key expression
   */
  String key();

  /**
   * A bounded name of the lock for metrics and logs, shared by all its keys.
   *
   * @return the name; empty for {@code SimpleClassName.method}
   */
  String name() default "";

  /**
   * Whether to fail with {@link io.dspinlock.FailIfKeyExistsIsEnabledException} when the key exists
   * (held, or COMPUTED by an earlier holder) instead of waiting for it; {@link #maxWait()} then
   * does not apply.
   *
   * @return true to fail
   */
  boolean failIfKeyExists() default false;

  /**
   * How long to wait for the lock, as Spring Boot reads durations ({@code 2s}, {@code 500ms},
   * {@code PT2S}). It is counted in tries of {@code dspinlock.lock.sleep} (rounded up), as every
   * wait of dspinlock is, so a wait ended early by a release spends none; when they run out the
   * call fails with {@link io.dspinlock.SpinlockTriesExceededException} (unless {@link
   * #skipIfLocked()}).
   *
   * @return the longest wait; empty to wait the configured tries ({@code dspinlock.lock.max-tries}
   *     times {@code dspinlock.lock.sleep})
   */
  String maxWait() default "";

  /**
   * Whether to skip the method when the lock is held elsewhere: it is then not run, and the call
   * returns null, {@code Optional.empty()}, or a stage completed with null. The lock is tried once,
   * or for {@link #maxWait()} when set.
   *
   * <p>This runs a job on one instance at a time, not once per schedule: an instance whose schedule
   * fires after the job ended elsewhere runs it again. With {@link #failIfKeyExists()} as well, the
   * call is also skipped while the key stays COMPUTED after the last run ({@code
   * dspinlock.lock.computed-expiry}, 1 h by default), so that a nightly job runs once a night:
   *
   * <pre>{@code
   * @Scheduled(cron = "0 0 3 * * *")
   * @DSpinlock(key = "'nightly-cleanup'", failIfKeyExists = true, skipIfLocked = true)
   * public void cleanup() { ... }
   * }</pre>
   *
   * @return true to skip rather than wait and fail
   */
  boolean skipIfLocked() default false;
}
