package io.dspinlock.bench.peers;

import org.redisson.api.RLock;

/** Redisson's RSpinLock (polling with back-off instead of pub/sub). */
public final class RedissonSpinLockContender extends RedissonRLockContender {

  /**
   * Connects.
   *
   * @param uri the Redis URI
   */
  public RedissonSpinLockContender(String uri) {
    super(uri);
  }

  @Override
  RLock lockFor(String key) {
    return redisson.getSpinLock(key);
  }
}
