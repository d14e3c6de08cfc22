package io.dspinlock.internal.wire;

import io.dspinlock.ProvidedObjectIsNotHashableException;
import io.dspinlock.StableKey;
import io.dspinlock.internal.util.Digests;
import java.math.BigInteger;
import java.nio.ByteBuffer;
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
      return Digests.sha256Hex((byte[]) obj);
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
      return Digests.sha256Hex(obj.toString());
    }
    if (obj instanceof UUID) {
      return Long.toString(PyHash.of(unsigned((UUID) obj)));
    }
    if (obj instanceof StableKey) {
      String text = ((StableKey) obj).stableKey();
      if (text == null) {
        throw new ProvidedObjectIsNotHashableException(obj.getClass(), "stableKey() returned null");
      }
      return Digests.sha256Hex(text);
    }
    String dateTime = dateTimeText(obj);
    if (dateTime != null) {
      return Digests.sha256Hex(dateTime);
    }
    throw new ProvidedObjectIsNotHashableException(obj.getClass(), advice(obj));
  }

  private static final int MAX_CACHED = 4096;
  private static final ConcurrentHashMap<String, String> STRING_UIDS = new ConcurrentHashMap<>();

  /** The uid of a string, remembered for hot keys: a lock object is made per use. */
  private static String ofString(String s) {
    String uid = STRING_UIDS.get(s);
    if (uid == null) {
      uid = Digests.sha256Hex(s);
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
}
