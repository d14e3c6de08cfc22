/**
 * Testing code that takes dspinlock locks: {@link io.dspinlock.test.DSpinlockRedis}, a JUnit 5
 * extension that starts a real redis-server for a test class; {@link
 * io.dspinlock.test.RedisServer}, the launcher behind it; and {@link
 * io.dspinlock.test.LockAssertions}.
 */
package io.dspinlock.test;
