package io.dspinlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate made for a test with the JDK's {@code keytool}:
 * nothing to install. The server certificate names {@code localhost} only.
 */
public final class TlsCertificates {
  private static final String PASS = "changeit";

  private final Path dir;

  private TlsCertificates(Path dir) {
    this.dir = dir;
  }

  /**
   * Makes a CA and a server certificate it signed.
   *
   * @return the files, in a new temporary directory
   */
  public static TlsCertificates generate() {
    try {
      TlsCertificates c = new TlsCertificates(Files.createTempDirectory("dspinlock-tls-"));
      c.keytool(
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=dspinlock test CA",
          "-ext",
          "bc:c",
          "-validity",
          "2",
          "-keystore",
          "ca.p12",
          "-storetype",
          "PKCS12",
          "-storepass",
          PASS);
      c.keytool(
          "-exportcert",
          "-alias",
          "ca",
          "-keystore",
          "ca.p12",
          "-storepass",
          PASS,
          "-rfc",
          "-file",
          "ca.pem");
      c.keytool(
          "-genkeypair",
          "-alias",
          "server",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=localhost",
          "-validity",
          "2",
          "-keystore",
          "server.p12",
          "-storetype",
          "PKCS12",
          "-storepass",
          PASS);
      c.keytool(
          "-certreq",
          "-alias",
          "server",
          "-keystore",
          "server.p12",
          "-storepass",
          PASS,
          "-file",
          "server.csr");
      c.keytool(
          "-gencert",
          "-alias",
          "ca",
          "-keystore",
          "ca.p12",
          "-storepass",
          PASS,
          "-infile",
          "server.csr",
          "-outfile",
          "server.pem",
          "-rfc",
          "-ext",
          "san=dns:localhost",
          "-validity",
          "2");
      c.writeServerKey();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void keytool(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Redis reads a PEM private key; keytool keeps it in the PKCS#12 store, so write it out. */
  private void writeServerKey() throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASS.toCharArray());
      Key key = ks.getKey("server", PASS.toCharArray());
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Files.writeString(dir.resolve("server.key"), pem);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** Returns the CA certificate, PEM. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** Returns the server certificate, PEM, signed by the CA, for {@code localhost}. */
  public Path serverPem() {
    return dir.resolve("server.pem");
  }

  /** Returns the server's private key, PEM (PKCS#8). */
  public Path serverKey() {
    return dir.resolve("server.key");
  }

  /** Returns the CA as a PKCS#12 trust store with password {@code changeit}. */
  public Path caTrustStore() {
    return dir.resolve("ca.p12");
  }
}
