package io.dspinlock.internal;

import io.dspinlock.LockState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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
  private final byte[] leaseBytes;
  private final byte[] maxBlockBytes;

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
    SpecBytes.KeyBytes k = SpecBytes.KeyBytes.of(key);
    SpecBytes.Numbers n =
        SpecBytes.Numbers.of(
            leaseMillis, maxBlockMillis, computedMillis, failIfKeyExists, cachedIfComputed);
    byte[] tagBytes = bytes(tag);
    this.blockedValue = withState(tagBytes, LockState.BLOCKED);
    this.leaseBytes = n.lease;
    this.maxBlockBytes = n.maxBlock;
    this.keyOnly = k.keyOnly;
    this.acquireKeys = k.withFence;
    this.acquireCall =
        new ScriptCall(
            LuaScript.ACQUIRE, acquireKeys, List.of(blockedValue, n.lease, n.maxBlock, n.flags));
    this.releaseCall =
        new ScriptCall(LuaScript.RELEASE, keyOnly, List.of(n.computed, blockedValue));
    this.deleteArgs = List.of(tagBytes);
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

  /** Returns {@code <tag>,<state>} from the tag's bytes, without encoding the text again. */
  private static byte[] withState(byte[] tag, LockState state) {
    byte[] value = Arrays.copyOf(tag, tag.length + 2);
    value[tag.length] = ',';
    value[tag.length + 1] = (byte) state.wire().charAt(0);
    return value;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the read-only INSPECT call of a lock key: its type, value, TTL and fencing counter.
   *
   * @param key the lock key
   * @return the call
   */
  public static ScriptCall inspectCall(String key) {
    return new ScriptCall(LuaScript.INSPECT, SpecBytes.KeyBytes.of(key).withFence, List.of());
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
    return List.of(blockedValue, next.blockedValue, next.leaseBytes, next.maxBlockBytes);
  }

  List<byte[]> renewArgs(long leaseMillis) {
    return List.of(blockedValue, bytes(Long.toString(leaseMillis)));
  }
}
