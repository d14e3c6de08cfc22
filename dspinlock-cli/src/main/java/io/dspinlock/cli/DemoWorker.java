package io.dspinlock.cli;

import io.dspinlock.FailIfKeyExistsIsEnabledException;
import io.dspinlock.HashDSpinlock;
import io.dspinlock.LockInfo;
import io.dspinlock.LockOptionsBuilder;
import io.dspinlock.RedisConnections;
import io.dspinlock.RedisSession;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/**
 * One worker process of the demo: a separate JVM that uses the library as an application would, and
 * reports each step on a line of its own for the demo to show.
 *
 * <p>Arguments: mode, redis URI, key, worker name, then the mode's own. Modes: {@code turns N}
 * (take the lock N times, 300 ms each), {@code compute} (cached-if-computed), {@code once}
 * (fail-if-key-exists), {@code hold LEASE_MS} (hold until killed), {@code takeover}.
 */
public final class DemoWorker {
  private final RedisSession session;
  private final RedisClient raw;
  private final String key;

  private DemoWorker(RedisSession session, RedisClient raw, String key) {
    this.session = session;
    this.raw = raw;
    this.key = key;
  }

  /**
   * Runs a worker.
   *
   * @param args mode, URI, key, name, and the mode's arguments
   */
  public static void main(String[] args) throws Exception {
    try (RedisSession session = RedisConnections.create(args[1]);
        RedisClient raw = RedisClient.create(args[1])) {
      DemoWorker w = new DemoWorker(session, raw, args[2]);
      switch (args[0]) {
        case "turns":
          w.turns(Integer.parseInt(args[4]));
          break;
        case "compute":
          w.compute();
          break;
        case "once":
          w.once();
          break;
        case "hold":
          w.hold(Duration.ofMillis(Long.parseLong(args[4])));
          break;
        case "takeover":
          w.takeover();
          break;
        default:
          throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    }
    System.out.println("EXIT");
  }

  private static void say(String event) {
    System.out.println(event);
    System.out.flush();
  }

  /** A lock that waits as long as the demo needs: 100 tries. */
  private HashDSpinlock lock(LockOptionsBuilder<HashDSpinlock> options, Duration lease) {
    return options.session(session).maxSpinlockTries(100).leaseTime(lease).build();
  }

  private void turns(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      LockInfo now = session.inspect(new HashDSpinlock(key).getKey());
      say(
          now.status() == LockInfo.Status.BLOCKED
              ? "waits: held by " + now.value().map(v -> v.uuid().substring(0, 8)).orElse("?")
              : "wants the lock");
      try (HashDSpinlock lock = lock(HashDSpinlock.builder(key), Duration.ofSeconds(30))) {
        lock.acquire();
        boolean alone = raw.incr(key + ":inside") == 1;
        String tag =
            session.inspect(lock.getKey()).value().map(v -> v.uuid().substring(0, 8)).orElse("?");
        say(
            "holds the lock as "
                + tag
                + ", token "
                + lock.fencingToken()
                + (alone ? "" : " OVERLAP"));
        raw.incr(key + ":turns");
        Thread.sleep(300); // the work done under the lock
        raw.decr(key + ":inside");
        say("releases");
      }
      Thread.sleep(100); // other work between turns, which lets the others in
    }
  }

  private void compute() throws InterruptedException {
    say("wants the report");
    try (HashDSpinlock lock =
        lock(HashDSpinlock.builder(key).cachedIfComputed(true), Duration.ofSeconds(30))) {
      lock.acquire();
      if (lock.isComputed()) {
        say("found it COMPUTED: reads the cached result \"" + raw.get(key + ":result") + "\"");
        raw.incr(key + ":reads");
        return;
      }
      say("computes the report (1 s)...");
      raw.incr(key + ":computations");
      Thread.sleep(1000); // the expensive query
      raw.set(key + ":result", "42 rows");
      say("computed it and stored the result");
    }
  }

  private void once() throws InterruptedException {
    try (HashDSpinlock lock =
        lock(HashDSpinlock.builder(key).failIfKeyExists(true), Duration.ofSeconds(30))) {
      lock.acquire();
      say("runs the job");
      raw.incr(key + ":runs");
      Thread.sleep(1500); // the job
      say("finished the job");
    } catch (FailIfKeyExistsIsEnabledException e) {
      raw.incr(key + ":refused");
      say("refused at once: FailIfKeyExistsIsEnabledException (the job is already running)");
    }
  }

  private void hold(Duration lease) throws InterruptedException {
    HashDSpinlock lock = lock(HashDSpinlock.builder(key), lease);
    lock.acquire();
    say("holds the lock, token " + lock.fencingToken() + ", lease " + lease.toMillis() + " ms");
    Thread.sleep(Long.MAX_VALUE); // until killed
  }

  private void takeover() {
    say("wants the lock");
    long start = System.nanoTime();
    try (HashDSpinlock lock = lock(HashDSpinlock.builder(key), Duration.ofSeconds(30))) {
      lock.acquire();
      long ms = (System.nanoTime() - start) / 1_000_000;
      say("holds the lock, token " + lock.fencingToken() + ", after waiting " + ms + " ms");
    }
  }
}
