package io.dspinlock.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;

/**
 * Raw Redis, the yardstick: a bare SET loop and PING on one connection and on eight, each on its
 * own thread and its own connection. A lock cycle needs at least two round trips, so half the SET
 * rate is the limit a lock can reach.
 *
 * <p>Usage: {@code RawRedis <redis uri> <seconds>}.
 */
public final class RawRedis {
  private RawRedis() {}

  /**
   * Measures.
   *
   * @param args redis URI, seconds per measurement
   */
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    Duration d = Duration.ofSeconds(Long.parseLong(args[1]));
    for (int conns : new int[] {1, 8}) {
      Results.print("raw", "set_" + conns + "conn_per_s", rate(uri, conns, d, true, null));
      Latencies pings = new Latencies();
      double pingRate = rate(uri, conns, d, false, pings);
      Results.print("raw", "ping_" + conns + "conn_per_s", pingRate);
      Results.print("raw", "ping_" + conns + "conn_p50_us", pings.percentileMicros(50));
    }
    System.out.println("DONE raw");
  }

  /**
   * Runs a SET or PING loop on {@code conns} connections: half of {@code d} to warm up, then {@code
   * d} measured. W4 measures its round trip with it too.
   *
   * @param uri the Redis URI
   * @param conns connections, one thread each
   * @param d the measured time
   * @param set SET if true, else PING
   * @param lat where each measured operation's latency goes, or null
   * @return operations per second
   */
  static double rate(URI uri, int conns, Duration d, boolean set, Latencies lat)
      throws InterruptedException {
    AtomicLong ops = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Latencies> lats = new ArrayList<>();
    long warmEnd = System.nanoTime() + d.toNanos() / 2;
    long end = warmEnd + d.toNanos();
    for (int i = 0; i < conns; i++) {
      Latencies mine = new Latencies();
      lats.add(mine);
      String key = "raw:" + i;
      threads.add(
          new Thread(
              () -> {
                try (Jedis jedis = new Jedis(uri)) {
                  long n = 0;
                  for (long now = System.nanoTime(); now < end; ) {
                    if (set) {
                      jedis.set(key, "v");
                    } else {
                      jedis.ping();
                    }
                    long after = System.nanoTime();
                    if (now >= warmEnd) {
                      n++;
                      mine.add(after - now);
                    }
                    now = after;
                  }
                  ops.addAndGet(n);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    if (lat != null) {
      lats.forEach(lat::addAll);
    }
    return ops.get() / (d.toNanos() / 1e9);
  }
}
