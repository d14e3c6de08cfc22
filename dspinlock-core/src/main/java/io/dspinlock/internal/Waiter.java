package io.dspinlock.internal;

/** Someone waiting for a lock key: woken when the key may have been released. */
public interface Waiter {

  /** Signals that the key may be free; never blocks, may be called more than once. */
  void wake();
}
