package io.dspinlock.bench;

/**
 * A lock implementation in the comparison. An implementation has a public constructor taking the
 * Redis URI, and is closed when its workloads are done.
 */
public interface Contender extends AutoCloseable {

  /**
   * Returns the locker a worker thread uses; called once per thread.
   *
   * @param thread the thread's index
   * @return that thread's locker
   */
  Locker locker(int thread);

  /** Releases connections and threads. */
  @Override
  void close() throws Exception;

  /** Locks and unlocks keys for one thread. */
  interface Locker {
    /**
     * Blocks until the key is locked by this thread.
     *
     * @param key the key
     */
    void lock(String key) throws Exception;

    /**
     * Unlocks the key this thread locked last.
     *
     * @param key the key
     */
    void unlock(String key) throws Exception;
  }
}
