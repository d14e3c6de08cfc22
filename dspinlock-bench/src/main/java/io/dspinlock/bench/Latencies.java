package io.dspinlock.bench;

import java.util.Arrays;

/** A growable array of latencies in nanoseconds, for exact percentiles of a run. */
final class Latencies {
  private long[] values = new long[1 << 16];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  int size() {
    return size;
  }

  long get(int i) {
    return values[i];
  }

  void addAll(Latencies other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  /**
   * Returns a percentile, in microseconds.
   *
   * @param p from 0 to 100
   * @return the value, or NaN when empty
   */
  double percentileMicros(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
    return sorted[index] / 1000.0;
  }
}
