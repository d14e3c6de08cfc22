package io.dspinlock.internal.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Lowercase hex digests: SHA-256 of lock values, SHA-1 of scripts (the names EVALSHA uses). */
public final class Digests {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> instance("SHA-256"));

  private Digests() {}

  /**
   * Returns the lowercase hex SHA-256 of a string's UTF-8 bytes.
   *
   * @param text any string
   * @return 64 hex digits
   */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the lowercase hex SHA-256 of some bytes.
   *
   * @param bytes any bytes
   * @return 64 hex digits
   */
  public static String sha256Hex(byte[] bytes) {
    MessageDigest sha256 = SHA256.get();
    sha256.reset();
    return hex(sha256.digest(bytes));
  }

  /**
   * Returns the lowercase hex SHA-1 of some bytes.
   *
   * @param bytes any bytes
   * @return 40 hex digits
   */
  public static String sha1Hex(byte[] bytes) {
    return hex(instance("SHA-1").digest(bytes));
  }

  private static MessageDigest instance(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every Java platform", e);
    }
  }

  private static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
