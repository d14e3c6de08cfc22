package io.dspinlock.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the engine needs to know of one lock: its keys, its tag and its tunables, checked,
 * with the arguments of its scripts encoded once.
 *
 * <p>Immutable. Made once per lock object, on its first use.
 */
public final class LockSpec {
  private final String key;
  private final String tag;
  private final int maxTries;
  private final long sleepNanos;
  private final long leaseMillis;
  private final long maxBlockMillis;
  private final long computedMillis;
  private final boolean failIfKeyExists;
  private final boolean cachedIfComputed;
  private final int replicas;
  private final long replicaTimeoutMillis;

  private final List<byte[]> keyOnly;
  private final List<byte[]> acquireKeys;
  private final ScriptCall acquireCall;
  private final ScriptCall releaseCall;
  private final List<byte[]> deleteArgs;
  private final byte[] blockedValue;
  private final byte[] computedValue;
  private final byte[] leaseBytes;
  private final byte[] counterTtlBytes;

  private LockSpec(
      String key,
      String tag,
      int maxTries,
      long sleepNanos,
      long leaseMillis,
      long maxBlockMillis,
      long computedMillis,
      boolean failIfKeyExists,
      boolean cachedIfComputed,
      int replicas,
      long replicaTimeoutMillis) {
    this.key = key;
    this.replicas = replicas;
    this.replicaTimeoutMillis = replicaTimeoutMillis;
    this.tag = tag;
    this.maxTries = maxTries;
    this.sleepNanos = sleepNanos;
    this.leaseMillis = leaseMillis;
    this.maxBlockMillis = maxBlockMillis;
    this.computedMillis = computedMillis;
    this.failIfKeyExists = failIfKeyExists;
    this.cachedIfComputed = cachedIfComputed;
    KeyBytes k = KeyBytes.of(key);
    Numbers n =
        Numbers.of(leaseMillis, maxBlockMillis, computedMillis, failIfKeyExists, cachedIfComputed);
    byte[] tagBytes = bytes(tag);
    this.blockedValue = bytes(tag + ",0");
    this.computedValue = bytes(tag + ",1");
    this.leaseBytes = n.lease;
    this.counterTtlBytes = n.counterTtl;
    this.keyOnly = k.keyOnly;
    this.acquireKeys = k.withFence;
    this.acquireCall =
        new ScriptCall(
            LuaScript.ACQUIRE,
            acquireKeys,
            List.of(blockedValue, n.lease, n.maxBlock, n.flags, n.counterTtl));
    this.releaseCall =
        new ScriptCall(
            LuaScript.RELEASE,
            keyOnly,
            List.of(tagBytes, n.computed, k.channel, blockedValue, computedValue));
    this.deleteArgs = List.of(tagBytes, k.channel);
  }

  /**
   * The encoded keys of one lock key, shared by its lock objects: a lock object is made per use,
   * and encoding its three keys each time would cost more than the rest of its setup.
   */
  private static final class KeyBytes {
    private static final int MAX_CACHED = 4096;
    private static final ConcurrentHashMap<String, KeyBytes> CACHE = new ConcurrentHashMap<>();

    final List<byte[]> keyOnly;
    final List<byte[]> withFence;
    final byte[] channel;

