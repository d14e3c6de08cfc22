package io.dspinlock.cli;

import io.dspinlock.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as {@link Durations} does: {@code 500ms}, {@code 2s}, {@code 1h}, {@code PT1H}.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (d.toMillis() < 1) {
      throw new TypeConversionException("must be at least 1ms: " + text);
    }
    return d;
  }
}
