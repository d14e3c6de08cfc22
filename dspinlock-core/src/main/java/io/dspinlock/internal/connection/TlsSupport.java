package io.dspinlock.internal.connection;

import io.dspinlock.TlsOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Turns {@link TlsOptions} into the TLS settings of a Jedis client config.
 *
 * <p>Why not Jedis' {@code sslOptions}: with them Jedis leaves the handshake to the first write,
 * the HELLO. Against a server that never answers a ClientHello (a plain-TCP port), that write waits
 * out the read timeout, and the connection's cleanup, flushing the same HELLO, starts the handshake
 * again and waits as long once more. Here the handshake runs when the socket is made, under the
 * command timeout, and a failed one closes the socket: one wait, and an error that says so.
 */
final class TlsSupport {
  private static final char[] IN_MEMORY_PASSWORD = "dspinlock".toCharArray();

  private TlsSupport() {}

  /**
   * Sets up TLS on a client config: Jedis' legacy {@code ssl} settings (in every Jedis from 6.0 to
   * 8; deprecated since 7.4.2 for {@code sslOptions}, which cannot say when to shake hands) with a
   * socket factory that shakes hands at once.
   *
   * @param b the config being built
   * @param tls what to trust, and whether to check the host name
   * @param handshakeTimeoutMillis the longest wait for each read of the handshake, positive
   */
  @SuppressWarnings("deprecation")
  static void configure(
      DefaultJedisClientConfig.Builder b, TlsOptions tls, int handshakeTimeoutMillis) {
    // Jedis sets these on the socket again after the factory returns it: the same, so no change.
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : "");
    b.ssl(true)
        .sslSocketFactory(
            new HandshakingFactory(sslOptions(tls), parameters, handshakeTimeoutMillis))
        .sslParameters(parameters);
  }

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
    // Without a trust store: the JVM's default CAs (SslOptions.defaults() is younger than Jedis 6).
    return SslOptions.builder().sslVerifyMode(mode).build();
  }

  /**
   * Layers TLS over the plain socket that Jedis connected, and completes the handshake before
   * returning it.
   */
  private static final class HandshakingFactory extends SSLSocketFactory {
    private final SslOptions options;
    private final SSLParameters parameters;
    private final int timeoutMillis;

    HandshakingFactory(SslOptions options, SSLParameters parameters, int timeoutMillis) {
      this.options = options;
      this.parameters = parameters;
      this.timeoutMillis = timeoutMillis;
    }

    /**
     * The one method Jedis calls. Failures are thrown as {@link JedisConnectionException}, which
     * Jedis passes on as it is (any other exception it wraps in "Failed to create socket."), so
     * that the message names the handshake and, for a timeout, keeps the {@link
     * SocketTimeoutException} as its cause.
     */
    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose)
        throws IOException {
      SSLSocket tls;
      try {
        // A context per connection, as Jedis makes one: a replaced trust store file is read again.
        tls =
            (SSLSocket)
                options
                    .createSslContext()
                    .getSocketFactory()
                    .createSocket(plain, host, port, autoClose);
      } catch (GeneralSecurityException e) {
        throw new JedisConnectionException("cannot set up TLS: " + e, e);
      }
      try {
        tls.setSSLParameters(parameters);
        int readTimeout = plain.getSoTimeout();
        plain.setSoTimeout(timeoutMillis);
        tls.startHandshake();
        plain.setSoTimeout(readTimeout);
        return tls;
      } catch (SocketTimeoutException e) {
        closeQuietly(plain, tls);
        throw new JedisConnectionException(
            "no TLS handshake with "
                + host
                + ":"
                + port
                + ": read timed out after "
                + timeoutMillis
                + " ms",
            e);
      } catch (IOException | RuntimeException e) {
        closeQuietly(plain, tls);
        // A server that answers a ClientHello in plain text (a plain-TCP port that replies) fails
        // at once, with the JDK's words for it.
        boolean plainText =
            e instanceof SSLException
                && String.valueOf(e.getMessage())
                    .contains("Unsupported or unrecognized SSL message");
        throw new JedisConnectionException(
            "TLS handshake with "
                + host
                + ":"
                + port
                + " failed: "
                + e
                + (plainText ? "; the server answered in plain text: is it a plain-TCP port?" : ""),
            e);
      }
    }

    /**
     * Closes both: Jedis, given an exception, closes only its plain socket. The plain one first, so
     * that the TLS one, whose handshake the JDK leaves resumable after a timeout, sends nothing
     * more.
     */
    private static void closeQuietly(Socket plain, SSLSocket tls) {
      for (Socket s : new Socket[] {plain, tls}) {
        try {
          s.close();
        } catch (IOException ignored) {
          // the connection failed already; nothing more to do
        }
      }
    }

    // Jedis calls none of the following; they keep the factory whole.

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return createSocket(new Socket(host, port), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return createSocket(new Socket(host, port, local, localPort), host, port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return createSocket(new Socket(host, port), host.getHostName(), port, true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return createSocket(new Socket(host, port, local, localPort), host.getHostName(), port, true);
    }

    /** The suites of a TLS context do not depend on what it trusts: the JVM default's. */
    @Override
    public String[] getDefaultCipherSuites() {
      return ((SSLSocketFactory) SSLSocketFactory.getDefault()).getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return ((SSLSocketFactory) SSLSocketFactory.getDefault()).getSupportedCipherSuites();
    }
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
