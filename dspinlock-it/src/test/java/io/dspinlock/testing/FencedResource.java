package io.dspinlock.testing;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * A shared resource that protects itself with fencing tokens: it accepts a write only if its token
 * is at least the highest it has accepted, and logs every accepted write. Kept in Redis so that
 * several processes write to the same one.
 */
public final class FencedResource {
  private static final String WRITE =
      "local last = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "if tonumber(ARGV[1]) < last then return 0 end\n"
          + "redis.call('SET', KEYS[1], ARGV[1])\n"
          + "redis.call('RPUSH', KEYS[2], ARGV[1] .. ' ' .. ARGV[2])\n"
          + "return 1";

  private final UnifiedJedis redis;
  private final String name;

  /**
   * Names a resource.
   *
   * @param redis where it lives
   * @param name its name
   */
  public FencedResource(UnifiedJedis redis, String name) {
    this.redis = redis;
    this.name = name;
  }

  /**
   * Writes, if the token is not older than the newest accepted.
   *
   * @param token the writer's fencing token
   * @param writer who writes, for the log
   * @return true if accepted
   */
  public boolean write(long token, String writer) {
    Object r =
        redis.eval(
            WRITE, List.of(name + ":token", name + ":log"), List.of(Long.toString(token), writer));
    return ((Long) r) == 1L;
  }

  /**
   * Returns the tokens of the accepted writes, in order.
   *
   * @return the log's tokens
   */
  public List<Long> acceptedTokens() {
    return redis.lrange(name + ":log", 0, -1).stream()
        .map(e -> Long.parseLong(e.substring(0, e.indexOf(' '))))
        .toList();
  }

  /**
   * Tells whether the accepted tokens never went down.
   *
   * @return true if no write was accepted out of order
   */
  public boolean inOrder() {
    List<Long> tokens = acceptedTokens();
    for (int i = 1; i < tokens.size(); i++) {
      if (tokens.get(i) < tokens.get(i - 1)) {
        return false;
      }
    }
    return true;
  }
}
