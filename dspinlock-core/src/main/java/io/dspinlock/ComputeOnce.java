package io.dspinlock;

import io.dspinlock.internal.connection.RedisGateway;
import io.dspinlock.internal.util.Checks;
import io.dspinlock.internal.wire.LockKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link RedisSession#computeOnce}: the result is read if stored; else one caller computes it under
 * the lock and stores it, while the others wait for the lock and then read it.
 */
final class ComputeOnce {
  private ComputeOnce() {}

  static <T> T compute(
      RedisSession session,
      Object key,
      Duration ttl,
      ResultCodec<T> codec,
      Duration maxWait,
      Supplier<? extends T> supplier) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(supplier, "supplier");
    Checks.positive(ttl, "ttl");
    Objects.requireNonNull(maxWait, "maxWait");
    // Waits up to maxWait rather than a number of tries: a computation may take a while.
    HashDSpinlock lock = new HashDSpinlock(key, session);
    RedisGateway redis = session.core().redis();
    byte[] resultKey = LockKeys.result(lock.getKey()).getBytes(StandardCharsets.UTF_8);
    byte[] stored = redis.get(resultKey);
    if (stored != null) {
      return codec.decode(stored);
    }
    try {
      LockView.acquireWithin(lock, false, maxWait);
    } catch (InterruptedException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
    try {
      stored = redis.get(resultKey); // computed while we waited
      if (stored != null) {
        return codec.decode(stored);
      }
      T value = supplier.get();
      if (value == null) {
        throw new IllegalStateException("computeOnce: the supplier returned null for " + key);
      }
      redis.set(resultKey, codec.encode(value), ttl.toMillis());
      return value;
    } catch (RuntimeException | Error failed) {
      // Free the key for the next caller rather than leave it COMPUTED: nothing was cached.
      try {
        lock.deleteAtomicQueryMutexState();
      } catch (RuntimeException cannotDelete) {
        failed.addSuppressed(cannotDelete);
      }
      throw failed;
    } finally {
      lock.close();
    }
  }
}
