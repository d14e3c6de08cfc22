package io.dspinlock.cli;

import io.dspinlock.Consts;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import picocli.CommandLine.Option;

/** The options every command takes: where Redis is, and how to read KEY. */
final class RedisOption {
  @Option(
      names = "--redis",
      paramLabel = "URI",
      description =
          "Redis to use: redis://[[user]:password@]host[:port][/db], rediss://…, "
              + "redis-sentinel://…#master. Default: $DSPINLOCK_REDIS_URL, else "
              + Consts.DEFAULT_REDIS_URL
              + ".")
  String uri;

  @Option(
      names = "--key-is-raw",
      description =
          "Use KEY as the full Redis key, instead of the value the lock is keyed by "
              + "(whose key is dspinlock,<sha-256 of KEY>).")
  boolean keyIsRaw;

  /** Returns the URI given, else the environment's, else the default. */
  String uri() {
    if (uri != null) {
      return uri;
    }
    String env = System.getenv(Consts.REDIS_URL_ENV);
    return env == null || env.isBlank() ? Consts.DEFAULT_REDIS_URL : env;
  }

  /** Opens a session. */
  RedisSession session() {
    return RedisConnections.create(uri());
  }

  /** Returns the Redis key that KEY names. */
  String redisKey(String key) {
    return keyIsRaw ? key : new io.dspinlock.HashDSpinlock(key).getKey();
  }
}
