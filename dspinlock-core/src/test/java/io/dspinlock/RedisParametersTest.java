package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisParametersTest {

  @Test
  void defaults_matchThePythonOriginal() {
    RedisParameters p = RedisParameters.defaults();
    assertThat(p.redisHost()).isEqualTo("localhost");
    assertThat(p.port()).isEqualTo(6379);
    assertThat(p.rdb()).isZero();
    assertThat(p.ssl()).isFalse();
    assertThat(p.socketConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.username()).isNull();
    assertThat(p.password()).isNull();
    assertThat(p.isSentinel()).isFalse();
  }

  @Test
  void fromUri_full_readsEveryPart() {
    RedisParameters p =
        RedisParameters.fromUri(
            "rediss://app:s%40cret@cache.example:6380/3?timeout=500ms&connectTimeout=1s"
                + "&clientName=worker");
    assertThat(p.ssl()).isTrue();
    assertThat(p.username()).isEqualTo("app");
    assertThat(p.password()).isEqualTo("s@cret");
    assertThat(p.redisHost()).isEqualTo("cache.example");
    assertThat(p.port()).isEqualTo(6380);
    assertThat(p.rdb()).isEqualTo(3);
    assertThat(p.commandTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.socketConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.clientName()).isEqualTo("worker");
  }

  @Test
  void fromUri_passwordOnly_leavesUserUnset() {
    RedisParameters p = RedisParameters.fromUri("redis://:pw@localhost");
    assertThat(p.username()).isNull();
    assertThat(p.password()).isEqualTo("pw");
    assertThat(p.port()).isEqualTo(6379);
  }

  @Test
  void fromUri_ipv6_readsBracketedHost() {
    RedisParameters p = RedisParameters.fromUri("redis://[::1]:7000/1");
    assertThat(p.redisHost()).isEqualTo("::1");
    assertThat(p.port()).isEqualTo(7000);
    assertThat(p.rdb()).isEqualTo(1);
  }

  @Test
  void fromUri_sentinel_readsNodesAndMaster() {
    RedisParameters p =
        RedisParameters.fromUri("redis-sentinel://:pw@s1:26379,s2,s3:26380/2#mymaster");
    assertThat(p.isSentinel()).isTrue();
    assertThat(p.sentinelMasterName()).isEqualTo("mymaster");
    assertThat(p.sentinelNodes()).containsExactly("s1:26379", "s2:26379", "s3:26380");
    assertThat(p.rdb()).isEqualTo(2);
    assertThat(p.password()).isEqualTo("pw");
    assertThat(RedisParameters.fromUri("redis-sentinel://s1?masterName=m").sentinelMasterName())
        .isEqualTo("m");
  }

  @Test
  void fromUri_queryAfterTheMasterName_throwsInsteadOfMisreadingIt() {
    assertThat(
            RedisParameters.fromUri("rediss-sentinel://s1/0?caFile=/ca.pem#mymaster")
                .sentinelMasterName())
        .isEqualTo("mymaster");
    assertThatThrownBy(
            () -> RedisParameters.fromUri("rediss-sentinel://:pw@s1/0#mymaster?caFile=/ca.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the query goes before the #master name")
        .hasMessageNotContaining("pw");
  }

  @Test
  void fromUri_sentinelCredentials_areReadAndNeverShown() {
    RedisParameters p =
        RedisParameters.fromUri(
            "redis-sentinel://:data-pw@s1/0?sentinelUser=watch&sentinelPassword=sent%26pw#m");
    assertThat(p.password()).isEqualTo("data-pw");
    assertThat(p.sentinelUsername()).isEqualTo("watch");
    assertThat(p.sentinelPassword()).isEqualTo("sent&pw");
    assertThat(p.toString()).contains("sentinelPassword=***").doesNotContain("sent&pw");
    assertThatThrownBy(() -> RedisParameters.builder().sentinelAuth(null, "pw").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Sentinel");
    assertThatThrownBy(
            () -> RedisParameters.fromUri("redis-sentinel://s1/0?sentinelPassword=hidden&x=1#m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hidden");
    assertThatThrownBy(
            () -> RedisParameters.fromUri("redis-sentinel://s1/0#m?trustStorePassword=hidden"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hidden");
  }

  @Test
  void fromUri_passwordsWithUnencodedCharacters_neverAppearInErrors() {
    // '/' and '@' in a password: parsed, and masked when an error shows the URI.
    assertThat(RedisParameters.fromUri("redis://u:pa/ss@h:1/0").password()).isEqualTo("pa/ss");
    assertThatThrownBy(() -> RedisParameters.fromUri("redis-sentinel://u:pa/s@s@s1/0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("master")
        .hasMessageNotContaining("pa/s")
        .hasMessageNotContaining("s@s1");
    // '#' in a password would cut it: refused, without showing either part.
    assertThatThrownBy(() -> RedisParameters.fromUri("redis://u:ab#cd@h/0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("%23")
        .hasMessageNotContaining("ab")
        .hasMessageNotContaining("cd");
    // '&' in a query password: the rest would look like a parameter; its name is not shown.
    assertThatThrownBy(
            () -> RedisParameters.fromUri("redis-sentinel://s1/0?sentinelPassword=ab&cd#m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("%26")
        .hasMessageNotContaining("cd");
    assertThatThrownBy(() -> RedisParameters.fromUri("redis://h/0?tiemout=1s"))
        .hasMessageContaining("unknown Redis URI parameter tiemout");
    assertThatThrownBy(() -> RedisParameters.fromUri("redis-sentinel://s1/0?sentinelUser=watch#m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentinelPassword");
  }

  @Test
  void fromUri_sentinelWithoutMaster_throwsNamingIt() {
    assertThatThrownBy(() -> RedisParameters.fromUri("redis-sentinel://s1:26379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("master");
  }

  @Test
  void fromUri_badInput_throwsWithoutShowingThePassword() {
    assertThatThrownBy(() -> RedisParameters.fromUri("http://u:topsecret@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> RedisParameters.fromUri("redis://h:99999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> RedisParameters.fromUri("redis://h/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database");
    assertThatThrownBy(() -> RedisParameters.fromUri("redis://h?bogus=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bogus");
    assertThatThrownBy(() -> RedisParameters.fromUri(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builder_outOfRange_throwsNamingTheOption() {
    assertThatThrownBy(() -> RedisParameters.builder().port(0)).hasMessageContaining("port");
    assertThatThrownBy(() -> RedisParameters.builder().rdb(-1)).hasMessageContaining("rdb");
    assertThatThrownBy(() -> RedisParameters.builder().socketConnectTimeout(Duration.ZERO))
        .hasMessageContaining("socketConnectTimeout");
    assertThatThrownBy(() -> RedisParameters.builder().commandTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("commandTimeout");
    assertThatThrownBy(() -> RedisParameters.builder().redisHost(" "))
        .hasMessageContaining("redisHost");
    assertThatThrownBy(() -> RedisParameters.builder().sentinel("m", List.of()))
        .hasMessageContaining("sentinel");
  }

  @Test
  void toString_neverShowsThePassword() {
    RedisParameters p = RedisParameters.builder().username("u").password("topsecret").build();
    assertThat(p.toString()).contains("password=***").doesNotContain("topsecret");
  }

  @Test
  void equalParameters_areEqualValues() {
    assertThat(RedisParameters.fromUri("redis://localhost:6379/0"))
        .isEqualTo(RedisParameters.defaults())
        .hasSameHashCodeAs(RedisParameters.defaults());
    assertThat(RedisParameters.defaults().toBuilder().rdb(1).build())
        .isNotEqualTo(RedisParameters.defaults());
  }
}
