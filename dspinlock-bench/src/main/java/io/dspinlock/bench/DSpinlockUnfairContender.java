package io.dspinlock.bench;

/**
 * This library with {@code fair(false)}: a released key goes to whichever waiter's attempt lands
 * first. Otherwise as {@link DSpinlockContender}.
 */
public final class DSpinlockUnfairContender implements Contender {
  private final DSpinlockContender unfair;

  /**
   * Connects.
   *
   * @param uri the Redis URI
   */
  public DSpinlockUnfairContender(String uri) {
    unfair = new DSpinlockContender(uri, false);
  }

  @Override
  public Locker locker(int thread) {
    return unfair.locker(thread);
  }

  @Override
  public void close() {
    unfair.close();
  }
}
