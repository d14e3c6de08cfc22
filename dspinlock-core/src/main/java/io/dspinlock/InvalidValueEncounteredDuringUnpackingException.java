package io.dspinlock;

/**
 * Thrown when a lock key holds a string that is not {@code <uuid>,<timestamp>,<state>}; the key is
 * left untouched.
 */
public class InvalidValueEncounteredDuringUnpackingException extends DSpinlockException {
  private static final long serialVersionUID = 1L;

  /** The value found, or null. */
  private final String rawValue;

  /**
   * Creates the exception.
   *
   * @param key the lock key, or null when the value was not read from a key
   * @param rawValue the value found, or null
   */
  public InvalidValueEncounteredDuringUnpackingException(String key, String rawValue) {
    super(
        (key == null ? "value " : "key " + key + " holds ")
            + quote(rawValue)
            + ", which is not <uuid>,<timestamp>,<0|1>; left untouched");
    this.rawValue = rawValue;
  }

  private static String quote(String raw) {
    if (raw == null) {
      return "null";
    }
    String shown = raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
    return "'" + shown + "'";
  }

  /**
   * Returns the value that could not be read.
   *
   * @return the raw value, or null
   */
  public String rawValue() {
    return rawValue;
  }
}
