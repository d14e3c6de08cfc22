package io.dspinlock;

/** The state a lock key is in on the server; an absent key is free. */
public enum LockState {
  /** Somebody holds the lock; written as {@code 0}. */
  BLOCKED("0"),
  /**
   * The last holder finished; the key stays for {@code expireAtTimedelta()} so that later callers
   * can tell. Written as {@code 1}.
   */
  COMPUTED("1");

  private final String wire;

  LockState(String wire) {
    this.wire = wire;
  }

  /**
   * Returns the field that stands for this state in a key's value.
   *
   * @return {@code "0"} or {@code "1"}
   */
  public String wire() {
    return wire;
  }

  /**
   * Returns the state written as {@code field}.
   *
   * @param field the last field of a key's value
   * @return the state, or {@code null} when {@code field} names none
   */
  static LockState fromWire(String field) {
    switch (field) {
      case "0":
        return BLOCKED;
      case "1":
        return COMPUTED;
      default:
        return null;
    }
  }
}
