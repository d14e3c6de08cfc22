package io.dspinlock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Turns W4's results into its section of {@code docs/BENCHMARKS.md} ({@link DocSection#W4}), and
 * its chart. The rest of the file belongs to {@link Compare}, which keeps this section when it
 * rewrites the file.
 */
final class W4Report {
  private final List<W4Result> results;
  private final double rttMicros;
  private final MultiProcess.Options options;
  private final String redisVersion;
  private final Duration took;

  W4Report(
      List<W4Result> results,
      double rttMicros,
      MultiProcess.Options options,
      String redisVersion,
      Duration took) {
    this.results = results;
    this.rttMicros = rttMicros;
    this.options = options;
    this.redisVersion = redisVersion;
    this.took = took;
  }

  /** {@return the section, markers included} */
  String section() {
    StringBuilder md = new StringBuilder(DocSection.W4.start()).append("\n");
    md.append("## W4: processes contending for one key\n\n");
    md.append("Made by `")
        .append(options.command())
        .append("` on ")
        .append(LocalDate.now())
        .append(", in ")
        .append(took.toSeconds())
        .append(" s. ")
        .append(options.processes())
        .append(" processes × ")
        .append(options.threads())
        .append(options.threads() == 1 ? " thread" : " threads")
        .append(
            " take and release one key in a loop, once with an empty critical section and once"
                + " with a 1 ms one (a busy-wait on `System.nanoTime()`); every contender in JVMs"
                + " of its own, one after the other, against one redis-server ")
        .append(redisVersion)
        .append(
            " (the embedded-redis binary) on loopback. The processes of a run connect, contend"
                + " unmeasured for ")
        .append(options.warmup().toSeconds())
        .append(
            " s, until each thread has taken the lock once, and until their JIT compilers have"
                + " settled: a second in which each process compiled for less than ")
        .append(W4Run.JIT_QUIET_MILLIS)
        .append(" ms (at most ")
        .append(W4Run.JIT_SETTLE.toSeconds())
        .append(
            " s more; 18 s into a run the compilers of 4 JVMs on 2 cores still took a fifth of a"
                + " core each, CPU taken from the contention measured). In this run the warm-ups"
                + " lasted ")
        .append(
            Report.f("%.0f", results.stream().mapToDouble(W4Result::warmupSeconds).min().orElse(0)))
        .append("–")
        .append(
            Report.f("%.0f", results.stream().mapToDouble(W4Result::warmupSeconds).max().orElse(0)))
        .append(" s, and the compilers of a run's processes compiled for at most ")
        .append(results.stream().mapToLong(W4Result::jitMillis).max().orElse(0))
        .append(" ms, all together, while it was measured. Then all measure the same ")
        .append(options.seconds().toSeconds())
        .append(
            " s, on a signal the parent writes into a memory-mapped file in `/dev/shm` that they"
                + " share. Machine: ")
        .append(machine())
        .append(
            ". RTT, the round trip: p50 of PING on one raw Jedis connection from the parent,"
                + " on the idle server, before each contender's runs: ")
        .append(Report.f("%.1f", rttMicros))
        .append(" µs.")
        .append(
            options.processes() * options.threads() > Runtime.getRuntime().availableProcessors()
                ? " More contending threads than cores: waiters and the holder's busy-wait compete"
                    + " for CPU time."
                : "")
        .append("\n\n");
    md.append("![W4](benchmarks-w4.svg)\n\n");
    md.append(table());
    md.append(legend());
    StringBuilder notes = new StringBuilder();
    for (W4Result r : results) {
      for (String p : new LinkedHashSet<>(r.problems())) {
        notes.append("- ").append(name(r)).append(": ").append(p).append("\n");
      }
    }
    if (notes.length() > 0) {
      md.append("\nWhat went wrong in this run:\n\n").append(notes);
    }
    md.append("\nContenders: ");
    List<String> described =
        MultiProcess.CONTENDERS.stream()
            .map(e -> "`" + e.label() + "` (" + e.description() + ")")
            .toList();
    md.append(String.join("; ", described))
        .append(
            ". Each process runs its contender as the comparison above does (the same classes),"
                + " with a locker per thread. The code: `io.dspinlock.bench.MultiProcess`.\n");
    return md.append(DocSection.W4.end()).toString();
  }

