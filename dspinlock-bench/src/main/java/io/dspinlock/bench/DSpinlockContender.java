package io.dspinlock.bench;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;

/**
 * This library, used as the README shows it: one session, a new lock object per use. Tries are
 * raised so that eight threads on one key never give up; the sleep stays at its default (0.5 s), as
 * notifications do the waking.
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
    session = RedisConnections.create(uri);
    options = LockOptions.builder().session(session).build();
  }

  /** A lock that waits as long as a benchmark needs. */
  static final class PatientLock extends HashDSpinlock {
    PatientLock(Object key, LockOptions options) {
      super(key, options);
    }

    @Override
    protected int maxSpinlockTries() {
      return Integer.MAX_VALUE;
    }
  }

  @Override
  public Locker locker(int thread) {
    return new Locker() {
      private HashDSpinlock held;

      @Override
      public void lock(String key) {
        held = new PatientLock(key, options).acquire();
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
