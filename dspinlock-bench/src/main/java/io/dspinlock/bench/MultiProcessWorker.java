package io.dspinlock.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One process of a W4 run ({@link MultiProcess}): its threads take and release the one key in a
 * loop, against the other processes of the run, and when the parent says stop it prints its counts
 * on one line, {@code W4RESULT p<index> acquisitions=… all_acquisitions=… retaken=… overlaps=…
 * errors=… stuck=…}, and writes its handoff latencies into a file.
 *
 * <p>It connects, marks itself ready in the {@link SharedArea}, and starts contending when the
 * parent switches the state to WARMUP; it marks each thread's first acquisition, since the parent
 * does not start measuring before every thread has been through a whole cycle; it counts the
 * acquisitions whose lock returned while the state was MEASURE, so that every process of the run
 * measures the same window. Each critical section checks mutual exclusion through the shared file
 * (see {@link #critical}), and the time and process of each release go into the file just before
 * the unlock call, so that the next holder can time a handoff from another process.
 *
 * <p>A thread still in {@code lock()} 10 s after the stop is counted as stuck and left behind: the
 * results are printed and the process halts regardless. Without its parent, the process exits.
 *
 * <p>Usage: {@code MultiProcessWorker <contender class> <redis uri> <shared file> <process index>
 * <threads> <critical section µs> <handoff samples file>}.
 */
public final class MultiProcessWorker {
  static final String KEY = "bench:w4";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STUCK_AFTER = Duration.ofSeconds(10);

  private MultiProcessWorker() {}

  /** One thread's counts; plain fields, read by the main thread after the join. */
  private static final class Tally {
    long acquisitions; // in the measured window
    long all; // over the whole run: what the shared counter should have reached
    long retaken;
    long overlaps;
    long errors;
    String firstError;
    final Latencies handoffs = new Latencies();

    void error(Exception e) {
      errors++;
      if (firstError == null) {
        firstError = (e.getClass().getName() + ": " + e.getMessage()).replaceAll("\\s+", " ");
      }
    }
  }

  /**
   * Runs this process' part.
   *
   * @param args contender class, redis URI, shared file, process index, threads, critical section
   *     in µs, samples file
   */
  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName(args[0]);
    SharedArea area = SharedArea.open(Path.of(args[2]));
    int me = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    long criticalNanos = Long.parseLong(args[5]) * 1000;
    Path samplesFile = Path.of(args[6]);
    Contender contender = (Contender) type.getConstructor(String.class).newInstance(args[1]);
    List<Tally> tallies = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Tally tally = new Tally();
      tallies.add(tally);
      Contender.Locker locker = contender.locker(t);
      long id = (me + 1) * 1_000_000L + t; // never 0, which means "no holder"
      Thread w =
          new Thread(
              () -> contend(locker, area, me, id, criticalNanos, tally), "w4-" + me + "-" + t);
      w.setDaemon(true); // a thread stuck in lock() must not keep the process alive
      workers.add(w);
    }
    area.setReady(me);
    awaitState(area, me, SharedArea.WARMUP, START_TIMEOUT, 1);
    workers.forEach(Thread::start);
    // The workers read the state themselves; this thread only waits to report, and must not take
    // CPU time from them meanwhile (a 1 ms poll woke it 930 times a second).
    awaitState(area, me, SharedArea.STOP, null, 20);
    long joinBy = System.nanoTime() + STUCK_AFTER.toNanos();
    int stuck = 0;
    for (Thread w : workers) {
      w.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
      stuck += w.isAlive() ? 1 : 0;
    }
    report(me, tallies, stuck, samplesFile);
    if (stuck == 0) {
      try {
        contender.close();
      } catch (Exception e) {
        System.out.println("closing failed: " + e); // after the results: not worth a failed run
      }
    }
    Runtime.getRuntime().halt(0); // some peers leave non-daemon threads behind
  }

  /** One thread's loop: lock, check and time, critical section, stamp the release, unlock. */
  private static void contend(
      Contender.Locker locker, SharedArea area, int me, long id, long criticalNanos, Tally tally) {
    boolean warmed = false;
    while (area.state() != SharedArea.STOP) {
      try {
        locker.lock(KEY);
      } catch (Exception e) {
        tally.error(e);
        pause(); // a lock that fails at once must not spin the core away from the others
        continue;
      }
      long acquired = System.nanoTime();
      long releaser = area.releaser(); // read before the time: setReleased writes it after
      long releasedAt = area.releasedAt();
      boolean counted = area.state() == SharedArea.MEASURE;
      critical(area, id, criticalNanos, tally);
      if (counted) {
        tally.acquisitions++;
        if (releaser == me) {
          tally.retaken++;
        } else if (releaser >= 0) {
          tally.handoffs.add(acquired - releasedAt);
        }
      }
      if (!warmed) {
        area.addWarmed(me); // the parent measures once every thread has been through it
        warmed = true;
      }
      area.setReleased(System.nanoTime(), me);
      try {
        locker.unlock(KEY);
      } catch (Exception e) {
        tally.error(e);
      }
    }
  }

  /**
   * The critical section: claims the holder field (an overlap if it is taken), reads the counter,
   * busy-waits {@code criticalNanos} (without sleeping, so that the holder keeps its core as a real
   * one would), writes the counter + 1, and checks that the holder field is still its own before
   * clearing it. A second holder at the same time shows up as an overlap, or as a lost update.
   */
  private static void critical(SharedArea area, long id, long criticalNanos, Tally tally) {
    if (area.holder() != 0) {
      tally.overlaps++;
    }
    area.setHolder(id);
    long read = area.counter();
    if (criticalNanos > 0) {
      long until = System.nanoTime() + criticalNanos;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
    area.setCounter(read + 1);
    if (area.holder() != id) {
      tally.overlaps++;
    }
    area.setHolder(0);
    tally.all++;
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until the parent has moved the run to {@code state} or beyond, looking every {@code
   * pollMillis}, and meanwhile tells the parent how long this process' JIT has compiled; exits when
   * the parent is gone, or after {@code timeout} unless it is null.
   */
  private static void awaitState(
      SharedArea area, int me, long state, Duration timeout, long pollMillis) throws Exception {
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    long start = System.nanoTime();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    for (int polls = 0; area.state() < state; polls++) {
      area.setCompileMillis(me, jit.getTotalCompilationTime());
      if (timeout != null && System.nanoTime() - start > timeout.toNanos()) {
        System.out.println("ERROR no signal from the parent within " + timeout);
        Runtime.getRuntime().halt(3);
      }
      if (polls % Math.max(1, 100 / pollMillis) == 0 && (parent == null || !parent.isAlive())) {
        Runtime.getRuntime().halt(4); // the parent is gone: nobody will stop this run
      }
      Thread.sleep(pollMillis);
    }
  }

  /** Prints the process' sums and writes its handoff samples (nanoseconds, one long each). */
  private static void report(int me, List<Tally> tallies, int stuck, Path samplesFile)
      throws IOException {
    long acquisitions = 0;
    long all = 0;
    long retaken = 0;
    long overlaps = 0;
    long errors = 0;
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(samplesFile)))) {
      for (Tally t : tallies) {
        acquisitions += t.acquisitions;
        all += t.all;
        retaken += t.retaken;
        overlaps += t.overlaps;
        errors += t.errors;
        for (int i = 0; i < t.handoffs.size(); i++) {
          out.writeLong(t.handoffs.get(i));
        }
        if (t.firstError != null) {
          System.out.println("ERROR " + t.firstError);
        }
      }
    }
    // One line, so that a process has reported all of its counts or none.
    System.out.println(
        "W4RESULT p"
            + me
            + " acquisitions="
            + acquisitions
            + " all_acquisitions="
            + all
            + " retaken="
            + retaken
            + " overlaps="
            + overlaps
            + " errors="
            + errors
            + " stuck="
            + stuck);
    System.out.flush();
  }
}
