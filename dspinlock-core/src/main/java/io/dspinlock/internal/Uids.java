package io.dspinlock.internal;

import io.dspinlock.ProvidedObjectIsNotHashableException;
import io.dspinlock.StableKey;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uid part of a lock key, computed as the Python original computes it so that Java and Python
 * services lock the same key for the same value.
 *
 * <p>Python randomises {@code hash()} of {@code str}, {@code bytes} and {@code datetime} per
 * process, so those are hashed with SHA-256; integers keep Python's own stable {@code hash()}.
 */
public final class Uids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> instance("SHA-256"));

  private Uids() {}

  /**
   * Returns the uid of a value.
   *
   * @param obj the value the lock is keyed by
   * @return lowercase hex SHA-256, or a decimal integer for integers and booleans
   * @throws NullPointerException if {@code obj} is null
   * @throws ProvidedObjectIsNotHashableException if the value has no stable encoding
   */
  public static String of(Object obj) {
    Objects.requireNonNull(obj, "the value to lock on must not be null");
    if (obj instanceof String) {
      return ofString((String) obj);
    }
    if (obj instanceof byte[]) {
      return sha256Hex((byte[]) obj);
    }
    if (obj instanceof Boolean) {
      return (Boolean) obj ? "1" : "0";
    }
    if (obj instanceof Long
        || obj instanceof Integer
        || obj instanceof Short
        || obj instanceof Byte) {
      return Long.toString(PyHash.of(((Number) obj).longValue()));
    }
    if (obj instanceof BigInteger) {
      return Long.toString(PyHash.of((BigInteger) obj));
    }
    if (obj instanceof Character) {
      return sha256Hex(obj.toString());
    }
    if (obj instanceof UUID) {
      return Long.toString(PyHash.of(unsigned((UUID) obj)));
    }
    if (obj instanceof StableKey) {
      String text = ((StableKey) obj).stableKey();
      if (text == null) {
        throw new ProvidedObjectIsNotHashableException(obj.getClass(), "stableKey() returned null");
      }
      return sha256Hex(text);
    }
    String dateTime = dateTimeText(obj);
    if (dateTime != null) {
      return sha256Hex(dateTime);
    }
    throw new ProvidedObjectIsNotHashableException(obj.getClass(), advice(obj));
  }

  private static final int MAX_CACHED = 4096;
  private static final ConcurrentHashMap<String, String> STRING_UIDS = new ConcurrentHashMap<>();

  /** The uid of a string, remembered for hot keys: a lock object is made per use. */
  private static String ofString(String s) {
    String uid = STRING_UIDS.get(s);
    if (uid == null) {
      uid = sha256Hex(s);
      if (STRING_UIDS.size() >= MAX_CACHED) {
        STRING_UIDS.clear(); // a crude bound: hot keys come back at once
      }
      STRING_UIDS.put(s, uid);
    }
    return uid;
  }

  private static String dateTimeText(Object obj) {
    try {
      if (obj instanceof LocalDateTime) {
        return PyIso.format((LocalDateTime) obj);
      }
      if (obj instanceof OffsetDateTime) {
        return PyIso.format((OffsetDateTime) obj);
      }
      if (obj instanceof ZonedDateTime) {
        return PyIso.format(((ZonedDateTime) obj).toOffsetDateTime());
      }
      if (obj instanceof Instant) {
        return PyIso.format((Instant) obj);
      }
    } catch (IllegalArgumentException outOfRange) {
      throw new ProvidedObjectIsNotHashableException(obj.getClass(), outOfRange.getMessage());
    }
    return null;
  }

  private static String advice(Object obj) {
    if (obj instanceof Float || obj instanceof Double) {
      return "floating-point keys are ambiguous; lock on a String or an integer instead";
    }
    if (obj instanceof Enum) {
      return "an enum's encoding is not shared with Python; lock on name() or implement StableKey";
    }
    return "only String, byte[], integers, Boolean, Character, UUID, date-times and StableKey have"
        + " an encoding that is the same in every JVM; implement io.dspinlock.StableKey on it";
  }

  private static BigInteger unsigned(UUID uuid) {
    byte[] bytes =
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
    return new BigInteger(1, bytes);
  }

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

  static byte[] digest(String algorithm, byte[] bytes) {
    return instance(algorithm).digest(bytes);
  }

  private static MessageDigest instance(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every Java platform", e);
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
