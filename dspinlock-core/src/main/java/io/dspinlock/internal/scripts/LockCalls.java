package io.dspinlock.internal.scripts;

import io.dspinlock.internal.wire.LockKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The script calls of one lock object: its keys, its BLOCKED value and its tunables encoded once,
 * when the lock object is first used. Immutable.
 *
 * <p>A lock object is made per use, so what many of them share is shared here: the encoded keys of
 * a lock key, and the encoded tunables while they stay the same (they usually never change).
 */
public final class LockCalls {
  private final byte[] blockedValue;
  private final byte[] lease;
  private final byte[] maxBlock;
  private final List<byte[]> keyOnly;
  private final List<byte[]> withFence;
  private final byte[] tag;
  private final byte[] releasing; // the fair part of release and handoff arguments, or null
  private final Script.Call acquire;
  private final Script.Call acquireByInbox; // a fair attempt of a waiter that reads its inbox
  private final Script.Call release;

  private LockCalls(String key, String tag, Numbers n, Fairness fair) {
    KeyBytes k = KeyBytes.of(key);
    byte[] tagBytes = utf8(tag);
    this.blockedValue = Arrays.copyOf(tagBytes, tagBytes.length + 2);
    blockedValue[tagBytes.length] = ',';
    blockedValue[tagBytes.length + 1] = '0';
    this.lease = n.lease;
    this.maxBlock = n.maxBlock;
    this.keyOnly = k.keyOnly;
    this.withFence = k.withFence;
    this.tag = tagBytes;
    if (fair == null) {
      this.releasing = null;
      this.acquire =
          Script.ACQUIRE.call(withFence, List.of(blockedValue, lease, maxBlock, n.flags));
      this.acquireByInbox = acquire;
      this.release = Script.RELEASE.call(keyOnly, List.of(n.computed, blockedValue));
    } else {
      // As few arguments as the scripts can take: each costs the server strings to parse and
      // intern. A lock object is made per use: their encoded arguments are shared.
      FairBytes b = FairBytes.of(fair, n.maxBlockMillis);
      this.releasing = b.releasing;
      this.acquire =
          Script.ACQUIRE.call(withFence, List.of(blockedValue, lease, maxBlock, b.entry));
      this.acquireByInbox =
          Script.ACQUIRE.call(withFence, List.of(blockedValue, lease, maxBlock, b.inboxEntry));
      this.release = Script.RELEASE.call(keyOnly, List.of(n.computed, blockedValue, releasing));
    }
  }

  /**
   * How a fair lock queues on the server; the same for all keys of a session.
   *
   * @param sessionId its session's id, which names its grant channel ({@link LockKeys#grants})
   * @param checkReceivers whether a grant that no subscriber receives is taken back at once: not on
   *     a cluster with classic pub/sub, where PUBLISH counts the receivers of one node only
   * @param entryMillis how long a queue entry outlives its waiter's latest attempt
   * @param grantMillis how long a grant waits to be taken up
   */
  public record Fairness(
      String sessionId, boolean checkReceivers, long entryMillis, long grantMillis) {}

  /** The encoded fair arguments of one fairness and max block time, shared while they last. */
  private record FairBytes(
      Fairness fair, long maxBlockMillis, byte[] entry, byte[] inboxEntry, byte[] releasing) {
    private static volatile FairBytes last;

    static FairBytes of(Fairness fair, long maxBlockMillis) {
      FairBytes b = last;
      if (b == null || b.fair != fair || b.maxBlockMillis != maxBlockMillis) {
        String flag = fair.checkReceivers() ? "q" : "Q";
        b =
            new FairBytes(
                fair,
                maxBlockMillis,
                utf8(flag + fair.entryMillis() + " " + fair.grantMillis() + " " + fair.sessionId()),
                utf8(
                    flag + fair.entryMillis() + " L" + fair.grantMillis() + " " + fair.sessionId()),
                utf8(flag + " " + maxBlockMillis + " " + fair.sessionId()));
        last = b;
      }
      return b;
    }
  }

  /**
   * Encodes the calls of a lock object.
   *
   * @param key the lock key
   * @param tag the lock object's tag, {@code <uuid>,<timestamp>}
   * @param leaseMillis the lease of a held key
   * @param maxBlockMillis the longest hold
   * @param computedMillis how long a released key stays COMPUTED
   * @param failIfKeyExists whether an attempt fails at once on an existing key
   * @param cachedIfComputed whether an attempt returns without holding on a COMPUTED key
   * @param fair how the lock queues on the server, or null for an unfair lock
   * @return the calls
   */
  public static LockCalls of(
      String key,
      String tag,
      long leaseMillis,
      long maxBlockMillis,
      long computedMillis,
      boolean failIfKeyExists,
      boolean cachedIfComputed,
      Fairness fair) {
    return new LockCalls(
        key,
        tag,
        Numbers.of(leaseMillis, maxBlockMillis, computedMillis, failIfKeyExists, cachedIfComputed),
        fair);
  }

