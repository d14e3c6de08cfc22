package io.dspinlock;

/**
 * Thrown when a lock is made for a value that has no encoding which is the same in every JVM.
 *
 * <p>{@link Object#hashCode()} differs between processes, so it can never name a distributed lock.
 * Pass a {@link String}, a {@code byte[]}, an integer, a {@link Boolean}, a {@link java.util.UUID},
 * a date-time, or implement {@link StableKey}.
 */
public class ProvidedObjectIsNotHashableException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a value of an unsupported type.
   *
   * @param type the type of the value
   * @param reason why it cannot be used, and what to do instead
   */
  public ProvidedObjectIsNotHashableException(Class<?> type, String reason) {
    super("cannot lock on a " + type.getName() + ": " + reason);
  }
}
