package io.dspinlock.internal.connection;

import io.dspinlock.TlsOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/** Turns {@link TlsOptions} into Jedis' {@link SslOptions}. */
final class TlsSupport {
  private static final char[] IN_MEMORY_PASSWORD = "dspinlock".toCharArray();

  private TlsSupport() {}

  static SslOptions sslOptions(TlsOptions tls) {
    SslVerifyMode mode = tls.verifyHostname() ? SslVerifyMode.FULL : SslVerifyMode.CA;
    if (tls.trustStore() != null) {
      char[] password =
          tls.trustStorePassword() == null ? null : tls.trustStorePassword().toCharArray();
      String name = tls.trustStore().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      return SslOptions.builder()
          .truststore(tls.trustStore().toFile(), password)
          .trustStoreType(name.endsWith(".jks") ? "JKS" : "PKCS12")
          .sslVerifyMode(mode)
          .build();
    }
    if (tls.caFile() != null) {
      byte[] store = trustStoreOf(tls);
      return SslOptions.builder()
          .truststore(() -> new ByteArrayInputStream(store), IN_MEMORY_PASSWORD)
          .trustStoreType("PKCS12")
          .sslVerifyMode(mode)
          .build();
    }
    return tls.verifyHostname()
        ? SslOptions.defaults()
        : SslOptions.builder().sslVerifyMode(SslVerifyMode.CA).build();
  }

  /** A PKCS#12 trust store, in memory, of the certificates of a PEM file. */
  private static byte[] trustStoreOf(TlsOptions tls) {
    try (InputStream in = Files.newInputStream(tls.caFile())) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException("no certificate in caFile " + tls.caFile());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, IN_MEMORY_PASSWORD);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read caFile " + tls.caFile(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "caFile " + tls.caFile() + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
