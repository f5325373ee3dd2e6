package org.cfeval.jobs;

import java.util.ArrayList;
import java.util.List;
import org.cfeval.stats.Interval;

/** A plain-text table with aligned columns, for the summaries jobs print. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  TextTable row(Object... cells) {
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = cells[i] == null ? "null" : cells[i] instanceof Double d ? String.format("%.4f", d) : cells[i].toString();
    }
    rows.add(text);
    return this;
  }

  /** An interval as "[lo, hi]", or empty when there is none. */
  static String interval(Interval interval) {
    return interval == null ? "" : interval(interval.lo(), interval.hi());
  }

  /** An interval's ends as "[lo, hi]", or empty when there are none. */
  static String interval(Double lo, Double hi) {
    return lo == null || hi == null ? "" : String.format("[%.4f, %.4f]", lo, hi);
  }

  /** A figure as "value [lo, hi]", "value" without an interval, or "none". */
  static String figure(org.cfeval.tables.Figure figure) {
    if (figure.value() == null) {
      return "none";
    }
    String interval = interval(figure.lo(), figure.hi());
    return String.format("%.4f", figure.value()) + (interval.isEmpty() ? "" : " " + interval);
  }

  @Override
  public String toString() {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == 0 ? "" : "  ").append(String.format("%" + widths[i] + "s", row[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
