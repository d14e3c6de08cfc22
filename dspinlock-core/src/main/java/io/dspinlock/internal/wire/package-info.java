/**
 * The wire format shared with the Python original: the uid of a value (SHA-256 of strings, Python's
 * {@code hash()} of integers), Python's {@code isoformat()} of date-times, tag identifiers, and the
 * companion keys of a lock key in its Redis Cluster hash slot.
 */
package io.dspinlock.internal.wire;
