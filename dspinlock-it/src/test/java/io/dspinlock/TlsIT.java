package io.dspinlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dspinlock.test.RedisServer;
import io.dspinlock.testing.TestTimeouts;
import io.dspinlock.testing.TlsCertificates;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Locks over TLS, against a redis-server with a certificate the test made. */
class TlsIT {
  private static TlsCertificates certs;
  private static RedisServer server;
  private static int tlsPort;

  @BeforeAll
  static void startTlsServer() throws IOException {
    certs = TlsCertificates.generate();
    tlsPort = RedisServer.freePort();
    server =
        RedisServer.start(
            "--port", "0",
            "--tls-port", Integer.toString(tlsPort),
            "--tls-cert-file", certs.serverPem().toString(),
            "--tls-key-file", certs.serverKey().toString(),
            "--tls-ca-cert-file", certs.caPem().toString(),
            "--tls-auth-clients", "no");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private String uri(String host, String query) {
    return "rediss://" + host + ":" + tlsPort + "/0?" + query;
  }

  @Test
  void lock_overTlsTrustingTheCaFile_works() {
    try (RedisSession s = RedisConnections.create(uri("localhost", "caFile=" + certs.caPem()));
        HashDSpinlock lock = new HashDSpinlock("tls", s).acquire()) {
      assertThat(lock.isHeld()).isTrue();
      assertThat(s.inspect(lock.getKey()).status()).isEqualTo(LockInfo.Status.BLOCKED);
    }
  }

  @Test
  void lock_overTlsWithATrustStore_works() {
    RedisParameters p =
        RedisParameters.builder()
            .redisHost("localhost")
            .port(tlsPort)
            .tls(TlsOptions.trustStore(certs.caTrustStore(), "changeit"))
            .build();
    try (RedisSession s = RedisConnections.create(p)) {
      new HashDSpinlock("tls-store", s).acquire().close();
    }
  }

  @Test
  void lock_withTheWrongCa_failsClearlyAndFast() {
    TlsCertificates other = TlsCertificates.generate();
    try (RedisSession s = RedisConnections.create(uri("localhost", "caFile=" + other.caPem()))) {
      HashDSpinlock lock = new HashDSpinlock("tls-wrong-ca", s);
      assertTimeoutPreemptively(
          TestTimeouts.seconds(10),
          () ->
              assertThatThrownBy(lock::acquire)
                  .isInstanceOf(RedisUnavailableException.class)
                  .hasMessageContaining("localhost:" + tlsPort)
                  .hasStackTraceContaining("SSLHandshakeException"));
    }
  }

  @Test
  void hostnameVerification_certificateWithoutThatHost_isRefusedUnlessSwitchedOff() {
    // The certificate names localhost, not 127.0.0.1.
    try (RedisSession s = RedisConnections.create(uri("127.0.0.1", "caFile=" + certs.caPem()))) {
      assertThatThrownBy(() -> new HashDSpinlock("tls-host", s).acquire())
          .isInstanceOf(RedisUnavailableException.class);
    }
    try (RedisSession s =
        RedisConnections.create(
            uri("127.0.0.1", "caFile=" + certs.caPem() + "&verifyHostname=false"))) {
      new HashDSpinlock("tls-host", s).acquire().close();
    }
  }
}
