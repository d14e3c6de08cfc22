package io.dspinlock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions that locks share when they are given no session: one default session, and one per
 * distinct {@link RedisParameters}. Created on first use, closed at JVM exit.
 */
final class DefaultSessions {
  private static final Map<RedisParameters, RedisSession> BY_PARAMETERS = new ConcurrentHashMap<>();
  private static volatile RedisSession defaultSession;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(DefaultSessions::closeAll, "dspinlock-default-sessions"));
  }

  private DefaultSessions() {}

  static RedisSession defaultSession() {
    RedisSession s = defaultSession;
    if (s == null) {
      synchronized (DefaultSessions.class) {
        s = defaultSession;
        if (s == null) {
          s = forParameters(RedisConnections.defaultParameters());
          defaultSession = s;
        }
      }
    }
    return s;
  }

  static RedisSession forParameters(RedisParameters params) {
    return BY_PARAMETERS.computeIfAbsent(params, RedisConnections::create);
  }

  private static void closeAll() {
    BY_PARAMETERS.values().forEach(RedisSession::close);
  }
}
