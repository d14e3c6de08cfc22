package io.dspinlock;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The sessions that locks share when they are given no session: one default session, open until JVM
 * exit, and one per distinct {@link RedisParameters}, open while lock objects made with them are
 * reachable.
 *
 * <p>A parameters' session counts the lock objects that use it; when the garbage collector has
 * found the last of them unreachable and none came for {@link #IDLE} more, the session is closed
 * with its connections and threads, and a later lock with the same parameters opens a new one. A
 * lock object stays reachable while it is held or its release is retried (its lease refers to it),
 * so a session is never closed under a held lock.
 *
 * <p>Note on concurrency: the counts change only inside the map's {@code compute}, so a lock that
 * arrives while the session is being retired either keeps it or gets a new one, never a closed one.
 */
final class DefaultSessions {
  /** How long a parameters' session outlives its last lock object. */
  static final Duration IDLE = Duration.ofSeconds(5);

  private static final Map<RedisParameters, Shared> BY_PARAMETERS = new ConcurrentHashMap<>();
  private static final Executor AFTER_IDLE =
      CompletableFuture.delayedExecutor(IDLE.toNanos(), TimeUnit.NANOSECONDS);
  private static volatile RedisSession defaultSession;
  private static volatile Cleaner cleaner; // started with the first lock of parameters

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(DefaultSessions::closeAll, "dspinlock-default-sessions"));
  }

  private DefaultSessions() {}

  /** A session and the number of reachable lock objects that use it; guarded by the map. */
  private static final class Shared {
    final RedisSession session;
    int locks;
    long generation; // the count's changes, so that an idle check sees whether one came since

    Shared(RedisSession session) {
      this.session = session;
    }
  }

  static RedisSession defaultSession() {
    RedisSession s = defaultSession;
    if (s == null) {
      synchronized (DefaultSessions.class) {
        s = defaultSession;
        if (s == null) {
          s = RedisConnections.create(RedisConnections.defaultParameters());
          defaultSession = s;
        }
      }
    }
    return s;
  }

  /**
   * Returns the shared session of {@code params} for {@code lock}, counting the lock until it is
   * unreachable.
   */
  static RedisSession forLock(Object lock, RedisParameters params) {
    Shared shared =
        BY_PARAMETERS.compute(
            params,
            (p, s) -> {
              Shared x = s != null ? s : new Shared(RedisConnections.create(p));
              x.locks++;
              x.generation++;
              return x;
            });
    cleaner().register(lock, () -> gone(params, shared));
    return shared.session;
  }

  /** The number of parameters' sessions open now. */
  static int openCount() {
    return BY_PARAMETERS.size();
  }

  private static Cleaner cleaner() {
    Cleaner c = cleaner;
    if (c == null) {
      synchronized (DefaultSessions.class) {
        c = cleaner;
        if (c == null) {
          c = Cleaner.create(); // one daemon thread for every parameters' session
          cleaner = c;
        }
      }
    }
    return c;
  }

  /** One lock object of {@code shared} is unreachable: on the last, retire it after a while. */
  private static void gone(RedisParameters params, Shared shared) {
    long[] idleAt = {-1};
    BY_PARAMETERS.computeIfPresent(
        params,
        (p, s) -> {
          if (s == shared) {
            s.generation++;
            if (--s.locks == 0) {
              idleAt[0] = s.generation;
            }
          }
          return s;
        });
    if (idleAt[0] >= 0) {
      AFTER_IDLE.execute(() -> retireIfIdle(params, shared, idleAt[0]));
    }
  }

  private static void retireIfIdle(RedisParameters params, Shared shared, long generation) {
    boolean[] retired = {false};
    BY_PARAMETERS.computeIfPresent(
        params,
        (p, s) -> {
          if (s == shared && s.generation == generation) {
            retired[0] = true;
            return null;
          }
          return s;
        });
    if (retired[0]) {
      shared.session.close();
    }
  }

  private static void closeAll() {
    BY_PARAMETERS.values().forEach(s -> s.session.close());
    RedisSession s = defaultSession;
    if (s != null) {
      s.close();
    }
  }
}
