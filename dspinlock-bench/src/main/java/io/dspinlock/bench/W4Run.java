package io.dspinlock.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One W4 run: the processes of one contender with one critical section, started together, driven
 * through the {@link SharedArea} (ready, warm-up, measure, stop) and collected. The warm-up lasts
 * the option's time and until every thread has taken the lock once. Every wait is bounded: a
 * process that does not get ready, or does not exit after the stop, is killed, and the run reports
 * it instead of hanging.
 */
final class W4Run {
  /** A process' one result line (see {@link MultiProcessWorker}). */
  private static final Pattern RESULT = Pattern.compile("^W4RESULT p(\\d+)((?: \\w+=-?\\d+)+)$");

  private static final List<String> METRICS =
      List.of("acquisitions", "all_acquisitions", "retaken", "overlaps", "errors", "stuck");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  // Warming up lasts until every thread has taken the lock once, at least the warm-up option.
  private static final Duration MAX_WARMUP = Duration.ofSeconds(30);
  // Then until the JIT compilers have settled: a second in which each process compiled for less
  // than JIT_QUIET_MILLIS, at most JIT_SETTLE more. On 2 cores the compilers of 4 JVMs took a
  // fifth of a core each 18 s in, and that CPU is taken from the contention being measured.
  static final long JIT_QUIET_MILLIS = 10;
  static final Duration JIT_SETTLE = Duration.ofSeconds(60);
  // A worker waits 10 s for threads stuck in lock(), then closes its contender.
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  /** Workers still running, killed if the parent is stopped. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "w4-cleanup"));
  }

  private final Path root;
  private final Compare.Entry entry;
  private final long criticalMicros;
  private final MultiProcess.Options options;
  private final String uri;
  private final List<String> problems = new ArrayList<>();

  W4Run(
      Path root,
      Compare.Entry entry,
      long criticalMicros,
      MultiProcess.Options options,
      String uri) {
    this.root = root;
    this.entry = entry;
    this.criticalMicros = criticalMicros;
    this.options = options;
    this.uri = uri;
  }

  /** Runs the processes and collects what they report. */
  W4Result execute() throws IOException, InterruptedException {
    int n = options.processes();
    String name = entry.label() + "-" + criticalMicros + "us";
    Path file =
        SharedArea.directory()
            .resolve("dspinlock-w4-" + ProcessHandle.current().pid() + "-" + name);
    Path logs = root.resolve("dspinlock-bench/target/w4");
    Files.createDirectories(logs);
    // A former run's logs, of more processes maybe, would mislead whoever reads them.
    try (var old = Files.newDirectoryStream(logs, name + "-p*.log")) {
      for (Path log : old) {
        Files.delete(log);
      }
    }
    SharedArea area = SharedArea.create(file, n);
    List<Process> processes = new ArrayList<>();
    double seconds = 0;
    double warmup = 0;
    long jitMillis = 0;
    try {
      String classpath = Compare.classpath(root, entry.module());
      for (int i = 0; i < n; i++) {
        processes.add(start(classpath, file, i, logs.resolve(name + "-p" + i + ".log")));
      }
      boolean ready = await(() -> area.readyCount(n) == n || anyDead(processes), READY_TIMEOUT);
      if (ready && !anyDead(processes)) {
        long warmupStart = System.nanoTime();
        area.setState(SharedArea.WARMUP);
        Thread.sleep(options.warmup().toMillis());
        // A first acquisition can take seconds (class loading, connections, a peer's probing
        // of the server); measuring before every thread is through it would measure that.
        if (!await(() -> area.coldThreads(n, options.threads()) == 0, MAX_WARMUP)) {
          problems.add(
              area.coldThreads(n, options.threads())
                  + " threads had not taken the lock after "
                  + MAX_WARMUP.toSeconds()
                  + " s of warm-up; measured anyway");
        }
        awaitJitSettled(area, n);
        long start = System.nanoTime();
        long compiledBefore = area.compileMillis(n);
        area.setState(SharedArea.MEASURE);
        warmup = (start - warmupStart) / 1e9;
        Thread.sleep(options.seconds().toMillis());
        area.setState(SharedArea.STOP);
        seconds = (System.nanoTime() - start) / 1e9;
        jitMillis = area.compileMillis(n) - compiledBefore;
        System.out.printf(
            "  warmed up for %.1f s; the JIT compiled for %d ms while measured%n",
            warmup, jitMillis);
      } else {
        problems.add(
            ready
                ? "a process exited before all were ready; not measured"
                : "only "
                    + area.readyCount(n)
                    + " of "
                    + n
                    + " processes ready after "
                    + READY_TIMEOUT.toSeconds()
                    + " s; not measured");
        area.setState(SharedArea.STOP);
      }
      awaitExits(processes);
      return collect(area, file, logs, name, seconds, warmup, jitMillis);
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
        LIVE.remove(p);
      }
      Files.deleteIfExists(file);
      for (int i = 0; i < n; i++) {
        Files.deleteIfExists(samplesFile(file, i));
      }
    }
  }

  private Process start(String classpath, Path file, int index, Path log) throws IOException {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms512m",
            "-Xmx512m",
            "-cp",
            classpath,
            MultiProcessWorker.class.getName(),
            entry.type(),
            uri,
            file.toString(),
            Integer.toString(index),
            Integer.toString(options.threads()),
            Long.toString(criticalMicros),
            samplesFile(file, index).toString());
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LIVE.add(p);
    return p;
  }

  private static Path samplesFile(Path file, int index) {
    return file.resolveSibling(file.getFileName() + ".p" + index + ".samples");
  }

  private static boolean anyDead(List<Process> processes) {
    return processes.stream().anyMatch(p -> !p.isAlive());
  }

  private static boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Waits until the processes' JIT compilers are quiet: a second in which they compiled for less
   * than {@link #JIT_QUIET_MILLIS} each, as the processes report it; at most {@link #JIT_SETTLE}.
   */
  private static void awaitJitSettled(SharedArea area, int processes) throws InterruptedException {
    long end = System.nanoTime() + JIT_SETTLE.toNanos();
    long compiled = area.compileMillis(processes);
    while (System.nanoTime() - end < 0) {
      Thread.sleep(1000);
      long now = area.compileMillis(processes);
      if (now - compiled < JIT_QUIET_MILLIS * processes) {
        return;
      }
      compiled = now;
    }
  }

  /** Waits for every process, together at most {@link #EXIT_TIMEOUT}; kills the late ones. */
  private void awaitExits(List<Process> processes) throws InterruptedException {
    long end = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      long left = Math.max(1, end - System.nanoTime());
      if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        problems.add("process " + i + " killed " + EXIT_TIMEOUT.toSeconds() + " s after the stop");
      } else if (p.exitValue() != 0) {
        problems.add("process " + i + " exited with " + p.exitValue());
      }
    }
  }

  private W4Result collect(
      SharedArea area,
      Path file,
      Path logs,
      String name,
      double seconds,
      double warmup,
      long jitMillis)
      throws IOException {
    int n = options.processes();
    long[] acquisitions = new long[n];
    Map<String, Long> totals = new HashMap<>();
    boolean complete = seconds > 0;
    Latencies handoffs = new Latencies();
    for (int i = 0; i < n; i++) {
      Path log = logs.resolve(name + "-p" + i + ".log");
      String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Map<String, Long> counts = new HashMap<>();
      for (String line : out.split("\n")) {
        line = line.trim();
        Matcher m = RESULT.matcher(line);
        if (m.matches() && Integer.parseInt(m.group(1)) == i) {
          for (String pair : m.group(2).trim().split(" ")) {
            String[] kv = pair.split("=");
            counts.put(kv[0], Long.parseLong(kv[1]));
          }
        } else if (line.startsWith("ERROR ") && problems.size() < 8) {
          problems.add("process " + i + ": " + line.substring(6));
        }
      }
      if (counts.keySet().containsAll(METRICS)) {
        acquisitions[i] = counts.get("acquisitions");
        counts.forEach((metric, v) -> totals.merge(metric, v, Long::sum));
      } else {
        complete = false;
        problems.add("process " + i + " reported nothing: see " + root.relativize(log));
      }
      Path samples = samplesFile(file, i);
      if (Files.exists(samples)) {
        try (InputStream in = Files.newInputStream(samples);
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
          for (long k = Files.size(samples) / 8; k > 0; k--) {
            handoffs.add(data.readLong());
          }
        }
      }
    }
    return new W4Result(
        entry.label(),
        criticalMicros,
        acquisitions,
        totals.getOrDefault("all_acquisitions", 0L),
        area.counter(),
        totals.getOrDefault("retaken", 0L),
        totals.getOrDefault("overlaps", 0L),
        totals.getOrDefault("errors", 0L),
        totals.getOrDefault("stuck", 0L),
        handoffs,
        seconds,
        warmup,
        jitMillis,
        List.copyOf(problems),
        complete);
  }
}
