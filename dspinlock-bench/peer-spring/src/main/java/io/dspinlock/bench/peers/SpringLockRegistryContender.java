package io.dspinlock.bench.peers;

import io.dspinlock.bench.Contender;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

/**
 * Spring Integration's RedisLockRegistry with its defaults, one registry per thread (a registry
 * also locks locally, so threads sharing one would contend in the JVM, not through Redis). All
 * registries share one registry key, so their locks meet on the same Redis keys.
 */
public final class SpringLockRegistryContender implements Contender {
  private final LettuceConnectionFactory factory;
  private final List<RedisLockRegistry> registries = new CopyOnWriteArrayList<>();

  /**
   * Connects.
   *
   * @param uri the Redis URI
   */
  public SpringLockRegistryContender(String uri) {
    URI u = URI.create(uri);
    factory =
        new LettuceConnectionFactory(new RedisStandaloneConfiguration(u.getHost(), u.getPort()));
    factory.afterPropertiesSet();
    factory.start();
  }

  @Override
  public Locker locker(int thread) {
    RedisLockRegistry registry = new RedisLockRegistry(factory, "bench");
    registries.add(registry);
    return new Locker() {
      private Lock held;

      @Override
      public void lock(String key) {
        held = registry.obtain(key);
        held.lock();
      }

      @Override
      public void unlock(String key) {
        held.unlock();
      }
    };
  }

  @Override
  public void close() throws Exception {
    for (RedisLockRegistry r : registries) {
      r.destroy();
    }
    factory.destroy();
  }
}
