package io.dspinlock.internal.wire;

import java.math.BigInteger;

/**
 * Python's {@code hash()} of an integer, which is stable across processes (unlike that of {@code
 * str}): the value reduced modulo the Mersenne prime 2<sup>61</sup>−1, keeping its sign, and −1
 * mapped to −2 (CPython reserves −1 for errors).
 */
public final class PyHash {
  static final long MODULUS = (1L << 61) - 1;
  private static final BigInteger BIG_MODULUS = BigInteger.valueOf(MODULUS);

  private PyHash() {}

  /**
   * Returns {@code hash(value)} as Python computes it.
   *
   * @param value any {@code long}
   * @return the hash
   */
  public static long of(long value) {
    long h;
    if (value == Long.MIN_VALUE) {
      // -2^63 = -(2^2 * 2^61) and 2^61 = 1 (mod 2^61-1), so |value| reduces to 4.
      h = -4;
    } else {
      h = Math.abs(value) % MODULUS;
      if (value < 0) {
        h = -h;
      }
    }
    return h == -1 ? -2 : h;
  }

  /**
   * Returns {@code hash(value)} as Python computes it.
   *
   * @param value any integer
   * @return the hash
   */
  public static long of(BigInteger value) {
    long h = value.abs().mod(BIG_MODULUS).longValueExact();
    if (value.signum() < 0) {
      h = -h;
    }
    return h == -1 ? -2 : h;
  }
}
