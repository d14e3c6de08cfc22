package io.dspinlock.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.ProvidedObjectIsNotHashableException;
import io.dspinlock.StableKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Fixed vectors computed with CPython 3.11 ({@code hashlib.sha256}, {@code hash()}). */
class UidsTest {
  private static final String EXAMPLE_SHA256 =
      "50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c";

  @Test
  void of_string_isSha256OfUtf8() {
    assertThat(Uids.of("example")).isEqualTo(EXAMPLE_SHA256);
    assertThat(Uids.of("é€"))
        .isEqualTo("f0165711145fd4315008feb1f589eb75f63fb382417be0782a1c1cab418bc0c4");
  }

  @Test
  void of_bytes_isSha256OfBytes() {
    assertThat(Uids.of("example".getBytes(StandardCharsets.UTF_8))).isEqualTo(EXAMPLE_SHA256);
  }

  @Test
  void of_integers_isPythonHash() {
    assertThat(Uids.of(0)).isEqualTo("0");
    assertThat(Uids.of(1)).isEqualTo("1");
    assertThat(Uids.of(-1)).isEqualTo("-2");
    assertThat(Uids.of(-2L)).isEqualTo("-2");
    assertThat(Uids.of((short) 7)).isEqualTo("7");
    assertThat(Uids.of((byte) -3)).isEqualTo("-3");
    assertThat(Uids.of(Long.MAX_VALUE)).isEqualTo("3");
    assertThat(Uids.of(Long.MIN_VALUE)).isEqualTo("-4");
  }

  @Test
  void of_bigIntegers_reducesModuloMersennePrime() {
    BigInteger two = BigInteger.TWO;
    assertThat(Uids.of(two.pow(61).subtract(BigInteger.ONE))).isEqualTo("0");
    assertThat(Uids.of(two.pow(61))).isEqualTo("1");
    assertThat(Uids.of(two.pow(64))).isEqualTo("8");
    assertThat(Uids.of(two.pow(64).negate())).isEqualTo("-8");
    assertThat(Uids.of(new BigInteger("12345678901234567890"))).isEqualTo("816463855166098135");
    assertThat(Uids.of(BigInteger.ONE.negate())).isEqualTo("-2");
  }

  @Test
  void of_booleans_isOneOrZero() {
    assertThat(Uids.of(true)).isEqualTo("1");
    assertThat(Uids.of(false)).isEqualTo("0");
  }

  @Test
  void of_uuid_isPythonHashOfItsInteger() {
    assertThat(Uids.of(UUID.fromString("18b29dc6-208e-4456-a323-bc911e8ac18c")))
        .isEqualTo("628439898805560391");
  }

  @Test
  void of_utcDateTime_withMicroseconds_isSha256OfIsoformat() {
    OffsetDateTime t = OffsetDateTime.of(2026, 11, 27, 22, 41, 7, 123_456_000, ZoneOffset.UTC);
    String expected = "191015affae91f79e55809a4e247842ff6d82dead2186cc4500ef3d4dad4fd88";
    assertThat(Uids.of(t)).isEqualTo(expected);
    assertThat(Uids.of(t.toInstant())).isEqualTo(expected);
    assertThat(Uids.of(t.toZonedDateTime())).isEqualTo(expected);
    // Nanoseconds beyond Python's microseconds are truncated.
    assertThat(Uids.of(t.plusNanos(999))).isEqualTo(expected);
  }

  @Test
  void of_utcDateTime_withoutMicroseconds_omitsFraction() {
    OffsetDateTime t = OffsetDateTime.of(2026, 11, 27, 22, 41, 7, 0, ZoneOffset.UTC);
    assertThat(Uids.of(t))
        .isEqualTo("867bde1fec397e686b31583aa6da32f4a568bc82ad7fd19efb6a54b9237ffde0");
  }

  @Test
  void of_naiveDateTime_hasNoOffset() {
    LocalDateTime t = LocalDateTime.of(2026, 11, 27, 22, 41, 7, 123_456_000);
    assertThat(Uids.of(t))
        .isEqualTo("58e7d9e58ad9b0a9955e2a78935c58764c1cb98902babb4aeef3f3efe5e72453");
  }

  @Test
  void of_zonedDateTime_usesOffsetAtThatInstant() {
    ZonedDateTime t = ZonedDateTime.of(2026, 11, 27, 22, 41, 7, 500_000, ZoneId.of("Asia/Kolkata"));
    assertThat(Uids.of(t))
        .isEqualTo(
            io.dspinlock.internal.util.Digests.sha256Hex("2026-11-27T22:41:07.000500+05:30"));
  }

  @Test
  void of_stableKey_isSha256OfItsText() {
    StableKey k = () -> "example";
    assertThat(Uids.of(k)).isEqualTo(EXAMPLE_SHA256);
  }

  @Test
  void of_identityObject_throwsNotHashable() {
    assertThatThrownBy(() -> Uids.of(new Object()))
        .isInstanceOf(ProvidedObjectIsNotHashableException.class)
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("StableKey");
  }

  @Test
  void of_double_throwsNotHashable() {
    assertThatThrownBy(() -> Uids.of(1.5))
        .isInstanceOf(ProvidedObjectIsNotHashableException.class)
        .hasMessageContaining("floating-point");
  }

  @Test
  void of_stableKeyReturningNull_throwsNotHashable() {
    StableKey k = () -> null;
    assertThatThrownBy(() -> Uids.of(k))
        .isInstanceOf(ProvidedObjectIsNotHashableException.class)
        .hasMessageContaining("null");
  }

  @Test
  void of_yearBeyondPython_throwsNotHashable() {
    assertThatThrownBy(() -> Uids.of(LocalDateTime.of(10000, 1, 1, 0, 0)))
        .isInstanceOf(ProvidedObjectIsNotHashableException.class)
        .hasMessageContaining("1..9999");
  }

  @Test
  void of_null_throwsNullPointer() {
    assertThatThrownBy(() -> Uids.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("must not be null");
  }

  @Test
  void format_instant_matchesPythonTagTimestamp() {
    assertThat(PyIso.format(Instant.parse("2026-11-27T22:41:07.123456Z")))
        .isEqualTo("2026-11-27T22:41:07.123456+00:00");
    assertThat(PyIso.format(Instant.parse("2026-11-27T22:41:07Z")))
        .isEqualTo("2026-11-27T22:41:07+00:00");
    assertThat(PyIso.format(Instant.parse("0999-01-02T03:04:05.000001Z")))
        .isEqualTo("0999-01-02T03:04:05.000001+00:00");
  }

  @Test
  void parseLenient_readsPythonForms() {
    Instant expected = Instant.parse("2026-11-27T22:41:07.123456Z");
    assertThat(PyIso.parseLenient("2026-11-27T22:41:07.123456+00:00")).isEqualTo(expected);
    assertThat(PyIso.parseLenient("2026-11-27T22:41:07.123456")).isEqualTo(expected);
    assertThat(PyIso.parseLenient("2026-11-28T04:11:07.123456+05:30")).isEqualTo(expected);
    assertThat(PyIso.parseLenient("yesterday")).isNull();
  }
}
