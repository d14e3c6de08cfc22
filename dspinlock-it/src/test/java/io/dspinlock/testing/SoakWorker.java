package io.dspinlock.testing;

import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockOptions;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;

/**
 * A soak worker JVM: several threads take one lock again and again for a while; each hold checks
 * that nobody else is inside and writes once to a fenced resource with its token.
 *
 * <p>Arguments: redis URI, lock name, threads, seconds. Prints {@code SOAK holds=N overlaps=N
 * refused=N failures=N}.
 */
public final class SoakWorker {
  private SoakWorker() {}

  /**
   * Runs the worker.
   *
   * @param args URI, lock name, threads, seconds
   */
  public static void main(String[] args) throws Exception {
    String name = args[1];
    int threads = Integer.parseInt(args[2]);
    long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
    AtomicLong holds = new AtomicLong();
    AtomicLong overlaps = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    try (RedisSession session = RedisConnections.create(args[0]);
        UnifiedJedis raw = RawClient.open(args[0])) {
      FencedResource resource = new FencedResource(raw, name + ":resource");
      LockOptions options = LockOptions.builder().session(session).build();
      StartGate.run(
          threads,
          Duration.ofSeconds(Long.parseLong(args[3]) + 120),
          i -> {
            while (System.nanoTime() < end) {
              try (HashDSpinlock lock =
                  HashDSpinlock.builder(name)
                      .options(options)
                      .maxSpinlockTries(100_000)
                      .spinlockSleepThresh(Duration.ofMillis(20))
                      .build()
                      .acquire()) {
                holds.incrementAndGet();
                if (raw.incr(name + ":inside") != 1) {
                  overlaps.incrementAndGet();
                }
                if (!resource.write(lock.fencingToken(), "t" + i)) {
                  refused.incrementAndGet();
                }
                raw.decr(name + ":inside");
              } catch (RuntimeException e) {
                failures.incrementAndGet();
                System.out.println("FAILURE " + e);
              }
            }
            return null;
          });
    }
    System.out.println(
        "SOAK holds="
            + holds
            + " overlaps="
            + overlaps
            + " refused="
            + refused
            + " failures="
            + failures);
  }
}
