package io.dspinlock.internal.waiting;

/** Learns when a key gains its first waiter and loses its last one. */
public interface KeyWatcher {
  /**
   * Called when {@code key} gains its first waiter; must not block.
   *
   * @param key the lock key
   */
  void firstWaiter(String key);

  /**
   * Called when {@code key} has no waiter any more; must not block.
   *
   * @param key the lock key
   */
  void lastWaiterGone(String key);
}
