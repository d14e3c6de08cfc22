package io.dspinlock.bench;

import io.dspinlock.test.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.RedisClient;

/**
 * The side-by-side comparison: raw Redis, the two-round-trip floor, this library, Redisson's RLock
 * and RSpinLock and Spring's RedisLockRegistry, one after the other against one redis-server, each
 * in a JVM of its own; then JMH with the GC profiler for allocation. Writes {@code
 * docs/BENCHMARKS.md} and {@code docs/benchmarks.svg}.
 *
 * <p>Run it with {@code dspinlock-bench/compare} from the repository root (it builds first); {@code
 * --seconds N} sets the measuring time of each workload (default 5).
 */
public final class Compare {
  private static final Pattern RESULT = Pattern.compile("^RESULT (\\S+) (\\S+) (\\S+)$");

  /** A contender: its label, the module whose classpath it needs, its class. */
  record Entry(String label, String module, String type, String description) {}

  static final List<Entry> CONTENDERS =
      List.of(
          new Entry(
              "floor",
              "dspinlock-bench",
              JedisFloorContender.class.getName(),
              "bare 2-round-trip Jedis lock (SET NX PX, compare-and-delete)"),
          new Entry(
              "dspinlock", "dspinlock-bench", DSpinlockContender.class.getName(), "this library"),
          new Entry(
              "redisson-rlock",
              "dspinlock-bench/peer-redisson",
              "io.dspinlock.bench.peers.RedissonRLockContender",
              "Redisson 4.7.0 RLock"),
          new Entry(
              "redisson-rspinlock",
              "dspinlock-bench/peer-redisson",
              "io.dspinlock.bench.peers.RedissonSpinLockContender",
              "Redisson 4.7.0 RSpinLock"),
          new Entry(
              "spring-rlr",
              "dspinlock-bench/peer-spring",
              "io.dspinlock.bench.peers.SpringLockRegistryContender",
              "Spring Integration 7.1.2 RedisLockRegistry"));

  private Compare() {}

