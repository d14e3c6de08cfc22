package io.dspinlock.internal.wire;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identifiers for lock tags, shaped as version-4 UUIDs: unique, and cheap to make.
 *
 * <p>A tag must never be shared by two lock objects, in this JVM or another, or both would take the
 * key for their own. {@link UUID#randomUUID()} gets there by drawing 122 bits from {@link
 * SecureRandom} on every call, which costs a lock and a system call per lock object. Here 60 bits
 * are drawn once per JVM and the other 62 count up from a random start: unique within the JVM by
 * construction, and across JVMs unless two of them draw the same 60 bits.
 */
public final class TagIds {
  private static final SecureRandom SEED = new SecureRandom();
  private static final long PREFIX = (SEED.nextLong() & ~0xF000L) | 0x4000L; // version 4
  private static final AtomicLong COUNTER = new AtomicLong(SEED.nextLong());

  private TagIds() {}

  /**
   * Returns a new identifier.
   *
   * @return a UUID with version 4 and the IETF variant, never returned before by this JVM
   */
  public static UUID next() {
    long low = (COUNTER.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(PREFIX, low);
  }

  /**
   * Returns a new session identifier for channel names, short since every fair release sends it: 64
   * bits drawn from {@link SecureRandom}.
   *
   * @return 16 hex digits
   */
  public static String session() {
    return String.format("%016x", SEED.nextLong());
  }
}
