/**
 * Micrometer metrics for the locks of a {@link io.dspinlock.RedisSession}: {@link
 * io.dspinlock.micrometer.DSpinlockMetrics} is a {@code MeterBinder}, usable with or without
 * Spring.
 */
package io.dspinlock.micrometer;
