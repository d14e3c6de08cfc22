package io.dspinlock;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a session's server may evict lock keys, as the session found out before its first lock
 * ({@link RedisSession#evictionCheck()}): an evicted key lets a second holder in while the first
 * still holds the lock. A server may evict them when {@code maxmemory} is set and {@code
 * maxmemory-policy} is not {@code noeviction}; every lock key has a TTL, so {@code volatile-*}
 * policies evict them too.
 */
public final class EvictionCheck {

  /** What the check found. */
  public enum Finding {
    /** No {@code maxmemory}, or {@code noeviction}: lock keys are never evicted. */
    SAFE,
    /** The server may evict lock keys, and the session refuses to take locks on it. */
    REFUSED,
    /**
     * The server may evict lock keys, and the session takes locks all the same ({@link
     * RedisParametersBuilder#acceptEvictingServer}); held locks are checked as soon as the server
     * counts new evictions.
     */
    ACCEPTED,
    /** The server did not let the check run ({@code CONFIG GET} refused: ACL, managed service). */
    UNKNOWN
  }

  private final Finding finding;
  private final String policy;
  private final Long maxmemory;
  private final String message;

  EvictionCheck(Finding finding, String policy, Long maxmemory, String message) {
    this.finding = Objects.requireNonNull(finding, "finding");
    this.policy = policy;
    this.maxmemory = maxmemory;
    this.message = Objects.requireNonNull(message, "message");
  }

  /** {@return what the check found} */
  public Finding finding() {
    return finding;
  }

  /** {@return true if the server may evict lock keys, whether or not the session accepts it} */
  public boolean mayEvict() {
    return finding == Finding.REFUSED || finding == Finding.ACCEPTED;
  }

  /** {@return the server's {@code maxmemory-policy}, unless the server did not tell} */
  public Optional<String> maxmemoryPolicy() {
    return Optional.ofNullable(policy);
  }

  /** {@return the server's {@code maxmemory} in bytes (0: no limit), unless it did not tell} */
  public OptionalLong maxmemory() {
    return maxmemory == null ? OptionalLong.empty() : OptionalLong.of(maxmemory);
  }

  /** {@return the finding in a sentence, with the fix when the server may evict lock keys} */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return "EvictionCheck[" + finding + ": " + message + "]";
  }
}
