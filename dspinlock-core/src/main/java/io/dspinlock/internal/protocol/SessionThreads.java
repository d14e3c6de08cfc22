package io.dspinlock.internal.protocol;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads a session owns, started on first use, whatever the number of locks: two for
 * timers and lease renewals, four for the attempts of asynchronous acquisitions.
 */
final class SessionThreads {
  private static final AtomicInteger SESSIONS = new AtomicInteger();
  static final int THREADS = 2;

  private SessionThreads() {}

  /** Threads of the asynchronous acquisitions of one session. */
  static final int ASYNC_THREADS = 4;

  static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            THREADS, factory("dspinlock-" + SESSIONS.incrementAndGet()));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }

  static ExecutorService asyncPool() {
    return Executors.newFixedThreadPool(
        ASYNC_THREADS, factory("dspinlock-async-" + SESSIONS.incrementAndGet()));
  }

  private static ThreadFactory factory(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
