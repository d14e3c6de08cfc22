package io.dspinlock.internal.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Date-times written and read exactly as Python's {@code datetime.isoformat()} does.
 *
 * <p>Python keeps microseconds: finer Java fractions are truncated, never rounded, so that a value
 * maps to the same text Python gives for its truncated twin. The fraction is left out when it is
 * zero; an offset is written {@code +HH:MM}, with {@code :SS} only when it has seconds.
 */
public final class PyIso {
  private PyIso() {}

  /**
   * Formats a naive date-time.
   *
   * @param t the date-time, year 1 to 9999
   * @return {@code YYYY-MM-DDTHH:MM:SS[.ffffff]}
   * @throws IllegalArgumentException if the year is outside Python's range
   */
  public static String format(LocalDateTime t) {
    if (t.getYear() < 1 || t.getYear() > 9999) {
      throw new IllegalArgumentException("year " + t.getYear() + " is outside Python's 1..9999");
    }
    StringBuilder sb = new StringBuilder(32);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      pad(sb.append('.'), micros, 6);
    }
    return sb.toString();
  }

  /**
   * Formats a date-time with an offset.
   *
   * @param t the date-time
   * @return {@code YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM[:SS]}
   */
  public static String format(OffsetDateTime t) {
    return format(t.toLocalDateTime()) + offset(t.getOffset());
  }

  /**
   * Formats an instant as an aware UTC date-time, the form of a lock tag's timestamp.
   *
   * @param t the instant
   * @return for example {@code 2026-11-27T22:41:07.123456+00:00}
   */
  public static String format(Instant t) {
    // Every lock object formats its creation time: reuse the text of the second, per thread.
    long second = t.getEpochSecond();
    SecondText cached = LAST_SECOND.get();
    if (cached.second != second) {
      cached.second = second;
      cached.text = format(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC));
    }
    int micros = t.getNano() / 1000;
    if (micros == 0) {
      return cached.text + "+00:00";
    }
    StringBuilder sb = new StringBuilder(32).append(cached.text).append('.');
    return pad(sb, micros, 6).append("+00:00").toString();
  }

  /** The formatted text of one second, kept per thread. */
  private static final class SecondText {
    long second = Long.MIN_VALUE;
    String text;
  }

  private static final ThreadLocal<SecondText> LAST_SECOND =
      ThreadLocal.withInitial(SecondText::new);

  private static String offset(ZoneOffset offset) {
    int total = offset.getTotalSeconds();
    StringBuilder sb = new StringBuilder(9).append(total < 0 ? '-' : '+');
    int abs = Math.abs(total);
    pad(sb, abs / 3600, 2).append(':');
    pad(sb, abs / 60 % 60, 2);
    if (abs % 60 != 0) {
      pad(sb.append(':'), abs % 60, 2);
    }
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits);
  }

  /**
   * Reads an ISO-8601 date-time as Python writes it; without an offset it is taken as UTC.
   *
   * @param text the text, e.g. {@code 2026-11-27T22:41:07+00:00}
   * @return the instant, or null when {@code text} is not such a date-time
   */
  public static Instant parseLenient(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
