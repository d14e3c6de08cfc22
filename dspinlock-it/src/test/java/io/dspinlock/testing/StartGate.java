package io.dspinlock.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs tasks on their own threads, all released at the same instant, and collects their results or
 * failures (after Caffeine's {@code ConcurrentTestHarness}).
 */
public final class StartGate {
  private StartGate() {}

  /**
   * Runs {@code threads} copies of a task at once.
   *
   * @param threads how many threads
   * @param timeout the longest the whole run may take
   * @param task receives the thread's index
   * @return each thread's outcome, in index order
   */
  public static <T> List<Outcome<T>> run(int threads, Duration timeout, IndexedTask<T> task)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> c =
            () -> {
              ready.countDown();
              go.await();
              return task.run(index);
            };
        futures.add(pool.submit(c));
      }
      if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("threads did not start within " + timeout);
      }
      go.countDown();
      long deadline = System.nanoTime() + timeout.toNanos();
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<T> f : futures) {
        outcomes.add(outcome(f, deadline));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> Outcome<T> outcome(Future<T> f, long deadline) throws InterruptedException {
    try {
      return new Outcome<>(
          f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null);
    } catch (ExecutionException e) {
      return new Outcome<>(null, e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("a thread did not finish in time (hang?)", e);
    }
  }

  /** A task that knows its thread's index. */
  @FunctionalInterface
  public interface IndexedTask<T> {
    /**
     * Runs the task.
     *
     * @param index 0 to threads - 1
     * @return a result
     */
    T run(int index) throws Exception;
  }

  /**
   * What a thread ended with.
   *
   * @param value its result, when it returned
   * @param failure what it threw, else null
   */
  public record Outcome<T>(T value, Throwable failure) {
    /** Tells whether the thread returned normally. */
    public boolean succeeded() {
      return failure == null;
    }
  }
}
