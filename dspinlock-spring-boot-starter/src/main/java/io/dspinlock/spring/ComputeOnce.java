package io.dspinlock.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Computes the result of a method of a Spring bean once across every instance of the application,
 * and shares it for {@link #ttl()}, with {@link io.dspinlock.RedisSession#computeOnce}: a stored
 * result is returned without running the method; otherwise one caller runs it under the lock of the
 * key while the others wait and then read its result. A method that throws stores nothing, and its
 * exception reaches its own caller only.
 *
 * <pre>{@code
 * @Service
 * class ReportService {
 *   @ComputeOnce(key = "'report:' + #month", ttl = "1h")
 *   Report monthly(YearMonth month) {
 *     return runTheExpensiveQuery(month);
 *   }
 * }
 * }</pre>
 *
 * <p>Results are stored with the {@link io.dspinlock.ResultCodec} bean of the method's return type
 * when the application has exactly one (a {@code ResultCodec<Report>} for the example above); else
 * {@code String} as UTF-8 and {@code byte[]} as they are; else as JSON with the application's
 * Jackson 3 {@code ObjectMapper}. The method must not return null, nor a {@code CompletionStage}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ComputeOnce {

  /**
   * The value the computation is keyed by, a Spring expression over the arguments as for {@link
   * DSpinlock#key()}.
   *
   * @return the key expression
   */
  String key();

  /**
   * How long the result is kept, as Spring Boot reads durations ({@code 1h}, {@code PT1H}).
   *
   * @return a positive duration
   */
  String ttl();

  /**
   * How long to wait for a computation elsewhere; the call fails with {@link
   * io.dspinlock.SpinlockTriesExceededException} when it runs out.
   *
   * @return the longest wait; empty for {@code dspinlock.lock.max-block}
   */
  String maxWait() default "";
}
