package io.dspinlock;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A lock key's value, read back: {@code <uuid>,<timestamp>,<state>}.
 *
 * <p>The tag ({@code <uuid>,<timestamp>}) names the lock object that wrote the value; the timestamp
 * is that object's creation time as Python's {@code isoformat()} writes it.
 *
 * @param uuid the first field, the writer's random identifier
 * @param timestamp the second field, verbatim
 * @param state the third field
 */
public record UnpackedValue(String uuid, String timestamp, LockState state) {

  /**
   * Creates a value from its three fields.
   *
   * @param uuid the holder's identifier, the tag's first field
   * @param timestamp the holder's creation time as written, the tag's second field
   * @param state BLOCKED or COMPUTED
   * @throws NullPointerException if any field is null
   * @throws IllegalArgumentException if a field is empty or contains a comma
   */
  public UnpackedValue {
    requireField(uuid, "uuid");
    requireField(timestamp, "timestamp");
    Objects.requireNonNull(state, "state");
  }

  private static void requireField(String field, String name) {
    Objects.requireNonNull(field, name);
    if (field.isEmpty() || field.indexOf(',') >= 0) {
      throw new IllegalArgumentException(name + " must be non-empty and without commas: " + field);
    }
  }

  /**
   * Returns the tag of the lock object that wrote this value.
   *
   * @return {@code <uuid>,<timestamp>}
   */
  public String tag() {
    return uuid + "," + timestamp;
  }

  /**
   * Returns the value as it is stored in Redis.
   *
   * @return {@code <uuid>,<timestamp>,<state>}
   */
  public String pack() {
    return tag() + "," + state.wire();
  }

  /**
   * Returns the writer's creation time, when the timestamp is in ISO-8601 form; a timestamp without
   * an offset (Python's naive {@code datetime}) is read as UTC.
   *
   * @return the instant, or empty when the timestamp cannot be read
   */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(io.dspinlock.internal.wire.PyIso.parseLenient(timestamp));
  }

  /**
   * Reads a raw value in the wire format.
   *
   * @param raw the value stored at a lock key
   * @return its fields
   * @throws InvalidValueEncounteredDuringUnpackingException if {@code raw} does not have exactly
   *     three non-empty comma-separated fields ending in {@code 0} or {@code 1}
   */
  public static UnpackedValue parse(String raw) {
    if (raw != null) {
      String[] fields = raw.split(",", -1);
      if (fields.length == 3 && !fields[0].isEmpty() && !fields[1].isEmpty()) {
        LockState state = LockState.fromWire(fields[2]);
        if (state != null) {
          return new UnpackedValue(fields[0], fields[1], state);
        }
      }
    }
    throw new InvalidValueEncounteredDuringUnpackingException(null, raw);
  }
}
