package io.dspinlock;

/**
 * A value that names itself with a string that is the same in every JVM, on every machine.
 *
 * <p>Implement it on your own key types to lock on them: the lock key is derived from {@link
 * #stableKey()} exactly as it is from a {@link String}, so {@code new HashDSpinlock(k)} and {@code
 * new HashDSpinlock(k.stableKey())} lock the same key. {@link Object#hashCode()} is never used: it
 * differs between JVMs.
 *
 * <pre>{@code
 * record Report(String tenant, LocalDate day) implements StableKey {
 *   public String stableKey() {
 *     return "report:" + tenant + ":" + day;
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StableKey {

  /**
   * Returns the text that identifies this value; equal values must return equal text.
   *
   * @return a non-null string, the same in every JVM for equal values
   */
  String stableKey();
}
