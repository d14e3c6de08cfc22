package io.dspinlock.spring;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

/**
 * A Spring Integration lock registry on dspinlock, in place of {@code RedisLockRegistry}: {@code
 * LockRegistryLeaderInitiator}, aggregators and {@code executeLocked} work with it unchanged.
 *
 * <p>{@link #obtain(Object)} returns one lock per key and registry. Like {@code
 * RedisLockRegistry}'s locks, it is owned by the thread that locks it and re-entrant; {@code
 * lock()} waits until it has the lock and ignores interrupts, {@code lockInterruptibly()} and
 * {@code tryLock(..)} give up when interrupted; a failure to reach Redis is a {@code
 * CannotAcquireLockException}; {@code unlock()} by a thread that does not hold it throws {@link
 * IllegalStateException}, and after the lease was lost {@link
 * java.util.ConcurrentModificationException}; {@code newCondition()} is not supported. Unlike it,
 * the lease is renewed by the session while the lock is held (a third of the lease apart), so no
 * renewal scheduler is needed, and waiters are woken by a release.
 *
 * <pre>{@code
 * DSpinlockLockRegistry registry = new DSpinlockLockRegistry(locks, "orders");
 * Lock lock = registry.obtain("order-42");
 * if (lock.tryLock(2, TimeUnit.SECONDS)) {
 *   try {
 *     // one thread of one instance at a time
 *   } finally {
 *     lock.unlock();
 *   }
 * }
 * }</pre>
 */
public final class DSpinlockLockRegistry
    implements ExpirableLockRegistry<DistributedLock>, RenewableLockRegistry<DistributedLock> {
  private final DSpinlocks locks;
  private final String registryKey;
  private final Duration lease;
  private final Map<String, RegistryLock> byKey = new ConcurrentHashMap<>();

  /**
   * Creates a registry whose locks have the lease of the factory's defaults.
   *
   * @param locks the lock factory
   * @param registryKey the prefix of the locked values, {@code <registryKey>:<key>}, naming the
   *     locks in metrics too
   * @throws NullPointerException if an argument is null
   */
  public DSpinlockLockRegistry(DSpinlocks locks, String registryKey) {
    this(locks, registryKey, locks.defaults().leaseTime());
  }

  /**
   * Creates a registry.
   *
   * @param locks the lock factory
   * @param registryKey the prefix of the locked values
   * @param lease the lease of a held lock unless {@code lock(Duration)} or {@code tryLock(Duration,
   *     Duration)} names another
   * @throws NullPointerException if an argument is null
   */
  public DSpinlockLockRegistry(DSpinlocks locks, String registryKey, Duration lease) {
    this.locks = Objects.requireNonNull(locks, "locks");
    this.registryKey = Objects.requireNonNull(registryKey, "registryKey");
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  /**
   * Returns the lock of a key, the same object for the same key while it is in the registry.
   *
   * @param lockKey a {@code String}
   * @return the lock
   * @throws IllegalArgumentException if the key is not a {@code String}
   */
  @Override
  public DistributedLock obtain(Object lockKey) {
    if (!(lockKey instanceof String path)) {
      throw new IllegalArgumentException(
          "the key of a DSpinlockLockRegistry lock must be a String: " + lockKey);
    }
    return byKey.computeIfAbsent(
        path, p -> new RegistryLock(locks, registryKey + ":" + p, registryKey, lease));
  }

  /**
   * Forgets the locks that no thread of this process holds and that were last acquired at least
   * {@code age} milliseconds ago.
   *
   * @param age in milliseconds
   */
  @Override
  public void expireUnusedOlderThan(long age) {
    long now = System.currentTimeMillis();
    byKey.values().removeIf(l -> !l.isAcquiredInThisProcess() && now - l.lockedAt() >= age);
  }

  /**
   * Checks that the lock of {@code lockKey} is still held; its lease is renewed by the session
   * while it is, so there is nothing else to do.
   *
   * @param lockKey the key
   * @throws IllegalStateException if the lock is unknown, not held, or lost
   */
  @Override
  public void renewLock(Object lockKey) {
    RegistryLock lock = byKey.get(String.valueOf(lockKey));
    if (lock == null) {
      throw new IllegalStateException("Could not renew mutex at " + lockKey);
    }
    lock.renew();
  }

  /**
   * As {@link #renewLock(Object)}: the lease of a held dspinlock is the one it was acquired with,
   * and {@code ttl} does not change it.
   *
   * @param lockKey the key
   * @param ttl ignored
   * @throws IllegalStateException if the lock is unknown, not held, or lost
   */
  @Override
  public void renewLock(Object lockKey, Duration ttl) {
    renewLock(lockKey);
  }

  @Override
  public String toString() {
    return "DSpinlockLockRegistry{registryKey=" + registryKey + "}";
  }
}
