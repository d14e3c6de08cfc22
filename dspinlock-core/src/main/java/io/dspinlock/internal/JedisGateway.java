package io.dspinlock.internal;

import io.dspinlock.DSpinlockException;
import io.dspinlock.RedisUnavailableException;
import java.util.List;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** {@link RedisGateway} over any Jedis 8 client: standalone, Sentinel or Cluster. */
public final class JedisGateway implements RedisGateway {
  private final UnifiedJedis jedis;
  private final boolean owned;
  private final String description;

  /**
   * Adopts a client.
   *
   * @param jedis the client
   * @param owned whether {@link #close()} closes the client
   * @param description the server, for messages; without a password
   */
  public JedisGateway(UnifiedJedis jedis, boolean owned, String description) {
    this.jedis = jedis;
    this.owned = owned;
    this.description = description;
  }

  @Override
  public Reply eval(LuaScript script, List<String> keys, List<String> args) {
    try {
      Object raw;
      try {
        raw = jedis.evalsha(script.sha1(), keys, args);
      } catch (JedisNoScriptException notLoaded) {
        // EVAL runs the script and caches it: the next EVALSHA finds it.
        raw = jedis.eval(script.source(), keys, args);
      }
      return Reply.of(raw, script);
    } catch (JedisDataException e) {
      throw new DSpinlockException(
          "Redis at "
              + description
              + " refused "
              + script
              + " on "
              + keys.get(0)
              + ": "
              + e.getMessage(),
          e);
    } catch (JedisException e) {
      throw new RedisUnavailableException(
          "Redis at "
              + description
              + " unavailable running "
              + script
              + " on "
              + keys.get(0)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void subscribe(JedisPubSub listener, String... channels) {
    jedis.subscribe(listener, channels);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    if (owned) {
      jedis.close();
    }
  }
}
