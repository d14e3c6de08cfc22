package io.dspinlock.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BudgetTest {
  @Test
  void tries_isSpentAfterItsAttempts_andNeverCutsAWait() {
    Budget b = Budget.tries(3);
    assertThat(b.exhausted(2)).isFalse();
    assertThat(b.exhausted(3)).isTrue();
    assertThat(b.cap(123)).isEqualTo(123);
  }

  @Test
  void within_cutsWaitsToTheDeadline_andIsSpentAtIt() {
    Budget b = Budget.within(Duration.ofHours(1));
    assertThat(b.exhausted(1_000_000)).isFalse();
    assertThat(b.cap(TimeUnit.HOURS.toNanos(2))).isLessThanOrEqualTo(TimeUnit.HOURS.toNanos(1));
    Budget zero = Budget.within(Duration.ZERO);
    assertThat(zero.exhausted(1)).isTrue();
    assertThat(zero.cap(1_000)).isZero();
  }

  @Test
  void within_aCenturyOrForever_hasNoDeadlineAndNoOverflow() {
    Budget forever = Budget.within(ChronoUnit.FOREVER.getDuration());
    assertThat(forever.exhausted(1_000_000)).isFalse();
    assertThat(forever.cap(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(Budget.within(Duration.ofDays(300 * 365)).exhausted(1)).isFalse();
  }
}
