package io.dspinlock;

/**
 * Work to do while holding a lock, which may throw a checked exception of its own: {@link
 * DSpinlockBase#call(LockedCall)} throws it as is, so that no {@code throws Exception} spreads.
 *
 * @param <T> what the work returns
 * @param <E> what the work may throw
 */
@FunctionalInterface
public interface LockedCall<T, E extends Exception> {

  /**
   * Does the work.
   *
   * @return its result
   * @throws E if the work fails
   */
  T call() throws E;
}
