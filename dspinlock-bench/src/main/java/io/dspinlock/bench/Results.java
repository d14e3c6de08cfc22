package io.dspinlock.bench;

import java.util.Locale;

/** Prints results as {@code RESULT <contender> <metric> <value>} lines for the comparison. */
final class Results {
  private Results() {}

  static void print(String contender, String metric, double value) {
    System.out.println(String.format(Locale.ROOT, "RESULT %s %s %.3f", contender, metric, value));
  }
}
