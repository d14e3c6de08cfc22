package io.dspinlock;

import java.nio.file.Path;

/**
 * How to trust a Redis server over TLS ({@code rediss://}): the JVM's default trust store when
 * nothing is given, else a trust store file or a PEM file of CA certificates; the server's host
 * name is checked against its certificate unless {@code verifyHostname} is false.
 *
 * @param trustStore a PKCS#12 or JKS trust store, or null
 * @param trustStorePassword its password, or null; never logged
 * @param caFile a PEM file of one or more CA certificates, or null
 * @param verifyHostname whether the certificate must name the host connected to
 */
public record TlsOptions(
    Path trustStore, String trustStorePassword, Path caFile, boolean verifyHostname) {

  /** The JVM's default trust store, host names verified. */
  public static final TlsOptions DEFAULTS = new TlsOptions(null, null, null, true);

  /**
   * Checks the options.
   *
   * @param trustStore a trust store file (PKCS#12, or JKS by its {@code .jks} name), or null
   * @param trustStorePassword its password, or null
   * @param caFile a PEM file of the CA certificates to trust, or null
   * @param verifyHostname whether the server's certificate must name the host connected to
   * @throws IllegalArgumentException if both a trust store and a CA file are given
   */
  public TlsOptions {
    if (trustStore != null && caFile != null) {
      throw new IllegalArgumentException("give TLS either a trustStore or a caFile, not both");
    }
  }

  /**
   * Trusts the CA certificates of a PEM file.
   *
   * @param caFile the PEM file
   * @return options that trust it, host names verified
   */
  public static TlsOptions caFile(Path caFile) {
    return new TlsOptions(null, null, caFile, true);
  }

  /**
   * Trusts the certificates of a trust store.
   *
   * @param trustStore a PKCS#12 or JKS file
   * @param password its password, or null
   * @return options that trust it, host names verified
   */
  public static TlsOptions trustStore(Path trustStore, String password) {
    return new TlsOptions(trustStore, password, null, true);
  }

  /**
   * Returns these options with host name verification switched on or off.
   *
   * @param verify false to accept a certificate that does not name the host (not recommended)
   * @return new options
   */
  public TlsOptions withVerifyHostname(boolean verify) {
    return new TlsOptions(trustStore, trustStorePassword, caFile, verify);
  }

  @Override
  public String toString() {
    return "TlsOptions["
        + (trustStore != null
            ? "trustStore=" + trustStore
            : caFile != null ? "caFile=" + caFile : "default trust")
        + (trustStorePassword == null ? "" : ", trustStorePassword=***")
        + ", verifyHostname="
        + verifyHostname
        + "]";
  }
}
