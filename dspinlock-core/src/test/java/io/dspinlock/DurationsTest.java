package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration grammar of URIs and the command line. */
class DurationsTest {
  @Test
  void parse_numberWithUnit_readsEachUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("3m")).isEqualTo(Duration.ofMinutes(3));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse(" 0s ")).isZero();
  }

  @Test
  void parse_iso8601_isRead() {
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void parse_anythingElse_isRefusedWithTheFormsThatAreRead() {
    for (String bad :
        new String[] {"1", "1.5", "1f", "1e3s", "Infinity", "-1s", "PT-1S", "", "s"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("500ms");
    }
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_tooLongForADuration_isRefusedNotOverflowed() {
    assertThatThrownBy(() -> Durations.parse("999999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
