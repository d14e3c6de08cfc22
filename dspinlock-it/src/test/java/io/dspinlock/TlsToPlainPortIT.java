package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dspinlock.test.DSpinlockRedis;
import io.dspinlock.testing.Figures;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * rediss:// to a plain-TCP port: a clear error that names the likely mistake, after one connect
 * timeout and one command timeout at most, however many times Jedis would try.
 */
class TlsToPlainPortIT {
  /** Scheduling, class loading and the first command's setup; not another wait. */
  private static final Duration SLACK = Duration.ofMillis(500);

  @RegisterExtension
  static final DSpinlockRedis redis = new DSpinlockRedis().perJvm().flushingAll();

  /**
   * Writes one ClientHello, without a network, so that the JVM's first TLS setup (some hundred ms:
   * providers, key generation) is not counted as a wait.
   */
  @BeforeAll
  static void warmUpTls() throws GeneralSecurityException, SSLException {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", redis.server().port());
    engine.setUseClientMode(true);
    engine.wrap(
        ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
  }

  /**
   * Creates a session and acquires once, both against a plain redis-server, which reads a TLS
   * ClientHello as the start of an inline command and never answers it: the handshake can only time
   * out.
   */
  @ParameterizedTest(name = "connectTimeout={0} ms, timeout={1} ms")
  @CsvSource({"500, 500", "1000, 300", "2000, 2000"})
  void createAndAcquire_tlsToAPlainPort_failsOnceSayingTheHandshakeDidNotComplete(
      long connectMillis, long commandMillis) {
    Duration bound =
        Duration.ofMillis(connectMillis).plus(Duration.ofMillis(commandMillis)).plus(SLACK);
    String uri =
        "rediss://127.0.0.1:"
            + redis.server().port()
            + "?verifyHostname=false&timeout="
            + commandMillis
            + "ms&connectTimeout="
            + connectMillis
            + "ms";
    long start = System.nanoTime();
    long created;
    try (RedisSession session = RedisConnections.create(uri)) {
      created = System.nanoTime();
      assertThatThrownBy(() -> new HashDSpinlock("tls-to-plain", session).acquire())
          .isInstanceOf(RedisUnavailableException.class)
          .hasMessageContaining("TLS handshake")
          .hasMessageContaining("plain-TCP port");
    }
    long end = System.nanoTime();
    Duration took = Duration.ofNanos(end - start);
    Figures.report(
        "rediss:// to a plain port fails after (connect "
            + connectMillis
            + " ms, command "
            + commandMillis
            + " ms timeouts)",
        took.toMillis()
            + " ms (create "
            + (created - start) / 1_000_000
            + " ms, acquire "
            + (end - created) / 1_000_000
            + " ms)");
    // One TCP connect (at once on loopback) and one handshake that waits out the command timeout.
    assertThat(took).isLessThanOrEqualTo(bound);
  }
}
