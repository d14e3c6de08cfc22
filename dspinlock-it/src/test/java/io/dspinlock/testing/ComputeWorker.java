package io.dspinlock.testing;

import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import io.dspinlock.ResultCodec;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * A JVM of the compute-once test: 8 threads call computeOnce on one key at once (released by a
 * start gate in Redis); the supplier counts its runs in Redis. Prints {@code RESULT value} per
 * caller.
 *
 * <p>Arguments: redis URI, key, gate name.
 */
public final class ComputeWorker {
  private ComputeWorker() {}

  /**
   * Runs the worker.
   *
   * @param args URI, key, gate
   */
  public static void main(String[] args) throws Exception {
    try (RedisSession session = RedisConnections.create(args[0]);
        UnifiedJedis raw = RawClient.open(args[0])) {
      raw.rpush(args[2] + ":ready", "1");
      if (raw.blpop(60, args[2]) == null) {
        throw new IllegalStateException("no start signal");
      }
      List<StartGate.Outcome<String>> outcomes =
          StartGate.run(
              8,
              Duration.ofSeconds(60),
              i ->
                  session.computeOnce(
                      args[1],
                      Duration.ofMinutes(5),
                      ResultCodec.utf8(),
                      () -> {
                        long run = raw.incr(args[1] + ":runs");
                        try {
                          Thread.sleep(500); // the expensive part
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return "value-" + run + "-" + ProcessHandle.current().pid();
                      }));
      for (StartGate.Outcome<String> o : outcomes) {
        System.out.println(o.succeeded() ? "RESULT " + o.value() : "FAILURE " + o.failure());
      }
    }
  }
}
