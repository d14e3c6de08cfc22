package io.dspinlock.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reasons told by the core's lease (see {@code Lease}), sorted into bounded tag values. */
class LostReasonTest {
  @Test
  void of_theLeasesReasons_areSortedByKind() {
    assertThat(LostReason.of("the key is gone (expired or deleted) while held").tag())
        .isEqualTo("expired");
    assertThat(LostReason.of("another holder took the key; held by 1f2e since 2026-11-27").tag())
        .isEqualTo("taken");
    assertThat(LostReason.of("Redis unreachable until the lease ran out: Connection refused").tag())
        .isEqualTo("unreachable");
    assertThat(LostReason.of("held for maxBlockTime() (1800000 ms); the lease ran out").tag())
        .isEqualTo("max_block_time");
    assertThat(LostReason.of("only 0 of 1 replicas confirmed a renewal").tag())
        .isEqualTo("replicas");
    assertThat(LostReason.of("the session was closed while the lock was held").tag())
        .isEqualTo("session_closed");
    assertThat(LostReason.of("renewal found ERROR").tag()).isEqualTo("other");
  }

  @Test
  void of_nullOrUnknown_isOther() {
    assertThat(LostReason.of(null)).isEqualTo(LostReason.OTHER);
    assertThat(LostReason.of("")).isEqualTo(LostReason.OTHER);
  }
}
