package io.dspinlock;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as the URI options and the command-line tool write them: a number with a unit,
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 1.5s}, {@code
 * 1h}), or ISO-8601 ({@code PT1H}, {@code P1D}); nothing else, so that {@code 1d} is a day and
 * never a number with a stray suffix.
 */
public final class Durations {
  private static final Pattern WITH_UNIT =
      Pattern.compile("(\\d{1,18}(?:\\.\\d{1,9})?)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Reads a duration.
   *
   * @param text e.g. {@code 500ms}, {@code 2s}, {@code 1h}, {@code PT30S}
   * @return the duration, zero or positive
   * @throws IllegalArgumentException if the text is none of these forms, is negative, or is too
   *     long for a {@link Duration}
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration must not be null");
    }
    String t = text.trim();
    Matcher m = WITH_UNIT.matcher(t);
    try {
      if (m.matches()) {
        return ofUnit(new BigDecimal(m.group(1)), m.group(2));
      }
      if (!t.isEmpty() && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
        Duration d = Duration.parse(t);
        if (!d.isNegative()) {
          return d;
        }
      }
    } catch (DateTimeParseException | ArithmeticException notADuration) {
      // reported below, with the forms that are read
    }
    throw new IllegalArgumentException(
        "not a duration: '" + text + "' (write 500ms, 2s, 1.5m, 1h, 1d or ISO-8601 such as PT1H)");
  }

  private static Duration ofUnit(BigDecimal amount, String unit) {
    long nanosPerUnit;
    switch (unit) {
      case "ms":
        nanosPerUnit = 1_000_000L;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000L;
        break;
      case "m":
        nanosPerUnit = 60_000_000_000L;
        break;
      case "h":
        nanosPerUnit = 3_600_000_000_000L;
        break;
      default:
        nanosPerUnit = 86_400_000_000_000L;
        break;
    }
    BigInteger nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit)).toBigInteger();
    BigInteger[] secondsAndNanos = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    return Duration.ofSeconds(
        secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
  }
}
