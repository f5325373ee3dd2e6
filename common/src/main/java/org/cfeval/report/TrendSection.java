package org.cfeval.report;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.cfeval.stats.Estimator;
import org.cfeval.tables.Tables;

/**
 * The report's trends: every as-of date up to the report's, for the production policy's precision and
 * recall, calibration and drift, and fairness; one point per date the tables hold.
 */
final class TrendSection {
  private TrendSection() {}

  static void add(Html page, ReportRows tables) {
    page.heading("Trends over as-of dates");
    List<Row> production = tables.through(Tables.POLICY_CURVE, col(Tables.SLICE_KEY).equalTo(Tables.ALL)
            .and(col("policy").equalTo(Tables.POLICY_PRODUCTION))
            .and(col("estimator").equalTo(Estimator.IPS.columnValue())),
        Tables.AS_OF_DATE, "precision", "precision_lo", "precision_hi", "recall", "recall_lo", "recall_hi");
    page.paragraph(production.size() < 2 ? "One as-of date so far: each nightly run adds a point to these charts."
        : String.format("%d as-of dates so far.", production.size()));
    Chart rates = new Chart("trend-production", "Production policy by as-of date", "as-of date",
        "share (0 to 1)", "The production policy's precision and recall on each night's matured window (IPS, with"
            + " intervals): is last month's drop real, or inside the noise?").overDates();
    rates.add(byDate("precision", production, "precision"));
    rates.add(byDate("recall", production, "recall"));
    page.chart(rates);

    Map<LocalDate, List<Row>> eceByDate = new TreeMap<>();
    tables.through(Tables.CALIBRATION, col(Tables.SLICE_KEY).equalTo(Tables.ALL)
            .and(col("estimator").isin(MonitoringSection.CALIBRATION_ESTIMATORS)).and(col("metric").equalTo("ece")),
        Tables.AS_OF_DATE, "estimator", "value", "value_lo", "value_hi")
        .forEach(r -> eceByDate.computeIfAbsent(ReportRows.date(r, Tables.AS_OF_DATE), d -> new ArrayList<>()).add(r));
    List<Row> ece = eceByDate.values().stream().flatMap(rows -> MonitoringSection.calibrated(rows).stream()).toList();
    List<Row> psi = tables.through(Tables.DRIFT, col(Tables.SLICE_KEY).equalTo(Tables.ALL), Tables.AS_OF_DATE,
        "population_stability_index");
    Chart monitoring = new Chart("trend-monitoring", "Calibration and drift by as-of date", "as-of date",
        "index (0 = none)", "The logged score's calibration error (ECE, with its interval) and the largest"
            + " population stability index of any drift column: rising lines are a score losing its meaning or"
            + " its inputs shifting.").overDates();
    monitoring.add(byDate("calibration error (ECE)", ece, "value"));
    monitoring.add(largestByDate("largest PSI", psi, "population_stability_index"));
    page.chart(monitoring);

    List<Row> fairness = tables.through(Tables.FAIRNESS, col("policy").equalTo(Tables.POLICY_PRODUCTION)
        .and(col("low_support").equalTo(false)), Tables.AS_OF_DATE, "ratio");
    Chart ratios = new Chart("trend-fairness", "Fairness by as-of date", "as-of date", "ratio to the rest (1 = equal)",
        "The largest ratio of any value's rate to the rest's (false positives, false blocks, block and challenge"
            + " rates of the production policy): how much more one group bears.").overDates();
    ratios.add(largestByDate("largest ratio", fairness, "ratio"));
    page.chart(ratios);
  }

  /** A figure by as-of date, with its interval ({@code figure}_lo and _hi) where the rows have one. */
  private static Chart.Series byDate(String name, List<Row> rows, String figure) {
    List<Chart.Point> points = new ArrayList<>();
    boolean interval = List.of(rows.isEmpty() ? new String[0] : rows.get(0).schema().fieldNames())
        .contains(figure + "_lo");
    for (Row row : rows) {
      Double value = row.getAs(figure);
      if (value != null) {
        points.add(new Chart.Point(Chart.day(ReportRows.date(row, Tables.AS_OF_DATE)), value,
            interval ? row.getAs(figure + "_lo") : null, interval ? row.getAs(figure + "_hi") : null));
      }
    }
    return new Chart.Series(name, points, false);
  }

  /** The largest value of {@code figure} on each as-of date. */
  private static Chart.Series largestByDate(String name, List<Row> rows, String figure) {
    Map<LocalDate, Double> largest = new TreeMap<>();
    for (Row row : rows) {
      Double value = row.getAs(figure);
      if (value != null) {
        largest.merge(ReportRows.date(row, Tables.AS_OF_DATE), value, Math::max);
      }
    }
    return new Chart.Series(name, largest.entrySet().stream()
        .map(e -> new Chart.Point(Chart.day(e.getKey()), e.getValue(), null, null)).toList(), false);
  }
}
