package io.dspinlock.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Encoded script arguments that lock objects share, so that making one per use stays cheap. */
final class SpecBytes {
  private SpecBytes() {}

  /**
   * The encoded keys of one lock key, shared by its lock objects: a lock object is made per use,
   * and encoding its three keys each time would cost more than the rest of its setup.
   */
  static final class KeyBytes {
    private static final int MAX_CACHED = 4096;
    private static final ConcurrentHashMap<String, KeyBytes> CACHE = new ConcurrentHashMap<>();

    final List<byte[]> keyOnly;
    final List<byte[]> withFence;

    private KeyBytes(String key) {
      byte[] keyBytes = LockSpec.bytes(key);
      keyOnly = List.of(keyBytes);
      withFence = List.of(keyBytes, LockSpec.bytes(LockKeys.fence(key)));
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
  static final class Numbers {
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
      this.lease = LockSpec.bytes(Long.toString(lease));
      this.maxBlock = LockSpec.bytes(Long.toString(maxBlock));
      this.computed = LockSpec.bytes(Long.toString(computed));
      this.flags = LockSpec.bytes(fail ? "f" : cached ? "c" : "-");
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