  /**
   * Runs the comparison.
   *
   * @param args {@code [--seconds N] [--no-jmh]}
   */
  public static void main(String[] args) throws Exception {
    long seconds = 3;
    int rounds = 3;
    boolean jmh = true;
    List<String> only = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--seconds")) {
        seconds = Long.parseLong(args[++i]);
      } else if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--no-jmh")) {
        jmh = false;
      } else if (args[i].equals("--only")) {
        only = List.of(args[++i].split(","));
      } else {
        throw new IllegalArgumentException(
            "usage: Compare [--seconds N] [--rounds N] [--no-jmh] [--only label,label] (a partial"
                + " run writes"
                + " dspinlock-bench/target/BENCHMARKS-partial.md instead of docs/)");
      }
    }
    Path root = Path.of("").toAbsolutePath();
    long started = System.nanoTime();
    Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
    Map<String, String> allocation = new LinkedHashMap<>();
    String redisVersion;
    try (RedisServer server = RedisServer.start();
        RedisClient admin = RedisClient.create(server.uri())) {
      redisVersion =
          admin
              .info("server")
              .lines()
              .filter(l -> l.startsWith("redis_version:"))
              .findFirst()
              .orElse("?")
              .substring(14)
              .trim();
      List<Entry> order = new ArrayList<>(CONTENDERS);
      for (int round = 1; round <= rounds; round++) {
        System.out.println("round " + round + " of " + rounds);
        collect(
            samples,
            run(
                root,
                "dspinlock-bench",
                "io.dspinlock.bench.RawRedis",
                server.uri(),
                Long.toString(seconds)));
        for (Entry e : order) {
          if (only != null && !only.contains(e.label())) {
            continue;
          }
          admin.flushAll();
          collect(
              samples,
              run(
                  root,
                  e.module(),
                  WorkloadRunner.class.getName(),
                  e.type(),
                  e.label(),
                  server.uri(),
                  Long.toString(seconds)));
        }
        // Each round starts with another contender, so that drift in the machine's state
        // does not always favour the same one.
        order.add(order.remove(0));
      }
      if (jmh) {
        allocation.put(
            "dspinlock",
            jmhAllocation(
                root,
                "dspinlock-bench",
                "io.dspinlock.bench.jmh.LockCycleBenchmark.lockUnlock",
                server.uri()));
        allocation.put(
            "redisson-rlock",
            jmhAllocation(
                root,
                "dspinlock-bench/peer-redisson",
                "io.dspinlock.bench.peers.jmh.RedissonLockCycleBenchmark.lockUnlock",
                server.uri()));
      }
    }
    Map<String, Map<String, Double>> results = medians(samples);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Report report = new Report(results, allocation, seconds, rounds, redisVersion, took);
    Files.createDirectories(root.resolve("docs"));
    Path benchmarks = root.resolve("docs/BENCHMARKS.md");
    // Keep the sections dspinlock-bench/w4 and ScriptCost wrote: this comparison measures neither.
    String old =
        Files.exists(benchmarks) ? Files.readString(benchmarks, StandardCharsets.UTF_8) : "";
    Files.writeString(
        benchmarks,
        DocSection.keep(report.markdown(), old, DocSection.W4, DocSection.SCRIPTS),
        StandardCharsets.UTF_8);
    Files.writeString(
        root.resolve("docs/benchmarks.svg"), new Chart(report).svg(), StandardCharsets.UTF_8);
    System.out.println(report.summary());
    System.out.println(
        "wrote docs/BENCHMARKS.md and docs/benchmarks.svg in " + took.toSeconds() + " s");
  }

  private static void collect(Map<String, Map<String, List<Double>>> samples, String output) {
    for (String line : output.split("\n")) {
      Matcher m = RESULT.matcher(line.trim());
      if (m.matches()) {
        samples
            .computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
            .computeIfAbsent(m.group(2), k -> new ArrayList<>())
            .add(Double.parseDouble(m.group(3)));
      }
    }
  }

  /** The median of each metric over the rounds. */
  private static Map<String, Map<String, Double>> medians(
      Map<String, Map<String, List<Double>>> samples) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    samples.forEach(
        (who, metrics) -> {
          Map<String, Double> m = new LinkedHashMap<>();
          metrics.forEach((metric, values) -> m.put(metric, median(values)));
          out.put(who, m);
        });
    return out;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String classpath(Path root, String module) throws IOException {
    Path dir = root.resolve(module).resolve("target");
    Path cp = dir.resolve("classpath.txt");
    if (!Files.exists(cp)) {
      throw new IllegalStateException(
          cp + " is missing: build first (dspinlock-bench/compare does)");
    }
    return dir.resolve("classes") + java.io.File.pathSeparator + Files.readString(cp).trim();
  }

  private static String run(Path root, String module, String main, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xms512m", "-Xmx512m", "-cp", classpath(root, module), main));
    cmd.addAll(List.of(args));
    System.out.println("running " + main + " " + String.join(" ", args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(main + " failed:\n" + out);
    }
    out.lines().filter(l -> l.startsWith("RESULT")).forEach(l -> System.out.println("  " + l));
    return out;
  }

  private static String jmhAllocation(Path root, String module, String benchmark, String uri)
      throws IOException, InterruptedException {
    Path csv = Files.createTempFile("jmh", ".csv");
    run(
        root,
        module,
        "org.openjdk.jmh.Main",
        benchmark + "$",
        "-prof",
        "gc",
        "-p",
        "uri=" + uri,
        "-rf",
        "csv",
        "-rff",
        csv.toString());
    String time = "?";
    String bytes = "?";
    for (String line : Files.readAllLines(csv)) {
      String[] f = line.split(",");
      if (f.length < 5) {
        continue;
      }
      String name = f[0].replace("\"", "");
      if (name.equals(benchmark)) {
        time = f[4];
      } else if (name.equals(benchmark + ":gc.alloc.rate.norm")) {
        bytes = f[4];
      }
    }
    return time + "|" + bytes;
  }
}
