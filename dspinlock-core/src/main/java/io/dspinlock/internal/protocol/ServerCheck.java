package io.dspinlock.internal.protocol;

import io.dspinlock.EvictionCheck.Finding;
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
 * and trusted. A session that accepts the risk watches the server's evictions ({@link
 * EvictionWatch}).
 */
final class ServerCheck {
  private final RedisGateway redis;
  private final boolean acceptEviction;
  private final Runnable onAccepted;
  private volatile ServerFinding finding;

  ServerCheck(RedisGateway redis, boolean acceptEviction, Runnable onAccepted) {
    this.redis = redis;
    this.acceptEviction = acceptEviction;
    this.onAccepted = onAccepted;
  }

  /**
   * Throws if the server may evict lock keys and the session does not accept it.
   *
   * @param key the lock about to be taken, for messages
   * @throws UnsafeServerException naming the policy, the memory limit and the fix
   * @throws RedisUnavailableException if the server cannot be reached: no lock can be taken
   */
  void requireSafe(String key) {
    ServerFinding f = finding;
    if (f == null) {
      try {
        f = finding();
      } catch (RedisUnavailableException unreachable) {
        throw new RedisUnavailableException(
            unreachable.getMessage() + "; no lock can be taken on it, " + key + " neither",
            unreachable);
      }
    }
    if (f.finding() == Finding.REFUSED) {
      throw new UnsafeServerException(f.message());
    }
  }

  /** Returns what the check found, running it first if no lock did yet. */
  synchronized ServerFinding finding() {
    if (finding != null) {
      return finding;
    }
    Map<String, String> config;
    try {
      config = redis.configGet("maxmemory*");
    } catch (RedisRefusedException notAllowed) {
      String message =
          "cannot tell whether "
              + redis.describe()
              + " may evict lock keys ("
              + notAllowed.getMessage()
              + "); taking locks on it all the same";
      Log.warn("{}", message);
      finding = new ServerFinding(Finding.UNKNOWN, null, null, message);
      return finding;
    }
    String policy = config.getOrDefault("maxmemory-policy", "noeviction");
    String maxmemory = config.getOrDefault("maxmemory", "0");
    Long bytes = parse(maxmemory);
    String settings =
        redis.describe() + " has maxmemory " + maxmemory + " bytes and maxmemory-policy " + policy;
    if (maxmemory.equals("0") || policy.equals("noeviction")) {
      finding =
          new ServerFinding(Finding.SAFE, policy, bytes, settings + ": it never evicts lock keys");
      return finding;
    }
    String risk =
        settings
            + ": it may evict a held lock key, and then a second holder takes the lock while"
            + " the first still holds it. Set maxmemory-policy noeviction, or give the locks a"
            + " Redis of their own; to take locks on it all the same, set"
            + " acceptEvictingServer(true) (in a URI: acceptEviction=true).";
    if (acceptEviction) {
      Log.warn("{} Taking locks all the same (acceptEvictingServer).", risk);
      finding = new ServerFinding(Finding.ACCEPTED, policy, bytes, risk);
      onAccepted.run();
    } else {
      finding = new ServerFinding(Finding.REFUSED, policy, bytes, risk);
    }
    return finding;
  }

  private static Long parse(String number) {
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}
