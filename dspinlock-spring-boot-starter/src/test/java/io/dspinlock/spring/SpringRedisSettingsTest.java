package io.dspinlock.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dspinlock.RedisParameters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** How {@code spring.data.redis.*} becomes dspinlock's {@link RedisParameters}. */
class SpringRedisSettingsTest {

  private static RedisParameters map(String... properties) {
    MockEnvironment env = new MockEnvironment();
    for (String p : properties) {
      int eq = p.indexOf('=');
      env.setProperty(p.substring(0, eq), p.substring(eq + 1));
    }
    return SpringRedisSettings.bind(env).toParameters(false);
  }

  @Test
  void bind_nothingSet_isBootsDefaultServer() {
    RedisParameters p = map();
    assertThat(p.redisHost()).isEqualTo("localhost");
    assertThat(p.port()).isEqualTo(6379);
    assertThat(p.rdb()).isZero();
    assertThat(p.ssl()).isFalse();
    assertThat(p.commandTimeout()).isEqualTo(RedisParameters.DEFAULT_COMMAND_TIMEOUT);
  }

  @Test
  void bind_standalone_mapsEverySetting() {
    RedisParameters p =
        map(
            "spring.data.redis.host=redis.internal",
            "spring.data.redis.port=6380",
            "spring.data.redis.database=2",
            "spring.data.redis.username=app",
            "spring.data.redis.password=secret",
            "spring.data.redis.ssl.enabled=true",
            "spring.data.redis.timeout=3s",
            "spring.data.redis.connect-timeout=500ms",
            "spring.data.redis.client-name=billing");
    assertThat(p.describe()).isEqualTo("redis.internal:6380/2");
    assertThat(p.username()).isEqualTo("app");
    assertThat(p.password()).isEqualTo("secret");
    assertThat(p.ssl()).isTrue();
    assertThat(p.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.socketConnectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.clientName()).isEqualTo("billing");
  }

  @Test
  void bind_url_winsOverHostAndPort() {
    RedisParameters p =
        map(
            "spring.data.redis.url=redis://:pw@cache:6390/4",
            "spring.data.redis.host=ignored",
            "spring.data.redis.timeout=1s");
    assertThat(p.describe()).isEqualTo("cache:6390/4");
    assertThat(p.password()).isEqualTo("pw");
    assertThat(p.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void bind_sentinel_usesTheSentinelsAndTheirCredentials() {
    RedisParameters p =
        map(
            "spring.data.redis.sentinel.master=mymaster",
            "spring.data.redis.sentinel.nodes=s1:26379,s2:26379",
            "spring.data.redis.sentinel.username=sentinel-user",
            "spring.data.redis.sentinel.password=sentinel-pw",
            "spring.data.redis.password=data-pw",
            "spring.data.redis.database=1");
    assertThat(p.isSentinel()).isTrue();
    assertThat(p.sentinelMasterName()).isEqualTo("mymaster");
    assertThat(p.sentinelNodes()).containsExactly("s1:26379", "s2:26379");
    assertThat(p.sentinelUsername()).isEqualTo("sentinel-user");
    assertThat(p.sentinelPassword()).isEqualTo("sentinel-pw");
    assertThat(p.password()).isEqualTo("data-pw");
    assertThat(p.rdb()).isEqualTo(1);
  }

  @Test
  void bind_clusterNodesAsIndexedList_isACluster() {
    RedisParameters p =
        map(
            "spring.data.redis.cluster.nodes[0]=n1:7000",
            "spring.data.redis.cluster.nodes[1]=n2:7001");
    assertThat(p.isCluster()).isTrue();
    assertThat(p.clusterNodes()).isEqualTo(List.of("n1:7000", "n2:7001"));
  }

  @Test
  void toString_withPasswordsAndUrl_showsNeither() {
    MockEnvironment env = new MockEnvironment();
    env.setProperty("spring.data.redis.url", "redis://:pw@cache:6390/4");
    env.setProperty("spring.data.redis.sentinel.password", "sentinel-pw");
    assertThat(SpringRedisSettings.bind(env).toString()).doesNotContain("pw");
  }
}
