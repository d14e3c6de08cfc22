/**
 * Micrometer metrics for dspinlock: {@link io.dspinlock.micrometer.DSpinlockMetrics} binds a
 * session's lock events to a {@code MeterRegistry}.
 */
module io.dspinlock.micrometer {
  requires transitive io.dspinlock;
  requires transitive micrometer.core;

  exports io.dspinlock.micrometer;
}
