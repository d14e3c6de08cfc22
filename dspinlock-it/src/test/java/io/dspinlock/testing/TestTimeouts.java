package io.dspinlock.testing;

import java.time.Duration;

/**
 * Timeouts for tests, multiplied by the system property {@code dspinlock.test.timeoutFactor}
 * (default 1) so that a slow machine can stretch them without editing tests.
 */
public final class TestTimeouts {
  private TestTimeouts() {}

  /**
   * Returns a timeout scaled for this machine.
   *
   * @param base the timeout on an ordinary machine
   * @return the timeout to use
   */
  public static Duration scaled(Duration base) {
    double factor = Double.parseDouble(System.getProperty("dspinlock.test.timeoutFactor", "1"));
    return Duration.ofNanos((long) (base.toNanos() * Math.max(1.0, factor)));
  }

  /**
   * Returns a timeout in seconds, scaled.
   *
   * @param seconds the timeout on an ordinary machine
   * @return the timeout to use
   */
  public static Duration seconds(long seconds) {
    return scaled(Duration.ofSeconds(seconds));
  }
}
