package io.dspinlock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a lock key holds right now, read without changing it: for tools and operators ({@link
 * RedisSession#inspect(String)}).
 */
public final class LockInfo {

  /** The state of a key as read. */
  public enum Status {
    /** No such key: the lock is free. */
    FREE,
    /** Somebody holds the lock. */
    BLOCKED,
    /** The last holder finished. */
    COMPUTED,
    /** A string that is not in the wire format. */
    INVALID,
    /** A value of another Redis type (a list, a hash…). */
    OTHER_TYPE
  }

  private final String key;
  private final Status status;
  private final String rawValue;
  private final UnpackedValue value;
  private final Duration ttl;
  private final Long fencingToken;

  /** The result of an inspection; made by {@link RedisSession#inspect(String)} only. */
  LockInfo(
      String key,
      Status status,
      String rawValue,
      UnpackedValue value,
      Duration ttl,
      Long fencingToken) {
    this.key = Objects.requireNonNull(key, "key");
    this.status = Objects.requireNonNull(status, "status");
    this.rawValue = rawValue;
    this.value = value;
    this.ttl = ttl;
    this.fencingToken = fencingToken;
  }

  /** {@return the Redis key} */
  public String key() {
    return key;
  }

  /** {@return what the key holds} */
  public Status status() {
    return status;
  }

  /** {@return the string at the key, verbatim; empty when free or of another type} */
  public Optional<String> rawValue() {
    return Optional.ofNullable(rawValue);
  }

  /** {@return the value read: holder's uuid, timestamp and state; empty unless BLOCKED/COMPUTED} */
  public Optional<UnpackedValue> value() {
    return Optional.ofNullable(value);
  }

  /** {@return the key's remaining time to live; empty when it has none (or is free)} */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /** {@return the last fencing token handed out for this key; empty when none is kept} */
  public OptionalLong fencingToken() {
    return fencingToken == null ? OptionalLong.empty() : OptionalLong.of(fencingToken);
  }

  /**
   * Returns how long ago the writer of the value was created, on this machine's clock.
   *
   * @param now the current time
   * @return the age, or empty when there is no readable timestamp
   */
  public Optional<Duration> age(Instant now) {
    return value().flatMap(UnpackedValue::createdAt).map(t -> Duration.between(t, now));
  }

  @Override
  public String toString() {
    return "LockInfo["
        + key
        + ", "
        + status
        + (value == null ? "" : ", " + value.tag())
        + (ttl == null ? "" : ", ttl=" + ttl)
        + "]";
  }
}