    private KeyBytes(String key) {
      byte[] keyBytes = bytes(key);
      keyOnly = List.of(keyBytes);
      withFence = List.of(keyBytes, bytes(LockKeys.fence(key)));
      channel = bytes(LockKeys.channel(key));
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

  /** The encoded tunables, shared while they stay the same (they usually never change). */
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
    final byte[] counterTtl;
    final byte[] flags;

    private Numbers(long lease, long maxBlock, long computed, boolean fail, boolean cached) {
      leaseMillis = lease;
      maxBlockMillis = maxBlock;
      computedMillis = computed;
      failIfKeyExists = fail;
      cachedIfComputed = cached;
      this.lease = bytes(Long.toString(lease));
      this.maxBlock = bytes(Long.toString(maxBlock));
      this.computed = bytes(Long.toString(computed));
      this.counterTtl = bytes(Long.toString(maxBlock + computed));
      this.flags = bytes(fail ? "f" : cached ? "c" : "-");
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

  /**
   * Checks the tunables of a lock; the messages name the method a subclass overrides.
   *
   * @return the spec
   * @throws IllegalStateException naming the first tunable out of range
   */
  public static LockSpec of(
      String key,
      String tag,
      int maxTries,
      Duration sleep,
      Duration lease,
      Duration maxBlock,
      Duration computed,
      boolean failIfKeyExists,
      boolean cachedIfComputed,
      int replicas,
      Duration replicaTimeout) {
    if (maxTries < 1) {
      throw new IllegalStateException("maxSpinlockTries() must be at least 1, was " + maxTries);
    }
    millis(sleep, "spinlockSleepThresh()");
    long maxBlockMillis = millis(maxBlock, "maxBlockTime()");
    return new LockSpec(
        key,
        checkTag(tag),
        maxTries,
        sleep.toNanos(),
        Math.min(millis(lease, "leaseTime()"), maxBlockMillis),
        maxBlockMillis,
        millis(computed, "expireAtTimedelta()"),
        failIfKeyExists,
        cachedIfComputed,
        replicas,
        replicaTimeout.toMillis());
  }

  private static long millis(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalStateException(name + " must be a positive duration, was " + d);
    }
    if (d.toMillis() < 1) {
      throw new IllegalStateException(name + " must be at least 1 ms, was " + d);
    }
    return d.toMillis();
  }

  private static String checkTag(String tag) {
    if (!isTwoFields(tag)) {
      throw new IllegalStateException(
          "getTag() must return two non-empty fields joined by one comma, was " + tag);
    }
    return tag;
  }

  private static boolean isTwoFields(String tag) {
    if (tag == null) {
      return false;
    }
    int comma = tag.indexOf(',');
    if (comma <= 0 || comma == tag.length() - 1 || tag.indexOf(',', comma + 1) >= 0) {
      return false;
    }
    for (int i = 0; i < tag.length(); i++) {
      if (Character.isWhitespace(tag.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the lock key. */
  public String key() {
    return key;
  }

  /** Returns the lock object's tag, {@code <uuid>,<timestamp>}. */
  public String tag() {
    return tag;
  }

  /** Returns the attempts per acquisition, at least 1. */
  public int maxTries() {
    return maxTries;
  }

  /** Returns the longest wait between attempts, in nanoseconds. */
  public long sleepNanos() {
    return sleepNanos;
  }

  /** Returns the time to live of a held key on the server, in milliseconds. */
  public long leaseMillis() {
    return leaseMillis;
  }

  /** Returns the longest time a holder may block the key, in milliseconds. */
  public long maxBlockMillis() {
    return maxBlockMillis;
  }

  /** Returns the time to live of the COMPUTED value after release, in milliseconds. */
  public long computedMillis() {
    return computedMillis;
  }

  /** Tells whether acquire fails at once when the key exists. */
  public boolean failIfKeyExists() {
    return failIfKeyExists;
  }

  /** Tells whether acquire returns without holding when the key is COMPUTED. */
  public boolean cachedIfComputed() {
    return cachedIfComputed;
  }

  /** Returns the replicas that must confirm each acquisition and renewal; 0 for none. */
  public int replicas() {
    return replicas;
  }

  /** Returns how long to wait for them, in milliseconds. */
  public long replicaTimeoutMillis() {
    return replicaTimeoutMillis;
  }

  List<byte[]> keyOnly() {
    return keyOnly;
  }

  List<byte[]> acquireKeys() {
    return acquireKeys;
  }

  ScriptCall acquireCall() {
    return acquireCall;
  }

  ScriptCall releaseCall() {
    return releaseCall;
  }

  List<byte[]> deleteArgs() {
    return deleteArgs;
  }

  /** Arguments of the handoff script, from this lock to the next holder's. */
  List<byte[]> handoffArgs(LockSpec next) {
    return List.of(
        blockedValue, computedValue, next.blockedValue, next.leaseBytes, next.counterTtlBytes);
  }

  List<byte[]> renewArgs(long leaseMillis) {
    return List.of(blockedValue, bytes(Long.toString(leaseMillis)));
  }
}
