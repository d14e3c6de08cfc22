package io.dspinlock.bench;

import io.dspinlock.test.RedisServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * W4, contention between processes: P processes of T threads each take and release one key in a
 * loop, with an empty critical section and with a 1 ms one, for every contender in turn, each in
 * JVMs of its own against one redis-server. It measures acquisitions per second, the cross-process
 * handoff latency in round trips, how often the releasing process takes the key again, how evenly
 * the processes share it, and mutual exclusion (overlaps, lost updates); see {@link
 * MultiProcessWorker} for a process' part and {@link W4Run} for one run.
 *
 * <p>Run it with {@code dspinlock-bench/w4} from the repository root (it builds first). It writes
 * the W4 section of {@code docs/BENCHMARKS.md}, between {@code <!-- W4 -->} and {@code <!-- /W4
 * -->}, and {@code docs/benchmarks-w4.svg}; with {@code --only} it writes them to {@code
 * dspinlock-bench/target/w4-partial/} instead, leaving the docs alone.
 */
public final class MultiProcess {
  /** The contenders, the floor first: each row's throughput is given relative to it. */
  static final List<Compare.Entry> CONTENDERS =
      List.of(
          new Compare.Entry(
              "floor",
              "dspinlock-bench",
              JedisFloorContender.class.getName(),
              "bare Jedis loop: SET NX PX retried at once without sleeping, compare-and-delete"),
          new Compare.Entry(
              "fair-floor",
              "dspinlock-bench",
              JedisFairFloorContender.class.getName(),
              "bare Jedis fair handoff, no script: a baton list, BLPOP to take it, LPUSH to give"
                  + " it back; Redis serves blocked clients in arrival order"),
          new Compare.Entry(
              "dspinlock",
              "dspinlock-bench",
              DSpinlockContender.class.getName(),
              "this library, fair: the default"),
          new Compare.Entry(
              "dspinlock-unfair",
              "dspinlock-bench",
              DSpinlockUnfairContender.class.getName(),
              "this library, `fair(false)`"),
          new Compare.Entry(
              "redisson-rlock",
              "dspinlock-bench/peer-redisson",
              "io.dspinlock.bench.peers.RedissonRLockContender",
              "Redisson 4.7.0 RLock"),
          new Compare.Entry(
              "redisson-fairlock",
              "dspinlock-bench/peer-redisson",
              "io.dspinlock.bench.peers.RedissonFairLockContender",
              "Redisson 4.7.0 RFairLock"),
          new Compare.Entry(
              "spring-rlr",
              "dspinlock-bench/peer-spring",
              "io.dspinlock.bench.peers.SpringLockRegistryContender",
              "Spring Integration 7.1.2 RedisLockRegistry"));

  /** The critical sections, in µs: empty, and a 1 ms busy-wait. */
  static final long[] CRITICAL_MICROS = {0, 1000};

  private static final String USAGE =
      "usage: MultiProcess [--processes P] [--threads T] [--seconds N] [--warmup N]"
          + " [--only label,label] (contenders: floor, fair-floor, dspinlock, dspinlock-unfair,"
          + " redisson-rlock, redisson-fairlock, spring-rlr; a partial run writes"
          + " dspinlock-bench/target/w4-partial/ instead of docs/)";