  /** {@return the lock's BLOCKED value, {@code <tag>,0}: its place in a fair queue} */
  public String value() {
    return new String(blockedValue, StandardCharsets.UTF_8); // read when a caller waits only
  }

  /**
   * Returns the call by which a fair waiter leaves the key's queue.
   *
   * @return the LEAVE call
   */
  public Script.Call leave() {
    return Script.LEAVE.call(withFence, List.of(blockedValue, lease));
  }

  /**
   * Returns the read-only INSPECT call of a lock key: its type, value, TTL and fencing counter.
   *
   * @param key the lock key
   * @return the call
   */
  public static Script.Call inspect(String key) {
    return Script.INSPECT.call(KeyBytes.of(key).withFence, List.of());
  }

  /**
   * Returns a DELETE of a lock key's state in the name of no lock object: it deletes a COMPUTED
   * state and refuses a BLOCKED one, whoever holds it.
   *
   * @param key the lock key
   * @return the call
   */
  public static Script.Call deleteUnlessHeld(String key) {
    return Script.DELETE.call(KeyBytes.of(key).keyOnly, List.of(new byte[0]));
  }

  /**
   * Returns one acquisition attempt.
   *
   * @return the ACQUIRE call
   */
  public Script.Call acquire() {
    return acquire;
  }

  /**
   * Returns one acquisition attempt of a waiter whose own thread waits for its grant on its inbox
   * ({@link LockKeys#inbox}): a fair one that finds the key held queues with that mark, and a grant
   * to it is pushed there instead of published. The same as {@link #acquire()} for an unfair lock.
   *
   * @return the ACQUIRE call
   */
  public Script.Call acquireByInbox() {
    return acquireByInbox;
  }

  /**
   * Returns the release.
   *
   * @return the RELEASE call
   */
  public Script.Call release() {
    return release;
  }

  /**
   * Returns the deletion of the key's state.
   *
   * @return the DELETE call
   */
  public Script.Call delete() {
    return Script.DELETE.call(keyOnly, List.of(tag));
  }

  /**
   * Returns the handoff of this lock, held, to the next holder.
   *
   * @param next the calls of the lock object that takes it
   * @return the HANDOFF call
   */
  public Script.Call handoff(LockCalls next) {
    if (releasing != null) {
      return Script.HANDOFF.call(
          withFence,
          List.of(blockedValue, next.blockedValue, next.lease, next.maxBlock, releasing));
    }
    return Script.HANDOFF.call(
        withFence, List.of(blockedValue, next.blockedValue, next.lease, next.maxBlock));
  }

  /**
   * Returns a renewal of this lock's lease.
   *
   * @param leaseMillis the new time to live
   * @return the RENEW call
   */
  public Script.Call renew(long leaseMillis) {
    return Script.RENEW.call(keyOnly, List.of(blockedValue, utf8(Long.toString(leaseMillis))));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The encoded keys of one lock key, shared by its lock objects. */
  private static final class KeyBytes {
    private static final int MAX_CACHED = 4096;
    private static final ConcurrentHashMap<String, KeyBytes> CACHE = new ConcurrentHashMap<>();

    final List<byte[]> keyOnly;
    final List<byte[]> withFence;

    private KeyBytes(String key) {
      byte[] keyBytes = utf8(key);
      byte[] fence = utf8(LockKeys.fence(key));
      keyOnly = List.of(keyBytes);
      withFence = List.of(keyBytes, fence);
    }

    static KeyBytes of(String key) {
      KeyBytes k = CACHE.get(key);
      if (k == null) {
        k = new KeyBytes(key);
        if (CACHE.size() >= MAX_CACHED) {
          CACHE.clear(); // a crude bound: hot keys come back at once
        }
        CACHE.put(key, k);
      }
      return k;
    }
  }

  /** The encoded tunables, shared while they stay the same. */
  private static final class Numbers {
    private static volatile Numbers last;

    final long leaseMillis;
    final long maxBlockMillis;
    final long computedMillis;
    final boolean failIfKeyExists;
    final boolean cachedIfComputed;
    final byte[] lease;
    final byte[] maxBlock;
    final byte[] computed;
    final byte[] flags;

    private Numbers(long lease, long maxBlock, long computed, boolean fail, boolean cached) {
      leaseMillis = lease;
      maxBlockMillis = maxBlock;
      computedMillis = computed;
      failIfKeyExists = fail;
      cachedIfComputed = cached;
      this.lease = utf8(Long.toString(lease));
      this.maxBlock = utf8(Long.toString(maxBlock));
      this.computed = utf8(Long.toString(computed));
      this.flags = utf8(fail ? "f" : cached ? "c" : "-");
    }

    static Numbers of(long lease, long maxBlock, long computed, boolean fail, boolean cached) {
      Numbers n = last;
      if (n == null
          || n.leaseMillis != lease
          || n.maxBlockMillis != maxBlock
          || n.computedMillis != computed
          || n.failIfKeyExists != fail
          || n.cachedIfComputed != cached) {
        n = new Numbers(lease, maxBlock, computed, fail, cached);
        last = n;
      }
      return n;
    }
  }
}
