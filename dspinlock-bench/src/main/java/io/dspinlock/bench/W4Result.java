package io.dspinlock.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What the processes of one W4 run (one contender, one critical section) reported, and the figures
 * of its table row.
 *
 * @param label the contender
 * @param criticalMicros the critical section's length
 * @param acquisitions per process, in the measured window
 * @param allAcquisitions over the whole run, warm-up included, all processes
 * @param counter the shared counter at the end, which should equal {@code allAcquisitions}
 * @param retaken acquisitions by the process that had released last, in the window
 * @param overlaps detections of a second holder, whole run
 * @param errors exceptions from lock or unlock, whole run
 * @param stuck threads still in {@code lock()} well after the stop
 * @param handoffs cross-process handoff latencies, nanoseconds, in the window
 * @param seconds the measured window
 * @param warmupSeconds the unmeasured contention before it
 * @param jitMillis how long the processes' JIT compilers compiled in the window, ms, all together
 * @param problems what went wrong with the run itself (processes that failed, were killed)
 * @param complete whether every process reported
 */
record W4Result(
    String label,
    long criticalMicros,
    long[] acquisitions,
    long allAcquisitions,
    long counter,
    long retaken,
    long overlaps,
    long errors,
    long stuck,
    Latencies handoffs,
    double seconds,
    double warmupSeconds,
    long jitMillis,
    List<String> problems,
    boolean complete) {

  long total() {
    return Arrays.stream(acquisitions).sum();
  }

  /** {@return acquisitions per second over all processes, NaN when a process did not report} */
  double perSecond() {
    return complete && seconds > 0 ? total() / seconds : Double.NaN;
  }

  /** {@return the share of acquisitions by the process that released last} */
  double retakenShare() {
    return complete && total() > 0 ? (double) retaken / total() : Double.NaN;
  }

  double minShareOfFair() {
    return complete ? Shares.minShareOfFair(acquisitions) : Double.NaN;
  }

  double jain() {
    return complete ? Shares.jain(acquisitions) : Double.NaN;
  }

  /** {@return acquisitions whose increment of the shared counter was overwritten} */
  double lostUpdates() {
    return complete ? allAcquisitions - counter : Double.NaN;
  }

  double handoffMicros(double percentile) {
    return handoffs.percentileMicros(percentile);
  }
}
