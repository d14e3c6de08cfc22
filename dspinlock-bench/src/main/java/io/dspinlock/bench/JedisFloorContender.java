package io.dspinlock.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The floor: the barest correct two-round-trip lock on Jedis. {@code SET key token NX PX}, retried
 * at once while it fails, and a compare-and-delete script to unlock. No lease renewal, no fairness,
 * no notification: what any Redis lock must at least pay.
 */
public final class JedisFloorContender implements Contender {
  static final String UNLOCK =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  private final RedisClient redis;
  private final String unlockSha;
  private final AtomicLong tokens = new AtomicLong();

  /**
   * Connects.
   *
   * @param uri the Redis URI
   */
  public JedisFloorContender(String uri) {
    redis = RedisClient.create(uri);
    unlockSha = redis.scriptLoad(UNLOCK);
  }

  @Override
  public Locker locker(int thread) {
    return new Locker() {
      private String token;

      @Override
      public void lock(String key) {
        token = Long.toString(tokens.incrementAndGet());
        SetParams nxpx = SetParams.setParams().nx().px(30_000);
        while (!"OK".equals(redis.set(key, token, nxpx))) {
          Thread.onSpinWait();
        }
      }

      @Override
      public void unlock(String key) {
        redis.evalsha(unlockSha, List.of(key), List.of(token));
      }
    };
  }

  @Override
  public void close() {
    redis.close();
  }
}
