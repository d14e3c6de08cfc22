package io.dspinlock.bench.peers;

import io.dspinlock.bench.Contender;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Redisson's RLock (pub/sub wake-up, watchdog lease), one client shared by all threads. */
public class RedissonRLockContender implements Contender {
  final RedissonClient redisson;

  /**
   * Connects.
   *
   * @param uri the Redis URI
   */
  public RedissonRLockContender(String uri) {
    Config config = new Config();
    config.useSingleServer().setAddress(uri.replaceAll("/0$", ""));
    redisson = Redisson.create(config);
  }

  RLock lockFor(String key) {
    return redisson.getLock(key);
  }

  @Override
  public Locker locker(int thread) {
    return new Locker() {
      private RLock held;

      @Override
      public void lock(String key) {
        held = lockFor(key);
        held.lock();
      }

      @Override
      public void unlock(String key) {
        held.unlock();
      }
    };
  }

  @Override
  public void close() {
    redisson.shutdown();
  }
}
