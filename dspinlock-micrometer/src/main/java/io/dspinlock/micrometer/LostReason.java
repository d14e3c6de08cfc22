package io.dspinlock.micrometer;

import java.util.Locale;

/**
 * Why a held lock was lost, in a few words fit for a metric tag. The core tells the reason as free
 * text that carries a key, a holder or an error message (see {@code Lease}); a tag needs a small
 * fixed set of values, so the text is sorted into these.
 */
enum LostReason {
  /** The key is gone while held: it expired, was deleted, or evicted by the server. */
  EXPIRED,
  /** Another holder took the key. */
  TAKEN,
  /** Redis did not answer the renewals until the lease ran out. */
  UNREACHABLE,
  /** The lock was held for {@code maxBlockTime()}, and its last lease ran out. */
  MAX_BLOCK_TIME,
  /** Fewer replicas than asked confirmed a renewal. */
  REPLICAS,
  /** The session was closed while the lock was held. */
  SESSION_CLOSED,
  /** A reason none of the others fits, such as an unexpected renewal reply. */
  OTHER;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** {@return the tag value: the name in lower case} */
  String tag() {
    return tag;
  }

  /**
   * Sorts a reason told by the core. The order matters: a "maxBlockTime" reason also says that "the
   * lease ran out", and an unreachable one may quote any error message.
   *
   * @param reason the text of {@code LockObserver.lost}, possibly null
   * @return its kind; {@link #OTHER} when none fits
   */
  static LostReason of(String reason) {
    if (reason == null) {
      return OTHER;
    }
    String r = reason.toLowerCase(Locale.ROOT);
    if (r.contains("maxblocktime")) {
      return MAX_BLOCK_TIME;
    }
    if (r.contains("unreachable")) {
      return UNREACHABLE;
    }
    if (r.contains("replicas")) {
      return REPLICAS;
    }
    if (r.contains("another holder") || r.contains("taken")) {
      return TAKEN;
    }
    if (r.contains("session was closed")) {
      return SESSION_CLOSED;
    }
    if (r.contains("gone")
        || r.contains("expired")
        || r.contains("deleted")
        || r.contains("evicted")) {
      return EXPIRED;
    }
    return OTHER;
  }
}
