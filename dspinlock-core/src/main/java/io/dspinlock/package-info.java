/**
 * A Redis-backed distributed spinlock: {@link io.dspinlock.HashDSpinlock} keyed by any value with a
 * stable encoding, acquired with bounded tries, released with try-with-resources.
 */
package io.dspinlock;
