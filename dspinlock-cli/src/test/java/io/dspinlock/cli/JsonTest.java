package io.dspinlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The CLI's hand-written JSON and its duration options, without Redis. */
class JsonTest {
  @Test
  void json_fieldsInOrder_escapedAndNullable() {
    String json =
        new Json()
            .field("key", "a\"b\\c\nd\u0001")
            .number("token", 7L)
            .number("none", null)
            .bool("held", true)
            .field("value", null)
            .toString();
    assertThat(json)
        .isEqualTo(
            "{\"key\":\"a\\\"b\\\\c\\nd\\u0001\",\"token\":7,\"none\":null,\"held\":true,"
                + "\"value\":null}");
    assertThat(new Json()).hasToString("{}");
  }

  @Test
  void durationOption_readsTheSharedGrammar_andRefusesZeroAndNumbers() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(c.convert("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> c.convert("0s")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> c.convert("5")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> c.convert("1f")).isInstanceOf(TypeConversionException.class);
  }
}
