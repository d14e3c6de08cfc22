package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.Figures;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rediss:// to a plain-TCP port: a clear error that names the likely mistake, and no hang. */
class TlsToPlainPortIT {
  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  @Test
  void acquire_tlsToAPlainPort_failsSayingTheHandshakeDidNotComplete() {
    Duration timeout = Duration.ofMillis(500);
    String uri =
        "rediss://127.0.0.1:"
            + redis.server().port()
            + "?verifyHostname=false&timeout=500ms&connectTimeout=500ms";
    long start = System.nanoTime();
    try (RedisSession session = RedisConnections.create(uri)) {
      assertThatThrownBy(() -> new HashDSpinlock("tls-to-plain", session).acquire())
          .isInstanceOf(RedisUnavailableException.class)
          .hasMessageContaining("TLS handshake")
          .hasMessageContaining("plain-TCP port");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Figures.report(
        "rediss:// to a plain port fails after (500 ms timeouts)", took.toMillis() + " ms");
    // One connection attempt that Jedis makes twice, each a connect and a handshake: no hang.
    assertThat(took).isLessThan(timeout.plus(timeout).multipliedBy(3));
  }
}
