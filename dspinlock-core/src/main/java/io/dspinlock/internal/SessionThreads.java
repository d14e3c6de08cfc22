package io.dspinlock.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads a session owns for timers and short Redis calls (lease renewals, asynchronous
 * attempts): two daemon threads, started on first use, whatever the number of locks.
 */
final class SessionThreads {
  private static final AtomicInteger SESSIONS = new AtomicInteger();
  static final int THREADS = 2;

  private SessionThreads() {}

  static ScheduledThreadPoolExecutor create() {
    int session = SESSIONS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "dspinlock-" + session + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, factory);
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }
}
