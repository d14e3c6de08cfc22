package io.dspinlock.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Date-times as Python's isoformat() writes them: the text of every tag timestamp. */
class PyIsoTest {
  @Test
  void formatInstant_keepsMicroseconds_andOmitsAZeroFraction() {
    assertThat(PyIso.format(Instant.parse("2026-11-27T22:41:07.123456789Z")))
        .isEqualTo("2026-11-27T22:41:07.123456+00:00");
    assertThat(PyIso.format(Instant.parse("2026-11-27T22:41:07Z")))
        .isEqualTo("2026-11-27T22:41:07+00:00");
    assertThat(PyIso.format(Instant.parse("2026-11-27T22:41:07.000500Z")))
        .isEqualTo("2026-11-27T22:41:07.000500+00:00");
  }

  @Test
  void formatOffset_writesSecondsOnlyWhenTheOffsetHasThem() {
    assertThat(
            PyIso.format(
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(-5, -30))))
        .isEqualTo("2026-01-02T03:04:05-05:30");
    assertThat(
            PyIso.format(
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofTotalSeconds(3661))))
        .isEqualTo("2026-01-02T03:04:05+01:01:01");
  }

  @Test
  void formatLocal_refusesYearsPythonCannotHold() {
    assertThat(PyIso.format(LocalDateTime.of(1, 1, 1, 0, 0))).isEqualTo("0001-01-01T00:00:00");
    assertThatThrownBy(() -> PyIso.format(LocalDateTime.of(10_000, 1, 1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10000");
  }

  @Test
  void parseLenient_readsWithAndWithoutOffset_andNothingElse() {
    assertThat(PyIso.parseLenient("2026-11-27T22:41:07+01:00"))
        .isEqualTo(Instant.parse("2026-11-27T21:41:07Z"));
    assertThat(PyIso.parseLenient("2026-11-27T22:41:07.5"))
        .isEqualTo(Instant.parse("2026-11-27T22:41:07.5Z"));
    assertThat(PyIso.parseLenient("yesterday")).isNull();
    assertThat(PyIso.parseLenient(null)).isNull();
  }
}
