package io.dspinlock.internal.protocol;

import io.dspinlock.DSpinlockException;
import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.util.Log;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches the evictions of a server that may evict lock keys, in a session that accepted the risk:
 * while the session holds locks, it reads the server's {@code evicted_keys} every {@value
 * #PERIOD_MILLIS} ms, and when the count grows it checks every held lock at once, so that an
 * evicted one is reported lost now rather than at its next renewal. One {@code INFO stats} per
 * period, and none while no lock is held.
 */
final class EvictionWatch {
  static final long PERIOD_MILLIS = 100;

  private final RedisGateway redis;
  private final Renewer renewer;
  private final Supplier<ScheduledExecutorService> threads;
  private long lastCount = -1; // touched by the poll only, which never overlaps itself

  EvictionWatch(RedisGateway redis, Renewer renewer, Supplier<ScheduledExecutorService> threads) {
    this.redis = redis;
    this.renewer = renewer;
    this.threads = threads;
  }

  void start() {
    try {
      threads
          .get()
          .scheduleWithFixedDelay(this::poll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException | DSpinlockException closed) {
      // the session is closing
    }
  }

  private void poll() {
    if (!renewer.hasLeases()) {
      lastCount = -1; // counted afresh with the next lock: what came before cannot concern it
      return;
    }
    long count;
    try {
      count = redis.evictedKeys();
    } catch (DSpinlockException unreadable) {
      Log.debug("evictions of {} unreadable: {}", redis.describe(), unreadable.toString());
      return; // the renewals remain the bound
    }
    if (lastCount >= 0 && count > lastCount) {
      Log.debug("{} evicted {} keys: checking the held locks", redis.describe(), count - lastCount);
      renewer.checkAll();
    }
    lastCount = count;
  }
}