  /**
   * The run's settings.
   *
   * @param processes JVMs per contender
   * @param threads contending threads per JVM
   * @param seconds the measured window of each run
   * @param warmup the unmeasured contention before it
   * @param only the contenders to run, or null for all
   * @param command the command line, for the report
   */
  record Options(
      int processes,
      int threads,
      Duration seconds,
      Duration warmup,
      List<String> only,
      String command) {

    static Options parse(String[] args) {
      int processes = 4;
      int threads = 1;
      long seconds = 5;
      long warmup = 15; // s: JIT compilation of 4 JVMs on 2 cores lasts about 10 s
      List<String> only = null;
      try {
        for (int i = 0; i < args.length; i++) {
          switch (args[i]) {
            case "--processes" -> processes = Integer.parseInt(args[++i]);
            case "--threads" -> threads = Integer.parseInt(args[++i]);
            case "--seconds" -> seconds = Long.parseLong(args[++i]);
            case "--warmup" -> warmup = Long.parseLong(args[++i]);
            case "--only" -> only = List.of(args[++i].split(","));
            default -> throw new IllegalArgumentException(USAGE);
          }
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new IllegalArgumentException(USAGE, e);
      }
      if (processes < 2 || threads < 1 || seconds < 1 || warmup < 0) {
        throw new IllegalArgumentException("at least 2 processes, 1 thread, 1 s; " + USAGE);
      }
      if (only != null) {
        List<String> known = CONTENDERS.stream().map(Compare.Entry::label).toList();
        for (String o : only) {
          if (!known.contains(o)) {
            throw new IllegalArgumentException("unknown contender " + o + "; " + USAGE);
          }
        }
      }
      String command = String.join(" ", List.of(args));
      return new Options(
          processes,
          threads,
          Duration.ofSeconds(seconds),
          Duration.ofSeconds(warmup),
          only,
          "dspinlock-bench/w4" + (command.isEmpty() ? "" : " " + command));
    }
  }

  private MultiProcess() {}

  /**
   * Runs W4.
   *
   * @param args {@code [--processes P] [--threads T] [--seconds N] [--warmup N] [--only a,b]}
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path root = Path.of("").toAbsolutePath();
    long started = System.nanoTime();
    Latencies pings = new Latencies();
    List<W4Result> results = new ArrayList<>();
    String redisVersion;
    try (RedisServer server = RedisServer.start();
        RedisClient admin = RedisClient.create(server.uri())) {
      redisVersion = redisVersion(admin);
      for (Compare.Entry e : CONTENDERS) {
        if (options.only() != null && !options.only().contains(e.label())) {
          continue;
        }
        // The round trip, from this process on an idle server, next to each contender's runs
        // so that the one figure (the p50 of all) spans the drift of the machine.
        RawRedis.rate(URI.create(server.uri()), 1, Duration.ofSeconds(1), false, pings);
        for (long critical : CRITICAL_MICROS) {
          admin.flushAll();
          System.out.printf(
              "running %s, critical section %d µs: %d processes × %d thread(s)%n",
              e.label(), critical, options.processes(), options.threads());
          W4Result r = new W4Run(root, e, critical, options, server.uri()).execute();
          results.add(r);
          System.out.println("  " + W4Report.line(r));
        }
      }
    }
    W4Report report =
        new W4Report(
            results,
            pings.percentileMicros(50),
            options,
            redisVersion,
            Duration.ofNanos(System.nanoTime() - started));
    Path out =
        options.only() == null
            ? root.resolve("docs")
            : root.resolve("dspinlock-bench/target/w4-partial");
    Files.createDirectories(out);
    Path docs = root.resolve("docs/BENCHMARKS.md");
    String doc = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "";
    Files.writeString(
        out.resolve("BENCHMARKS.md"),
        DocSection.W4.splice(doc, report.section()),
        StandardCharsets.UTF_8);
    Files.writeString(out.resolve("benchmarks-w4.svg"), report.svg(), StandardCharsets.UTF_8);
    System.out.println(report.table());
    System.out.println(
        "RTT "
            + Report.f("%.1f", pings.percentileMicros(50))
            + " µs; wrote "
            + root.relativize(out.resolve("BENCHMARKS.md"))
            + " (W4 section) and "
            + root.relativize(out.resolve("benchmarks-w4.svg")));
    System.exit(0);
  }

  private static String redisVersion(RedisClient admin) {
    return admin
        .info("server")
        .lines()
        .filter(l -> l.startsWith("redis_version:"))
        .findFirst()
        .map(l -> l.substring(14).trim())
        .orElse("?");
  }
}
