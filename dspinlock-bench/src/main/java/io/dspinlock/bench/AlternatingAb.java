package io.dspinlock.bench;

import io.dspinlock.test.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.RedisClient;

/**
 * Does a change make this library slower? An alternating A/B of W1–W3: the builds A and B run the
 * dspinlock contender in turns (A B, B A, A B, …) against one redis-server, each in a JVM of its
 * own, and the medians of each side and of the per-round ratios B ÷ A are printed. This machine's
 * speed drifts by several per cent between runs, which the alternation cancels out.
 *
 * <p>Run it with {@code dspinlock-bench/ab REV}, which builds REV and the working tree first.
 * Arguments: rounds, seconds per workload, the classpath files of A and B.
 */
public final class AlternatingAb {
  private static final Pattern RESULT = Pattern.compile("^RESULT (\\S+) (\\S+) (\\S+)$");

  private AlternatingAb() {}

  /**
   * Runs the A/B.
   *
   * @param args rounds, seconds, classpath file of A, classpath file of B
   */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    String seconds = args[1];
    Map<String, String> classpaths = Map.of("A", read(args[2]), "B", read(args[3]));
    Map<String, Map<String, List<Double>>> results = new TreeMap<>();
    try (RedisServer server = RedisServer.start();
        RedisClient admin = RedisClient.create(server.uri())) {
      for (int r = 0; r < rounds; r++) {
        for (String side : r % 2 == 0 ? List.of("A", "B") : List.of("B", "A")) {
          admin.flushAll();
          Process p =
              new ProcessBuilder(
                      "java",
                      "-cp",
                      classpaths.get(side),
                      WorkloadRunner.class.getName(),
                      DSpinlockContender.class.getName(),
                      side,
                      server.uri(),
                      seconds)
                  .redirectErrorStream(true)
                  .start();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          p.waitFor();
          for (String line : out.split("\n")) {
            Matcher m = RESULT.matcher(line.trim());
            if (m.matches()) {
              results
                  .computeIfAbsent(m.group(2), k -> new TreeMap<>())
                  .computeIfAbsent(side, k -> new ArrayList<>())
                  .add(Double.parseDouble(m.group(3)));
            }
          }
          System.out.println("round " + (r + 1) + ": " + side + " done");
        }
      }
    }
    System.out.printf(
        "%-28s %12s %12s %8s %14s%n", "metric", "A median", "B median", "B / A", "paired B / A");
    results.forEach(
        (metric, sides) -> {
          List<Double> a = sides.get("A");
          List<Double> b = sides.get("B");
          List<Double> ratios = new ArrayList<>();
          for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(a.get(i) == 0 ? 1 : b.get(i) / a.get(i));
          }
          double ma = median(a);
          double mb = median(b);
          System.out.printf(
              "%-28s %12.1f %12.1f %8.3f %14.3f%n",
              metric, ma, mb, ma == 0 ? 1 : mb / ma, median(ratios));
        });
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file)).trim();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
