package io.dspinlock.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the workloads of the comparison against one contender, in this JVM, and prints the results.
 *
 * <ul>
 *   <li>W1: one thread, lock+unlock of one key: cycles/s, p50, p99.
 *   <li>W2: eight threads on one key, empty critical section: acquisitions/s, handoff latency (from
 *       one holder's release call to the next holder's acquire returning) p50 and p99, share of
 *       re-acquisitions by the thread that just released, violations.
 *   <li>Probe: eight threads, a 1 ms read-pause-write critical section: violations and lost
 *       updates.
 *   <li>W3: eight threads over 1,000 keys: cycles/s.
 * </ul>
 *
 * <p>Usage: {@code WorkloadRunner <contender class> <label> <redis uri> <seconds>}.
 */
public final class WorkloadRunner {
  private static final int THREADS = 8;
  private static final int KEYS = 1000;

  private final Contender contender;
  private final String label;
  private final Duration measure;
  private final Duration warmup;

  private WorkloadRunner(Contender contender, String label, Duration measure) {
    this.contender = contender;
    this.label = label;
    this.measure = measure;
    this.warmup = Duration.ofMillis(Math.max(1000, measure.toMillis() / 2));
  }

  /**
   * Runs every workload.
   *
   * @param args contender class, label, redis URI, seconds per workload
   */
  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName(args[0]);
    try (Contender c = (Contender) type.getConstructor(String.class).newInstance(args[2])) {
      WorkloadRunner r =
          new WorkloadRunner(c, args[1], Duration.ofSeconds(Long.parseLong(args[3])));
      // -Dbench.workloads=w1,w3 runs a subset, for quick checks while tuning.
      String only = System.getProperty("bench.workloads", "w1,w2,probe,w3");
      if (only.contains("w1")) {
        r.w1();
      }
      if (only.contains("w2")) {
        r.w2();
      }
      if (only.contains("probe")) {
        r.probe();
      }
      if (only.contains("w3")) {
        r.w3();
      }
    }
    System.out.println("DONE " + args[1]);
    System.exit(0); // some peers leave non-daemon threads behind
  }

  private void w1() throws Exception {
    Contender.Locker locker = contender.locker(0);
    String key = "bench:w1:" + label;
    runFor(warmup, () -> cycle(locker, key));
    Latencies lat = new Latencies();
    long start = System.nanoTime();
    long end = start + measure.toNanos();
    long cycles = 0;
    long now = start;
    while (now < end) {
      cycle(locker, key);
      long after = System.nanoTime();
      lat.add(after - now);
      now = after;
      cycles++;
    }
    double seconds = (now - start) / 1e9;
    Results.print(label, "w1.cycles_per_s", cycles / seconds);
    Results.print(label, "w1.p50_us", lat.percentileMicros(50));
    Results.print(label, "w1.p99_us", lat.percentileMicros(99));
  }

  private static void cycle(Contender.Locker locker, String key) throws Exception {
    locker.lock(key);
    locker.unlock(key);
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void runFor(Duration d, Body body) throws Exception {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      body.run();
    }
  }

  /** Shared state of the one-key workloads. */
  private static final class Handoffs {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicLong violations = new AtomicLong();
    final AtomicLong acquisitions = new AtomicLong();
    final AtomicLong reacquisitions = new AtomicLong();
    volatile long releaseCalledAt;
    volatile int lastHolder = -1;
    volatile boolean recording;
    int plainCounter; // guarded only by the lock under test
  }

  private void w2() throws Exception {
    Handoffs h = new Handoffs();
    List<Latencies> perThread = oneKey("bench:w2:" + label, h, 0);
    Latencies all = new Latencies();
    perThread.forEach(all::addAll);
    double seconds = measure.toNanos() / 1e9;
    Results.print(label, "w2.acquisitions_per_s", h.acquisitions.get() / seconds);
    Results.print(label, "w2.handoff_p50_us", all.percentileMicros(50));
    Results.print(label, "w2.handoff_p99_us", all.percentileMicros(99));
    Results.print(
        label,
        "w2.reacquisition_share",
        h.acquisitions.get() == 0
            ? Double.NaN
            : (double) h.reacquisitions.get() / h.acquisitions.get());
    Results.print(label, "w2.violations", h.violations.get());
  }

  private void probe() throws Exception {
    Handoffs h = new Handoffs();
    oneKey("bench:probe:" + label, h, 1);
    Results.print(label, "probe.acquisitions", h.acquisitions.get());
    long lost = h.acquisitions.get() - h.plainCounter;
    Results.print(label, "probe.violations", h.violations.get() + Math.abs(lost));
  }

  /** Eight threads on one key; the critical section reads, pauses, writes a plain counter. */
  private List<Latencies> oneKey(String key, Handoffs h, long pauseMillis) throws Exception {
    List<Latencies> lats = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(THREADS);
    long startAt = System.nanoTime() + warmup.toNanos();
    long endAt = startAt + measure.toNanos();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int me = t;
      Latencies lat = new Latencies();
      lats.add(lat);
      Contender.Locker locker = contender.locker(t);
      threads.add(
          new Thread(
              () -> {
                ready.countDown();
                try {
                  while (System.nanoTime() < endAt) {
                    locker.lock(key);
                    long acquired = System.nanoTime();
                    if (h.inside.incrementAndGet() != 1) {
                      h.violations.incrementAndGet();
                    }
                    if (h.recording) {
                      h.acquisitions.incrementAndGet();
                      if (h.lastHolder == me) {
                        h.reacquisitions.incrementAndGet();
                      } else if (h.lastHolder >= 0) {
                        lat.add(acquired - h.releaseCalledAt);
                      }
                      int read = h.plainCounter;
                      if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis); // the probe's critical section
                      }
                      h.plainCounter = read + 1;
                    }
                    h.inside.decrementAndGet();
                    h.lastHolder = me;
                    h.releaseCalledAt = System.nanoTime();
                    locker.unlock(key);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "w-" + t));
    }
    threads.forEach(Thread::start);
    ready.await();
    Thread.sleep(Math.max(0, (startAt - System.nanoTime()) / 1_000_000));
    h.recording = true;
    Thread.sleep(measure.toMillis());
    h.recording = false;
    for (Thread t : threads) {
      t.join(Duration.ofMinutes(2).toMillis());
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("worker failed in " + key, failures.get(0));
    }
    return lats;
  }

  private void w3() throws Exception {
    AtomicLong cycles = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime() + warmup.toNanos();
    long end = start + measure.toNanos();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Contender.Locker locker = contender.locker(t);
      threads.add(
          new Thread(
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                  for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                    cycle(locker, "bench:w3:" + label + ":" + random.nextInt(KEYS));
                    if (now >= start) {
                      cycles.incrementAndGet();
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("worker failed in W3", failures.get(0));
    }
    Results.print(label, "w3.cycles_per_s", cycles.get() / (measure.toNanos() / 1e9));
  }
}
