package io.dspinlock.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 500ms}, {@code 2s}, {@code 1m}, or a number of seconds. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    try {
      String t = text.trim();
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e9));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else {
        d = Duration.ofNanos(Math.round(Double.parseDouble(t) * 1e9));
      }
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("must be positive: " + text);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("not a duration (e.g. 500ms, 2s, 1m): " + text);
    }
  }
}
