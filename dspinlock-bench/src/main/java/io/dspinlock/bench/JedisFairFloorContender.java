package io.dspinlock.bench;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.KeyValue;

/**
 * The fair floor: the barest fair handoff Redis itself offers, without a script. The key's one
 * baton lies in a list; a locker takes it with {@code BLPOP} and gives it back with {@code LPUSH}.
 * Redis serves the clients blocked on a list in the order in which they blocked, and hands a pushed
 * element straight to the first of them, within the push: one message from the server to the next
 * holder, whose own thread reads it from its own connection. So this is what any fair lock on Redis
 * must at least pay for a handoff: the release's way to the server, the server's work, one message
 * to the next holder and that holder's wake-up. Nothing survives a crash (a holder that dies takes
 * the baton with it), and there are no leases, tokens or tries: a reference line, not a lock.
 */
public final class JedisFairFloorContender implements Contender {
  private static final String BATON = "baton";

  private final RedisClient redis;

  /**
   * Connects, and puts the baton of the W4 key in place once for all the run's processes.
   *
   * @param uri the Redis URI
   */
  public JedisFairFloorContender(String uri) {
    redis = RedisClient.create(uri);
    String list = batonList(MultiProcessWorker.KEY);
    if ("OK".equals(redis.set(list + ":placed", "1", SetParams.setParams().nx()))) {
      redis.lpush(list, BATON);
    }
  }

  private static String batonList(String key) {
    return key + ":baton";
  }

  @Override
  public Locker locker(int thread) {
    return new Locker() {
      @Override
      public void lock(String key) {
        String list = batonList(key);
        // Blocks for at most 0.5 s a call, below the client's socket timeout, until served.
        KeyValue<String, String> taken = redis.blpop(0.5, list);
        while (taken == null) {
          taken = redis.blpop(0.5, list);
        }
      }

      @Override
      public void unlock(String key) {
        redis.lpush(batonList(key), BATON);
      }
    };
  }

  @Override
  public void close() {
    redis.close();
  }
}