  /** {@return the table: one row per contender and critical section} */
  String table() {
    StringBuilder md = new StringBuilder();
    md.append(
        "| contender | critical section | acquisitions/s | ÷ floor | handoff p50 | handoff p99"
            + " | re-taken by the releaser | smallest share / fair | Jain's index | overlaps"
            + " | lost updates | errors |\n");
    md.append(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (W4Result r : results) {
      md.append(
          row(
              r.label(),
              critical(r.criticalMicros()),
              r.complete() ? Report.f("%,.0f", r.perSecond()) : "**failed**",
              Report.f("%.2f", ofFloor(r)),
              handoff(r, 50),
              handoff(r, 99),
              Report.f("%.1f %%", 100 * r.retakenShare()),
              Report.f("%.2f", r.minShareOfFair()),
              Report.f("%.3f", r.jain()),
              Long.toString(r.overlaps()),
              Report.f("%.0f", r.lostUpdates()),
              r.errors() + (r.stuck() == 0 ? "" : " (" + r.stuck() + " stuck)")));
    }
    return md.toString();
  }

  /** {@return one result on a line, for the console} */
  static String line(W4Result r) {
    return String.format(
        Locale.ROOT,
        "%s: %s acq/s, handoff p50 %s µs p99 %s µs, re-taken %s %%, min share %s, Jain %s,"
            + " overlaps %d, lost %s, errors %d, stuck %d%s",
        name(r),
        Report.f("%,.0f", r.perSecond()),
        Report.f("%.0f", r.handoffMicros(50)),
        Report.f("%.0f", r.handoffMicros(99)),
        Report.f("%.1f", 100 * r.retakenShare()),
        Report.f("%.2f", r.minShareOfFair()),
        Report.f("%.3f", r.jain()),
        r.overlaps(),
        Report.f("%.0f", r.lostUpdates()),
        r.errors(),
        r.stuck(),
        r.problems().isEmpty() ? "" : "; " + String.join("; ", r.problems()));
  }

  /** Two columns (empty, 1 ms critical section) of three panels of bars. */
  String svg() {
    List<String> names = results.stream().map(W4Result::label).distinct().toList();
    int barH = 18;
    int panelH = names.size() * (barH + 6) + 40;
    int column = 480;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            2 * column,
            3 * panelH + 20));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (int c = 0; c < MultiProcess.CRITICAL_MICROS.length; c++) {
      long cs = MultiProcess.CRITICAL_MICROS[c];
      String suffix = ", " + critical(cs) + " critical section";
      int x0 = c * column;
      ToDoubleFunction<String> ratio = n -> of(n, cs, this::ofFloor);
      ToDoubleFunction<String> rtts = n -> of(n, cs, r -> r.handoffMicros(50) / rttMicros);
      ToDoubleFunction<String> share = n -> of(n, cs, W4Result::minShareOfFair);
      Chart.bars(
          s,
          x0,
          0,
          270,
          "W4 acquisitions/s ÷ floor" + suffix,
          names,
          ratio,
          max(names, ratio, 1.2),
          barH);
      Chart.bars(
          s,
          x0,
          panelH,
          270,
          "W4 handoff p50 in RTT" + suffix,
          names,
          rtts,
          max(names, rtts, 5),
          barH);
      Chart.bars(
          s, x0, 2 * panelH, 270, "W4 smallest share / fair" + suffix, names, share, 1, barH);
    }
    return s.append("</svg>\n").toString();
  }

  private double of(String label, long criticalMicros, ToDoubleFunction<W4Result> f) {
    return results.stream()
        .filter(r -> r.label().equals(label) && r.criticalMicros() == criticalMicros)
        .mapToDouble(f)
        .findFirst()
        .orElse(Double.NaN);
  }

  private static double max(List<String> names, ToDoubleFunction<String> f, double floor) {
    return Math.max(
        floor, names.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).max().orElse(floor));
  }

  /** {@return a row's acquisitions/s over the floor's with the same critical section} */
  private double ofFloor(W4Result r) {
    return r.perSecond() / of("floor", r.criticalMicros(), W4Result::perSecond);
  }

  private String handoff(W4Result r, double percentile) {
    double micros = r.handoffMicros(percentile);
    return Double.isNaN(micros)
        ? "–"
        : Report.f("%.1f", micros / rttMicros) + " RTT (" + Report.f("%,.0f", micros) + " µs)";
  }

  private static String critical(long micros) {
    return micros == 0 ? "empty" : Report.f("%.0f ms", micros / 1000.0);
  }

  private static String name(W4Result r) {
    return r.label() + ", " + critical(r.criticalMicros());
  }

  private static String legend() {
    return "\n- **handoff**: from the `System.nanoTime()` the releasing process writes into the"
        + " shared file just before its unlock call, to the next holder's lock returning, when"
        + " that holder is another process (CLOCK_MONOTONIC, one clock for all processes on"
        + " Linux); in RTT, µs in brackets.\n"
        + "- **re-taken by the releaser**: the share of acquisitions by the process that released"
        + " last (by any of its threads).\n"
        + "- **smallest share / fair**: the fewest acquisitions of one process over total ÷"
        + " processes; **Jain's index**: (Σx)² / (n·Σx²) over the processes' acquisitions, 1 when"
        + " they are equal, 1/n when one process takes them all.\n"
        + "- **overlaps**: the times a holder found the holder field of the shared file taken on"
        + " entry, or changed before its exit; **lost updates**: acquisitions minus the counter"
        + " that each holder increments in the file without atomics (read, critical section,"
        + " write). Both over the whole run, warm-up included; both must be 0.\n"
        + "- **errors**: exceptions from lock or unlock; stuck: threads still in lock() 10 s"
        + " after the stop, left behind.\n";
  }

  /** Cores, CPU, OS and Java, as this process sees them. */
  private static String machine() {
    String cpu = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("?");
    } catch (IOException | RuntimeException e) {
      // not Linux: the model stays unknown
    }
    return Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpu
        + "), "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + System.getProperty("java.version");
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
