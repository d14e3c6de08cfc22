package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnpackedValueTest {

  @Test
  void parse_blockedWithMicroseconds_readsAllFields() {
    UnpackedValue v =
        UnpackedValue.parse(
            "18b29dc6-208e-4456-a323-bc911e8ac18c,2026-11-27T22:41:07.123456+00:00,0");
    assertThat(v.uuid()).isEqualTo("18b29dc6-208e-4456-a323-bc911e8ac18c");
    assertThat(v.timestamp()).isEqualTo("2026-11-27T22:41:07.123456+00:00");
    assertThat(v.state()).isEqualTo(LockState.BLOCKED);
    assertThat(v.tag())
        .isEqualTo("18b29dc6-208e-4456-a323-bc911e8ac18c,2026-11-27T22:41:07.123456+00:00");
    assertThat(v.createdAt()).contains(Instant.parse("2026-11-27T22:41:07.123456Z"));
  }

  @Test
  void parse_computedWithoutMicroseconds_readsAllFields() {
    String raw = "18b29dc6-208e-4456-a323-bc911e8ac18c,2026-11-27T22:41:07+00:00,1";
    UnpackedValue v = UnpackedValue.parse(raw);
    assertThat(v.state()).isEqualTo(LockState.COMPUTED);
    assertThat(v.createdAt()).contains(Instant.parse("2026-11-27T22:41:07Z"));
    assertThat(v.pack()).isEqualTo(raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a,b,c,0",
        "a,b",
        "a,b,2",
        ",b,0",
        "a,,1",
        "a,b,",
        "",
        "18b29dc6-208e-4456-a323-bc911e8ac18c,2026-11-27T22:41:07+00:00,0,extra"
      })
  void parse_otherShapes_throwsInvalidValue(String raw) {
    assertThatThrownBy(() -> UnpackedValue.parse(raw))
        .isInstanceOf(InvalidValueEncounteredDuringUnpackingException.class)
        .hasMessageContaining("<uuid>,<timestamp>,<0|1>");
  }

  @Test
  void parse_null_throwsInvalidValue() {
    assertThatThrownBy(() -> UnpackedValue.parse(null))
        .isInstanceOf(InvalidValueEncounteredDuringUnpackingException.class);
  }

  @Test
  void createdAt_unreadableTimestamp_isEmpty() {
    assertThat(UnpackedValue.parse("u,whenever,0").createdAt()).isEmpty();
  }
}
