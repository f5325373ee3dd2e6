package org.cfeval.report;

import java.util.List;
import java.util.Locale;

/** What a report's page is made of, written as one self-contained HTML file: no script, nothing fetched. */
public final class Html {
  private static final String STYLE = "body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}"
      + "figure{margin:1.5em 0}figcaption{font-size:.9em;color:#555}table{border-collapse:collapse;font-size:.8em;width:100%}"
      + "caption{text-align:left;color:#555;padding-bottom:.4em}"
      + "th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child"
      + "{text-align:left}.note{color:#555;font-size:.9em}";

  private final StringBuilder body = new StringBuilder();
  private final String title;

  public Html(String title) {
    this.title = title;
  }

  public Html heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  public Html paragraph(String text) {
    body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A chart: its SVG in a figure that says how many data rows it plots, and its caption. */
  public Html chart(Chart chart) {
    body.append(String.format("<figure id=\"%s\" data-chart=\"%s\" data-rows=\"%d\">%n%s%n<figcaption>%s</figcaption>"
        + "%n</figure>%n", chart.id(), chart.id(), chart.rows(), chart.svg(), escape(chart.caption())));
    return this;
  }

  /** A table of formatted cells, with its caption. */
  public Html table(String id, String caption, List<String> header, List<List<String>> rows) {
    body.append(String.format("<table id=\"%s\" data-rows=\"%d\">%n<caption>%s</caption>%n<tr>", id, rows.size(),
        escape(caption)));
    header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  public String page() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title><style>" + STYLE + "</style></head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
        + "</body></html>\n";
  }

  /** A share as a percentage with one decimal, or an em dash where there is none. */
  public static String percent(Double share) {
    return share == null ? "\u2014" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** An amount of the reporting currency, in whole units with thousands separators. */
  public static String amount(Double value) {
    return value == null ? "\u2014" : String.format(Locale.ROOT, "%,.0f", value);
  }

  /** A count with thousands separators. */
  public static String count(Long value) {
    return value == null ? "\u2014" : String.format(Locale.ROOT, "%,d", value);
  }

  /** A figure with its interval, as "47.0% [43.4%, 51.1%]" ({@code format} of each); no interval, the figure alone. */
  public static String interval(Double value, Double lo, Double hi, java.util.function.Function<Double, String> format) {
    String figure = format.apply(value);
    return value == null || lo == null || hi == null ? figure
        : figure + " [" + format.apply(lo) + ", " + format.apply(hi) + "]";
  }

  /** A plain figure (a ratio, an index) to four decimals, or an em dash. */
  public static String number(Double value) {
    return value == null ? "\u2014" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** A score threshold to two decimals, or an em dash where there is none. */
  public static String threshold(Double value) {
    return value == null ? "\u2014" : String.format(Locale.ROOT, "%.2f", value);
  }

  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
