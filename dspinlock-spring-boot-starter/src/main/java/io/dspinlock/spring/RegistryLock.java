package io.dspinlock.spring;

import io.dspinlock.DSpinlockException;
import io.dspinlock.HashDSpinlock;
import io.dspinlock.InvalidMutexReleaseEncounteredException;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.integration.support.locks.DistributedLock;

/**
 * A lock of {@link DSpinlockLockRegistry}, shaped like {@code RedisLockRegistry}'s: a local {@link
 * ReentrantLock} makes it owned by a thread and re-entrant within the process, and the first hold
 * takes the dspinlock of the key, whose lease the session renews while it is held.
 */
final class RegistryLock implements DistributedLock {
  // lock() and lockInterruptibly() wait in rounds of this length, never giving up.
  private static final Duration ROUND = Duration.ofMinutes(1);

  private final DSpinlocks locks;
  private final String key;
  private final String name;
  private final Duration lease;
  private final ReentrantLock local = new ReentrantLock();
  private volatile HashDSpinlock held; // the dspinlock of the current hold, guarded by local
  private volatile long lockedAt = System.currentTimeMillis();

  RegistryLock(DSpinlocks locks, String key, String name, Duration lease) {
    this.locks = locks;
    this.key = key;
    this.name = name;
    this.lease = lease;
  }

  @Override
  public void lock() {
    lock(lease);
  }

  @Override
  public void lock(Duration ttl) {
    local.lock();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (takeOrConfirm(ROUND, ttl)) {
            return;
          }
        } catch (DSpinlockException e) {
          // lock() is not interruptible: remember the interrupt, and wait on.
          if (!Thread.interrupted()) {
            local.unlock();
            throw failed(e);
          }
          interrupted = true;
        } catch (RuntimeException e) {
          local.unlock();
          throw failed(e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    local.lockInterruptibly();
    while (true) {
      try {
        if (takeOrConfirm(ROUND, lease)) {
          return;
        }
      } catch (RuntimeException e) {
        local.unlock();
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while waiting for " + key);
        }
        throw failed(e);
      }
    }
  }

  @Override
  public boolean tryLock() {
    try {
      return tryLock(Duration.ZERO, lease);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return tryLock(Duration.of(time, unit.toChronoUnit()), lease);
  }

  @Override
  public boolean tryLock(Duration waitTime, Duration ttl) throws InterruptedException {
    long deadline = System.nanoTime() + waitTime.toNanos();
    if (!local.tryLock(waitTime.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    try {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      boolean acquired = takeOrConfirm(left, ttl);
      if (!acquired) {
        local.unlock();
      }
      return acquired;
    } catch (RuntimeException e) {
      local.unlock();
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for " + key);
      }
      throw failed(e);
    }
  }

  /**
   * With the local lock held: confirms the dspinlock of an earlier hold (a re-entrant call, which
   * is how {@code LockRegistryLeaderInitiator} checks its leadership), or takes it afresh.
   */
  private boolean takeOrConfirm(Duration wait, Duration ttl) {
    HashDSpinlock current = held;
    if (current != null && current.isHeld()) {
      return true;
    }
    HashDSpinlock fresh = locks.lock(key).name(name).leaseTime(ttl).build();
    if (!fresh.tryAcquire(wait)) {
      return false;
    }
    held = fresh;
    lockedAt = System.currentTimeMillis();
    return true;
  }

  /**
   * Releases one hold of the current thread; the last releases the dspinlock.
   *
   * @throws IllegalStateException if the current thread does not hold the lock
   * @throws ConcurrentModificationException if the lease was lost meanwhile, as {@code
   *     RedisLockRegistry} throws: the data the lock protects may have been changed by another
   */
  @Override
  public void unlock() {
    if (!local.isHeldByCurrentThread()) {
      throw new IllegalStateException("You do not own lock at " + key);
    }
    if (local.getHoldCount() > 1) {
      local.unlock();
      return;
    }
    HashDSpinlock h = held;
    held = null;
    try {
      if (h == null) {
        throw lost(null);
      }
      h.close();
    } catch (InvalidMutexReleaseEncounteredException e) {
      throw lost(e);
    } finally {
      local.unlock();
    }
  }

  /** Checks that the current hold still has its dspinlock; the session renews its lease itself. */
  void renew() {
    HashDSpinlock h = held;
    if (!local.isLocked() || h == null || !h.isHeld()) {
      throw new IllegalStateException("Could not renew mutex at " + key);
    }
  }

  @Override
  public Condition newCondition() {
    throw new UnsupportedOperationException("Conditions are not supported");
  }

  /** {@return whether a thread of this process holds the lock} */
  boolean isAcquiredInThisProcess() {
    return local.isLocked();
  }

  /** {@return when the lock was last acquired, in epoch milliseconds} */
  long lockedAt() {
    return lockedAt;
  }

  private CannotAcquireLockException failed(RuntimeException cause) {
    return new CannotAcquireLockException("Failed to lock mutex at " + key, cause);
  }

  private ConcurrentModificationException lost(Throwable cause) {
    return new ConcurrentModificationException(
        "Lock was released in the store due to expiration. The integrity of data protected by"
            + " this lock may have been compromised: "
            + key,
        cause);
  }

  @Override
  public String toString() {
    return "RegistryLock[" + key + (local.isLocked() ? ", locked" : "") + "]";
  }
}
