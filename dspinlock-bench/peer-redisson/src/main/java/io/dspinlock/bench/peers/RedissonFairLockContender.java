package io.dspinlock.bench.peers;

import org.redisson.api.RLock;

/** Redisson's RFairLock (a queue of waiters on the server, pub/sub wake-up, watchdog lease). */
public final class RedissonFairLockContender extends RedissonRLockContender {

  /**
   * Connects.
   *
   * @param uri the Redis URI
   */
  public RedissonFairLockContender(String uri) {
    super(uri);
  }

  @Override
  RLock lockFor(String key) {
    return redisson.getFairLock(key);
  }
}
