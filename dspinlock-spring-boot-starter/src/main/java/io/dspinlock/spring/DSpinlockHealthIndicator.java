package io.dspinlock.spring;

import io.dspinlock.EvictionCheck;
import io.dspinlock.RedisParameters;
import io.dspinlock.RedisSession;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Tells whether the locks' Redis answers: the health contributor {@code dspinlock} ({@code
 * /actuator/health/dspinlock}).
 *
 * <p>Each check reads one probe key ({@value #PROBE_KEY}, which is never written) with {@link
 * RedisSession#inspect} and then asks {@link RedisSession#evictionCheck()} whether the server may
 * evict lock keys. UP, with the details {@code redis} (the servers, never a password), {@code
 * topology}, {@code responseTime} and {@code eviction}; DOWN with the reason when Redis fails, does
 * not answer within the timeout, or may evict keys and the session refuses to take locks on it.
 *
 * <p>The check runs on a thread of its own and is waited for at most the timeout, so a Redis that
 * hangs never hangs the health endpoint; concurrent calls share one check in flight.
 */
public final class DSpinlockHealthIndicator implements HealthIndicator, AutoCloseable {
  /** The key the check reads; nothing ever writes it. */
  public static final String PROBE_KEY = "dspinlock,health-probe";

  private final RedisSession session;
  private final String redis;
  private final String topology;
  private final Duration timeout;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "dspinlock-health");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<CompletableFuture<Health>> inFlight = new AtomicReference<>();

  /**
   * Creates the indicator of a session whose parameters are known.
   *
   * @param session the session to check
   * @param parameters its parameters, for the details; or null to describe the session instead
   * @param timeout the longest wait for an answer
   * @throws NullPointerException if {@code session} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public DSpinlockHealthIndicator(
      RedisSession session, RedisParameters parameters, Duration timeout) {
    this.session = Objects.requireNonNull(session, "session");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.redis = parameters != null ? parameters.describe() : session.toString();
    this.topology =
        parameters != null
            ? parameters.topology().getClass().getSimpleName().toLowerCase(Locale.ROOT)
            : "unknown";
  }

  /**
   * Checks Redis, waiting at most the timeout.
   *
   * @return UP with details, or DOWN with the reason
   */
  @Override
  public Health health() {
    try {
      return probe().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return down().withDetail("error", "Redis did not answer within " + timeout).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down().withDetail("error", "interrupted while waiting for Redis").build();
    } catch (ExecutionException e) {
      return down().withException(e.getCause()).build(); // check() catches: not expected
    }
  }

  /** Returns the check in flight, or starts one. */
  private CompletableFuture<Health> probe() {
    while (true) {
      CompletableFuture<Health> running = inFlight.get();
      if (running != null) {
        return running;
      }
      CompletableFuture<Health> mine = new CompletableFuture<>();
      if (inFlight.compareAndSet(null, mine)) {
        try {
          executor.execute(() -> run(mine));
        } catch (RejectedExecutionException closed) {
          inFlight.compareAndSet(mine, null);
          mine.complete(down().withDetail("error", "the health indicator is closed").build());
        }
        return mine;
      }
    }
  }

  private void run(CompletableFuture<Health> result) {
    try {
      result.complete(check());
    } catch (RuntimeException e) {
      result.complete(down().withException(e).build());
    } finally {
      inFlight.compareAndSet(result, null);
    }
  }

  private Health check() {
    if (session.isClosed()) {
      return down().withDetail("error", "the session is closed").build();
    }
    long start = System.nanoTime();
    session.inspect(PROBE_KEY);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    EvictionCheck eviction = session.evictionCheck();
    Health.Builder b =
        eviction.finding() == EvictionCheck.Finding.REFUSED
            ? down()
            : Health.up().withDetails(base());
    b.withDetail("responseTime", millis + " ms").withDetail("eviction", eviction.finding());
    eviction.maxmemoryPolicy().ifPresent(p -> b.withDetail("maxmemoryPolicy", p));
    if (eviction.finding() != EvictionCheck.Finding.SAFE) {
      b.withDetail("evictionMessage", eviction.message());
    }
    return b.build();
  }

  private Health.Builder down() {
    return Health.down().withDetails(base());
  }

  private Map<String, Object> base() {
    return Map.of("redis", redis, "topology", topology);
  }

  /** Stops the check's thread; a later {@link #health()} reports DOWN. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
