package org.cfeval.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.cfeval.stats.Estimator;
import org.cfeval.tables.Tables;

/**
 * The report's monitoring section: the calibration diagram, fairness by slice value, drift by column,
 * and the alerts of the date.
 */
final class MonitoringSection {
  private static final String OBSERVED_RATE = "observed_fraud_rate";
  /** Calibration's estimators, the one it prefers first: delay-adjusted where there is a delay model. */
  static final Object[] CALIBRATION_ESTIMATORS = {Estimator.IPS_DELAY_ADJUSTED.columnValue(),
      Estimator.IPS.columnValue()};

  private MonitoringSection() {}

  static void add(Html page, ReportRows tables) {
    calibration(page, tables);
    fairness(page, tables);
    drift(page, tables);
    alerts(page, tables);
  }

  private static void calibration(Html page, ReportRows tables) {
    List<Row> rows = calibrated(tables.of(Tables.CALIBRATION, col(Tables.SLICE_KEY).equalTo(Tables.ALL)
        .and(col("estimator").isin(CALIBRATION_ESTIMATORS)), "estimator", "metric", "mean_predicted", "value",
        "value_lo", "value_hi"));
    page.heading("Calibration of the logged score");
    List<Row> bins = rows.stream().filter(r -> OBSERVED_RATE.equals(r.getAs("metric")) && r.getAs("value") != null)
        .sorted(Comparator.comparingDouble(r -> r.<Double>getAs("mean_predicted"))).toList();
    if (bins.isEmpty()) {
      page.paragraph("No calibration rows for this date: run nightly (its calibration check).");
      return;
    }
    Row ece = rows.stream().filter(r -> "ece".equals(r.getAs("metric"))).findFirst().orElse(null);
    Chart chart = new Chart("calibration", "Observed fraud rate against the score's probability",
        "predicted probability (score / --score-scale)", "observed fraud rate (IPS)", "Each bin of the score's"
            + " probability against the fraud rate observed in it (" + bins.get(0).getAs("estimator") + "), with its"
            + " interval; on the dashed diagonal the"
            + " score means what it says" + (ece == null ? "." : String.format(" (ECE %s).",
            Html.interval(ece.getAs("value"), ece.getAs("value_lo"), ece.getAs("value_hi"), Html::number))));
    chart.add(new Chart.Series("observed fraud rate", bins.stream().map(r -> new Chart.Point(
        r.getAs("mean_predicted"), r.getAs("value"), r.getAs("value_lo"), r.getAs("value_hi"))).toList(), false));
    double low = bins.get(0).getAs("mean_predicted");
    double high = bins.get(bins.size() - 1).getAs("mean_predicted");
    chart.add(new Chart.Series("perfectly calibrated", List.of(new Chart.Point(low, low, null, null),
        new Chart.Point(high, high, null, null)), true));
    page.chart(chart);
  }

  /** The rows of the preferred estimator among {@code rows} (those of one as-of date). */
  static List<Row> calibrated(List<Row> rows) {
    for (Object estimator : CALIBRATION_ESTIMATORS) {
      List<Row> chosen = rows.stream().filter(r -> estimator.equals(r.getAs("estimator"))).toList();
      if (!chosen.isEmpty()) {
        return chosen;
      }
    }
    return List.of();
  }

  private static void fairness(Html page, ReportRows tables) {
    List<Row> rows = tables.of(Tables.FAIRNESS, col("policy").equalTo(Tables.POLICY_PRODUCTION), "slice_key",
        "slice_value", "metric", "value", "value_lo", "value_hi", "rest_value", "ratio", "ratio_lo", "ratio_hi",
        "low_support");
    page.heading("Fairness");
    page.table("fairness", rows.isEmpty() ? "No fairness rows for this date: run nightly with --fairness-columns."
            : "The production policy's rates on each value against the rest of the window; a ratio whose interval"
            + " lies above 1 means that value's customers bear more of it.",
        List.of("value", "metric", "value's rate", "rest's rate", "ratio", "low support"),
        rows.stream().map(r -> List.of(r.<String>getAs("slice_key") + " = " + r.getAs("slice_value"),
            r.<String>getAs("metric"), Html.interval(r.getAs("value"), r.getAs("value_lo"), r.getAs("value_hi"),
                Html::percent), Html.percent(r.getAs("rest_value")),
            Html.interval(r.getAs("ratio"), r.getAs("ratio_lo"), r.getAs("ratio_hi"), Html::number),
            Boolean.TRUE.equals(r.getAs("low_support")) ? "yes" : "no")).toList());
  }

  private static void drift(Html page, ReportRows tables) {
    List<Row> rows = tables.of(Tables.DRIFT, col(Tables.SLICE_KEY).equalTo(Tables.ALL), "column_name",
        "current_start", "reference_start", "reference_end", "current_count", "population_stability_index",
        "psi_noise_level", "js_distance");
    page.heading("Drift");
    Row any = rows.isEmpty() ? null : rows.get(0);
    page.table("drift", any == null ? "No drift rows for this date: run nightly (its drift check)."
            : String.format("Each column's distribution from %s to the as-of date against [%s, %s): PSI above its"
            + " noise level is drift beyond sampling.", ReportRows.date(any, "current_start"),
            ReportRows.date(any, "reference_start"), ReportRows.date(any, "reference_end")),
        List.of("column", "decisions", "PSI", "PSI noise level", "Jensen-Shannon distance"),
        rows.stream().map(r -> List.of(r.<String>getAs("column_name"), Html.count(r.getAs("current_count")),
            Html.number(r.getAs("population_stability_index")), Html.number(r.getAs("psi_noise_level")),
            Html.number(r.getAs("js_distance")))).toList());
  }

  private static void alerts(Html page, ReportRows tables) {
    List<Row> rows = tables.of(Tables.ALERTS, lit(true), "rule", "severity", "slice_key", "slice_value", "value",
        "value_lo", "value_hi", "comparison", "threshold", "fired", "detail");
    page.heading("Alerts");
    long fired = rows.stream().filter(r -> Boolean.TRUE.equals(r.getAs("fired"))).count();
    page.table("alerts", rows.isEmpty() ? "No alerts rows for this date: run nightly or alerts."
            : String.format("The monitoring rules as judged for this date: %d of %d fired.", fired, rows.size()),
        List.of("rule", "severity", "slice", "value", "comparison", "threshold", "fired", "detail"),
        rows.stream().map(r -> List.of(r.<String>getAs("rule"), r.<String>getAs("severity"),
            r.<String>getAs("slice_key") + " = " + r.getAs("slice_value"),
            Html.interval(r.getAs("value"), r.getAs("value_lo"), r.getAs("value_hi"), Html::number),
            r.<String>getAs("comparison"), Html.number(r.getAs("threshold")),
            Boolean.TRUE.equals(r.getAs("fired")) ? "FIRED" : "no", r.<String>getAs("detail"))).toList());
  }
}
