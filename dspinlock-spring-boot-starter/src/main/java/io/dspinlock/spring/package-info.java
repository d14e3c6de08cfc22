/**
 * Spring Boot auto-configuration for dspinlock: inject {@link io.dspinlock.spring.DSpinlocks} to
 * take locks on the application's Redis, configured by {@code spring.data.redis.*} or {@code
 * dspinlock.*} ({@link io.dspinlock.spring.DSpinlockProperties}), with the health contributor
 * {@code dspinlock} and Micrometer metrics when the actuator is present. Bean methods may be
 * annotated with {@link io.dspinlock.spring.DSpinlock} and {@link io.dspinlock.spring.ComputeOnce};
 * with Spring Integration, {@link io.dspinlock.spring.DSpinlockLockRegistry} is its {@code
 * LockRegistry}.
 */
package io.dspinlock.spring;
