package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.UnifiedJedis;

/**
 * A holder JVM for fault tests: takes a lock with a short lease, then writes to a fenced resource
 * every 20 ms with its token, whether or not it still holds the lock (as a process that was paused
 * between its check and its write would), until it has seen the lock lost and a write refused.
 *
 * <p>Arguments: redis URI, lock name, lease in ms, resource name. Prints {@code HOLDING token=N},
 * {@code WRITE accepted|refused lost=B}, {@code LOST reason}, {@code EXIT}.
 */
public final class FaultHolder {
  private FaultHolder() {}

  /**
   * Runs the holder.
   *
   * @param args URI, lock name, lease ms, resource name
   */
  public static void main(String[] args) throws Exception {
    AtomicBoolean lost = new AtomicBoolean();
    try (RedisSession session = RedisConnections.create(args[0]);
        UnifiedJedis raw = RawClient.open(args[0])) {
      LockOptions options =
          LockOptions.builder()
              .session(session)
              .onLockLost(
                  (lock, reason) -> {
                    System.out.println("LOST " + reason);
                    lost.set(true);
                  })
              .build();
      HashDSpinlock lock =
          HashDSpinlock.builder(args[1])
              .options(options)
              .leaseTime(Duration.ofMillis(Long.parseLong(args[2])))
              .maxSpinlockTries(1000)
              .build()
              .acquire();
      long token = lock.fencingToken();
      System.out.println("HOLDING token=" + token);
      FencedResource resource = new FencedResource(raw, args[3]);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        boolean seenLost = lost.get();
        boolean accepted = resource.write(token, "holder-" + ProcessHandle.current().pid());
        System.out.println("WRITE " + (accepted ? "accepted" : "refused") + " lost=" + seenLost);
        if (seenLost && !accepted) {
          break;
        }
        Thread.sleep(20); // the holder's own pace of work
      }
      System.out.println("HELD " + lock.isHeld());
    }
    System.out.println("EXIT");
  }
}
