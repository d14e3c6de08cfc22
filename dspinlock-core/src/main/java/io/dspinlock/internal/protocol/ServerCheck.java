package io.dspinlock.internal.protocol;

import io.dspinlock.RedisRefusedException;
import io.dspinlock.RedisUnavailableException;
import io.dspinlock.UnsafeServerException;
import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.util.Log;
import java.util.Map;

/**
 * Whether a session's server may evict lock keys: {@code maxmemory} set with a policy other than
 * {@code noeviction} (managed services often default to {@code volatile-lru}, and every lock key
 * has a TTL). An evicted key lets a second holder in while the first still holds the lock. Checked
 * once per session, before its first lock; a server that does not let the check run is said once
 * and trusted.
 */
final class ServerCheck {
  private final RedisGateway redis;
  private final boolean acceptEviction;
  private volatile boolean checked;
  private volatile String refusal;

  ServerCheck(RedisGateway redis, boolean acceptEviction) {
    this.redis = redis;
    this.acceptEviction = acceptEviction;
  }

  /**
   * Throws if the server may evict lock keys and the session does not accept it.
   *
   * @param key the lock about to be taken, for messages
   * @throws UnsafeServerException naming the policy, the memory limit and the fix
   * @throws RedisUnavailableException if the server cannot be reached: no lock can be taken
   */
  void requireSafe(String key) {
    if (!checked) {
      try {
        check();
      } catch (RedisUnavailableException unreachable) {
        throw new RedisUnavailableException(
            unreachable.getMessage() + "; no lock can be taken on it, " + key + " neither",
            unreachable);
      }
    }
    if (refusal != null) {
      throw new UnsafeServerException(refusal);
    }
  }

  private synchronized void check() {
    if (checked) {
      return;
    }
    Map<String, String> config;
    try {
      config = redis.configGet("maxmemory*");
    } catch (RedisRefusedException notAllowed) {
      Log.warn(
          "cannot tell whether {} may evict lock keys ({}); taking locks on it all the same",
          redis.describe(),
          notAllowed.getMessage());
      checked = true;
      return;
    }
    String policy = config.getOrDefault("maxmemory-policy", "noeviction");
    String maxmemory = config.getOrDefault("maxmemory", "0");
    if (!maxmemory.equals("0") && !policy.equals("noeviction")) {
      String risk =
          redis.describe()
              + " has maxmemory "
              + maxmemory
              + " bytes and maxmemory-policy "
              + policy
              + ": it may evict a held lock key, and then a second holder takes the lock while"
              + " the first still holds it. Set maxmemory-policy noeviction, or give the locks a"
              + " Redis of their own; to take locks on it all the same, set"
              + " acceptEvictingServer(true) (in a URI: acceptEviction=true).";
      if (acceptEviction) {
        Log.warn("{} Taking locks all the same (acceptEvictingServer).", risk);
      } else {
        refusal = risk;
      }
    }
    checked = true;
  }
}
