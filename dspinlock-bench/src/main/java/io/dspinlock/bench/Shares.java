package io.dspinlock.bench;

/** How evenly the processes of a run shared the lock: pure statistics over per-process counts. */
final class Shares {
  private Shares() {}

  /**
   * Jain's fairness index, {@code (Σx)² / (n·Σx²)}: 1 when every process took the same number of
   * acquisitions, {@code 1/n} when one took them all.
   *
   * @param counts acquisitions per process
   * @return the index, or NaN when there are no counts or all are 0
   */
  static double jain(long[] counts) {
    double sum = 0;
    double squares = 0;
    for (long c : counts) {
      sum += c;
      squares += (double) c * c;
    }
    return squares == 0 ? Double.NaN : sum * sum / (counts.length * squares);
  }

  /**
   * The smallest process' count relative to a fair share: {@code min / (total / n)}. 1 when the
   * counts are equal, 0 when one process took none.
   *
   * @param counts acquisitions per process
   * @return the ratio, or NaN when there are no counts or all are 0
   */
  static double minShareOfFair(long[] counts) {
    long sum = 0;
    long min = Long.MAX_VALUE;
    for (long c : counts) {
      sum += c;
      min = Math.min(min, c);
    }
    return sum == 0 ? Double.NaN : min / ((double) sum / counts.length);
  }
}
