package io.dspinlock.cli;

import io.dspinlock.test.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.RedisClient;

/**
 * The demo: worker JVMs contend for locks on one Redis and the demo shows, live, who waits, who
 * holds, and checks the outcome of each scenario in Redis.
 */
@Command(
    name = "demo",
    description = {
      "Show the library at work: worker JVMs contend for locks on one Redis.",
      "Without --redis, an embedded redis-server is started on a free loopback port.",
      "Scenarios: mutual exclusion; compute once (cached-if-computed); run at most once"
          + " (fail-if-key-exists); a holder killed with -9 whose lock is taken over after its"
          + " lease."
    },
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
  private static final long LEASE_MS = 2000;

  @Spec CommandSpec spec;

  @Option(
      names = "--redis",
      paramLabel = "URI",
      description = "Use this Redis instead of an embedded one; the demo's keys are removed after.")
  String uri;

  @Option(
      names = "--workers",
      defaultValue = "4",
      paramLabel = "N",
      description = "Workers in the first scenario (default: ${DEFAULT-VALUE}).")
  int workers;

  private PrintWriter out;
  private long start;
  private String redisUri;
  private String prefix;
  private final List<String> summary = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    start = System.nanoTime();
    prefix = "demo-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    RedisServer embedded = null;
    if (uri == null) {
      embedded = RedisServer.start();
      redisUri = embedded.uri();
      out.println(
          "dspinlock demo: started an embedded redis-server on 127.0.0.1:"
              + embedded.port()
              + " (no --redis given)");
    } else {
      redisUri = uri;
      out.println("dspinlock demo: using the Redis at " + describe(uri));
    }
    out.flush();
    try (RedisClient raw = RedisClient.create(redisUri)) {
      boolean ok = mutualExclusion(raw) & computeOnce(raw) & runOnce(raw) & crashRecovery(raw);
      for (String k : raw.keys(prefix + "*")) {
        raw.del(k);
      }
      new io.dspinlock.HashDSpinlock("x"); // keep the library's classes warm for the summary
      out.println();
      out.println("Summary (" + seconds().strip() + "):");
      summary.forEach(s -> out.println("  " + s));
      out.println(ok ? "All scenarios behaved as they should." : "SOME SCENARIOS FAILED.");
      out.flush();
      return ok ? 0 : 1;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** The server a URI names, without its passwords (the library's own description). */
  private static String describe(String uri) {
    try {
      return io.dspinlock.RedisParameters.fromUri(uri).describe();
    } catch (IllegalArgumentException unreadable) {
      return "given by --redis";
    }
  }

  private String seconds() {
    return String.format(Locale.ROOT, "%5.1fs", (System.nanoTime() - start) / 1e9);
  }

  private void heading(String text) {
    out.println();
    out.println(text);
    out.flush();
  }

  private boolean verdict(boolean ok, String text) {
    String line = (ok ? "✓ " : "✗ ") + text;
    out.println("  " + line);
    out.flush();
    summary.add(line);
    return ok;
  }

  private boolean mutualExclusion(RedisClient raw) throws Exception {
    String key = prefix + "report";
    heading(
        "1. Mutual exclusion: "
            + workers
            + " worker JVMs take one lock 3 times each, 300 ms per turn");
    List<Worker> all = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      all.add(new Worker("worker-" + i, "turns", key, "3"));
    }
    awaitAll(all, 60);
    long turns = number(raw.get(key + ":turns"));
    boolean overlap = all.stream().anyMatch(w -> w.saw("OVERLAP"));
    return verdict(
        turns == workers * 3L && !overlap,
        "mutual exclusion: " + turns + " turns, never two holders at once (checked in Redis)");
  }

  private boolean computeOnce(RedisClient raw) throws Exception {
    String key = prefix + "monthly-report";
    heading("2. Compute once: 3 workers want the same expensive report (cachedIfComputed)");
    List<Worker> all = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      all.add(new Worker("worker-" + i, "compute", key));
    }
    awaitAll(all, 60);
    long computations = number(raw.get(key + ":computations"));
    long reads = number(raw.get(key + ":reads"));
    return verdict(
        computations == 1 && reads == 2,
        "cached-if-computed: computed "
            + computations
            + " time(s), read from cache "
            + reads
            + " time(s)");
  }

  private boolean runOnce(RedisClient raw) throws Exception {
    String key = prefix + "nightly-job";
    heading("3. Run at most once: 2 workers start the same job at once (failIfKeyExists)");
    List<Worker> all =
        List.of(new Worker("worker-1", "once", key), new Worker("worker-2", "once", key));
    awaitAll(all, 60);
    long runs = number(raw.get(key + ":runs"));
    long refused = number(raw.get(key + ":refused"));
    return verdict(
        runs == 1 && refused == 1,
        "fail-if-key-exists: the job ran "
            + runs
            + " time(s), "
            + refused
            + " start refused at once");
  }

  private boolean crashRecovery(RedisClient raw) throws Exception {
    String key = prefix + "cache-rebuild";
    heading(
        "4. A holder killed with kill -9: its lock frees itself after its lease ("
            + LEASE_MS
            + " ms)");
    Worker holder = new Worker("worker-1", "hold", key, Long.toString(LEASE_MS));
    holder.awaitLine("holds the lock", 60);
    Worker waiter = new Worker("worker-2", "takeover", key);
    waiter.awaitLine("wants the lock", 60);
    long killedAt = System.nanoTime();
    show("demo", "kill -9 worker-1 (pid " + holder.process.pid() + ") while it holds the lock");
    holder.process.destroyForcibly();
    holder.process.waitFor(10, TimeUnit.SECONDS);
    awaitAll(List.of(waiter), 60);
    long ms = (System.nanoTime() - killedAt) / 1_000_000;
    return verdict(
        waiter.saw("holds the lock") && ms < LEASE_MS + 3000,
        "crash safety: worker-2 took the lock "
            + ms
            + " ms after worker-1 was killed (lease "
            + LEASE_MS
            + " ms)");
  }

  private static long number(String value) {
    return value == null ? 0 : Long.parseLong(value);
  }

  private void awaitAll(List<Worker> all, long seconds) throws InterruptedException {
    for (Worker w : all) {
      if (!w.process.waitFor(seconds, TimeUnit.SECONDS)) {
        w.process.destroyForcibly();
        throw new IllegalStateException(w.name + " did not finish within " + seconds + " s");
      }
      w.reader.join(TimeUnit.SECONDS.toMillis(10));
      if (w.process.exitValue() != 0) {
        throw new IllegalStateException(w.name + " failed with status " + w.process.exitValue());
      }
    }
  }

  private synchronized void show(String who, String what) {
    out.println(String.format(Locale.ROOT, "  %s  %-9s %s", seconds(), who, what));
    out.flush();
  }

  /** A worker JVM whose lines are shown as they come. */
  private final class Worker {
    final String name;
    final Process process;
    final Thread reader;
    private final List<String> lines = new ArrayList<>();

    Worker(String name, String mode, String key, String... more) throws IOException {
      this.name = name;
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoWorker.class.getName()));
      cmd.addAll(List.of(mode, redisUri, key, name));
      cmd.addAll(List.of(more));
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      reader = new Thread(this::read, name + "-output");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
          if (!line.equals("EXIT") && !line.startsWith("[")) {
            show(name, line);
          }
        }
      } catch (IOException closed) {
        // the worker was killed
      }
    }

    synchronized boolean saw(String text) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }

    synchronized void awaitLine(String text, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (!saw(text)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !saw(text)) {
          throw new IllegalStateException(name + " never said '" + text + "': " + lines);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
