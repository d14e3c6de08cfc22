package io.dspinlock.bench;

import java.util.List;
import java.util.Locale;

/** The chart of {@code docs/BENCHMARKS.md}: the ratios of a {@link Report} as SVG bars. */
final class Chart {
  private final Report report;

  Chart(Report report) {
    this.report = report;
  }

  /** Three panels of horizontal bars: W1 ratio, W2 handoff in RTT, W3 ratio. */
  String svg() {
    List<String> names = report.contenders();
    int barH = 18;
    int panelH = names.size() * (barH + 6) + 40;
    int width = 900;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            panelH * 3 + 20));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    panel(
        s,
        0,
        "W1: cycles/s / raw 1-connection limit (higher is better)",
        names,
        report::w1Ratio,
        1.2,
        barH,
        panelH);
    panel(
        s,
        panelH,
        "W2: handoff p50 in round trips (lower is better)",
        names,
        report::w2Rtts,
        Math.max(
            5,
            names.stream()
                .mapToDouble(report::w2Rtts)
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(5)),
        barH,
        panelH);
    panel(
        s,
        panelH * 2,
        "W3: cycles/s / raw 8-connection limit (higher is better)",
        names,
        report::w3Ratio,
        1.2,
        barH,
        panelH);
    s.append("</svg>\n");
    return s.toString();
  }

  private void panel(
      StringBuilder s,
      int y0,
      String title,
      List<String> names,
      java.util.function.ToDoubleFunction<String> value,
      double max,
      int barH,
      int panelH) {
    bars(s, 0, y0, 650, title, names, value, max, barH);
  }

  /**
   * One panel: a title, then a bar per name, this library's blue, the floor grey, peers orange.
   * W4's chart uses it too.
   *
   * @param x0 the panel's left edge
   * @param y0 the panel's top
   * @param span the width of a bar at {@code max}
   */
  static void bars(
      StringBuilder s,
      int x0,
      int y0,
      int span,
      String title,
      List<String> names,
      java.util.function.ToDoubleFunction<String> value,
      double max,
      int barH) {
    int left = x0 + 150;
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
            x0 + 10,
            y0 + 20,
            title));
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      double v = value.applyAsDouble(n);
      int y = y0 + 30 + i * (barH + 6);
      double w = Double.isNaN(v) ? 0 : Math.min(1, v / max) * span;
      String color =
          n.startsWith(Report.ME) ? "#2a7ab0" : n.endsWith("floor") ? "#999999" : "#e0a040";
      s.append(
          String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x0 + 10, y + 13, n));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
              left,
              y,
              w,
              barH,
              color));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
              left + w + 5,
              y + 13,
              Report.f("%.2f", v)));
    }
  }
}
