package io.dspinlock.internal.wire;

/**
 * The keys and channel that travel with a lock key, all in its Redis Cluster hash slot.
 *
 * <p>The scripts name a fair key's queue and its companions from the key's slot, as these methods
 * do: {@code {…}:queue}, {@code {…}:grant:<session>}, and the queue's entries {@code {…}:waiters}.
 *
 * <p>A key without a hash tag is hashed whole, so wrapping the whole key in braces puts a companion
 * in the same slot: {@code dspinlock,<uid>} and {@code {dspinlock,<uid>}:fence} share one.
 */
public final class LockKeys {
  private LockKeys() {}

  /**
   * Returns the fencing counter's key.
   *
   * @param key the lock key
   * @return a key in the same hash slot
   */
  public static String fence(String key) {
    return companion(key, "fence");
  }

  /**
   * Returns the channel on which releases of {@code key} are announced: the key's own name, which
   * is in its hash slot by construction and costs the release script no argument of its own.
   *
   * @param key the lock key
   * @return the channel
   */
  public static String channel(String key) {
    return key;
  }

  /**
   * Returns the waiting queue of a fair lock key: a sorted set of the waiters' BLOCKED values, by
   * arrival.
   *
   * @param key the lock key
   * @return a key in the same hash slot
   */
  public static String queue(String key) {
    return companion(key, "queue");
  }

  /**
   * Returns the channel on which one session is told of grants of a key to its waiters: in the
   * key's hash slot, and one per session, so that a handoff is one message to one session.
   *
   * @param key the lock key
   * @param sessionId the session's unique id
   * @return the channel
   */
  public static String grants(String key, String sessionId) {
    return companion(key, "grant:" + sessionId);
  }

  /**
   * Returns the inbox of one fair waiter of a key: a list to which a grant to that waiter is
   * pushed, and on which the waiter's own thread waits (BLPOP), in the key's hash slot.
   *
   * @param key the lock key
   * @param value the waiter's BLOCKED value, its place in the key's queue
   * @return a key in the same hash slot
   */
  public static String inbox(String key, String value) {
    return companion(key, "inbox:" + value);
  }

  /**
   * Returns the key where {@code computeOnce} keeps the result of a lock key.
   *
   * @param key the lock key
   * @return a key in the same hash slot
   */
  public static String result(String key) {
    return companion(key, "result");
  }

  private static String companion(String key, String suffix) {
    return "{" + slotPart(key) + "}:" + suffix;
  }

  /**
   * Returns the part of a key that Redis Cluster hashes, and checks that it can be wrapped.
   *
   * @param key a lock key
   * @return the hash tag's content, or the whole key when it has none
   * @throws IllegalArgumentException if the key is empty, or its hashed part contains a brace
   */
  public static String slotPart(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a lock key must not be empty");
    }
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        return key.substring(open + 1, close);
      }
    }
    if (key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "lock key " + key + " has unbalanced braces, so its companions cannot share its slot");
    }
    return key;
  }
}
