package io.dspinlock;

/**
 * Told when a held lock is lost: its lease ran out unrenewed (Redis unreachable for longer than the
 * lease, the process paused past it, or {@code maxBlockTime()} reached), or another holder took the
 * key.
 *
 * <p>Called at most once per acquisition, on a thread of the session; it must not block. An
 * exception it throws is logged and otherwise ignored. After it, {@code isHeld()} is false and
 * {@code close()} throws {@link InvalidMutexReleaseEncounteredException} without touching the key.
 */
@FunctionalInterface
public interface LockLostListener {

  /**
   * Reacts to the loss of a lock, for example by stopping the work it protects.
   *
   * @param lock the lock that was lost
   * @param reason why, for logs
   */
  void lockLost(DSpinlockBase lock, String reason);
}
