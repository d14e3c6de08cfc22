package io.dspinlock.internal.util;

import java.time.Duration;

/**
 * The checks of every option, one rule per kind of value, each message naming the option and the
 * value given: the builders of the API and the reading of a lock's overridden tunables all use
 * these.
 */
public final class Checks {
  private Checks() {}

  /**
   * Requires a value.
   *
   * @param value the value
   * @param name the option, for the message
   * @param <T> its type
   * @return the value
   * @throws NullPointerException naming the option when it is null
   */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /**
   * Requires a count of at least {@code min}.
   *
   * @param value the count
   * @param min the smallest allowed
   * @param name the option, for the message
   * @return the count
   * @throws IllegalArgumentException naming the option when the count is too small
   */
  public static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /**
   * The longest duration a lock sends to Redis or waits for: 10<sup>15</sup> ms, about 31,700
   * years. Redis refuses expiries that overflow its clock, and three times a max block time is the
   * lifetime of a fencing counter.
   */
  public static final Duration MAX_STORED = Duration.ofMillis(1_000_000_000_000_000L);

  /**
   * Requires a duration of at least one millisecond, the resolution of Redis expiries, and at most
   * {@link #MAX_STORED}.
   *
   * @param value the duration
   * @param name the option, for the message
   * @return the duration
   * @throws NullPointerException naming the option when it is null
   * @throws IllegalArgumentException naming the option, and the largest allowed value when it is
   *     too long, when it is out of range
   */
  public static Duration positive(Duration value, String name) {
    notNull(value, name);
    if (value.compareTo(MAX_STORED) > 0) {
      throw new IllegalArgumentException(
          name + " must be at most " + MAX_STORED + " (about 31,700 years), was " + value);
    }
    if (value.isNegative() || value.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
    }
    return value;
  }

  /**
   * Requires a duration of at least one millisecond and at most {@code max}.
   *
   * @param value the duration
   * @param max the longest allowed
   * @param name the option, for the message
   * @return the duration
   * @throws IllegalArgumentException naming the option when it is out of range
   */
  public static Duration positiveAtMost(Duration value, Duration max, String name) {
    positive(value, name);
    if (value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + max + ", was " + value);
    }
    return value;
  }

  /**
   * Requires a TCP port.
   *
   * @param port the port
   * @return the port
   * @throws IllegalArgumentException if it is not in 1..65535
   */
  public static int port(int port) {
    that(port >= 1 && port <= 65535, "port must be in 1..65535, was " + port);
    return port;
  }

  /**
   * Requires a text that is not blank.
   *
   * @param value the text
   * @param name the option, for the message
   * @return the text
   * @throws IllegalArgumentException naming the option when it is null or blank
   */
  public static String notBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * Requires a condition that ties options together.
   *
   * @param condition what must hold
   * @param message what is wrong when it does not
   * @throws IllegalArgumentException with {@code message} when the condition is false
   */
  public static void that(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
