package io.dspinlock.bench;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;

/**
 * This library, used as the README shows it: one session, a new lock object per use. Tries are
 * raised (an option) so that eight threads on one key never give up; the sleep stays at its default
 * (0.5 s), as notifications do the waking.
 */
public final class DSpinlockContender implements Contender {
  private final RedisSession session;
  private final LockOptions options;

  /**
   * Connects.
   *
   * @param uri the Redis URI
   */
  public DSpinlockContender(String uri) {
    this(uri, true);
  }

  /**
   * Connects, with the fair (default) or the unfair protocol.
   *
   * @param uri the Redis URI
   * @param fair the lock option {@code fair}
   */
  DSpinlockContender(String uri, boolean fair) {
    session = RedisConnections.create(uri);
    options =
        LockOptions.builder()
            .session(session)
            .maxSpinlockTries(Integer.MAX_VALUE)
            .fair(fair)
            .build();
  }

  @Override
  public Locker locker(int thread) {
    return new Locker() {
      private HashDSpinlock held;

      @Override
      public void lock(String key) {
        held = new HashDSpinlock(key, options).acquire();
      }

      @Override
      public void unlock(String key) {
        held.close();
      }
    };
  }

  @Override
  public void close() {
    session.close();
  }
}
