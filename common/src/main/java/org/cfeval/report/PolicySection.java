package org.cfeval.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.cfeval.config.ConfigException;
import org.cfeval.stats.Estimator;
import org.cfeval.tables.Tables;

/**
 * The report's policy section: the policy curve (precision and recall by threshold, IPS with intervals
 * beside the naive labelled-only estimate, production marked), the expected cost by threshold with the
 * optimal policies marked, the optimal policies' figures, and production's figures per slice value.
 */
final class PolicySection {
  private PolicySection() {}

  /** Adds the section; fails naming policy_curve when the as-of date has no rows in it. */
  static void add(Html page, ReportRows tables) {
    LocalDate asOf = tables.asOf();
    if (!tables.has(Tables.POLICY_CURVE)) {
      throw new ConfigException("no policy_curve table in the warehouse: run evaluate or nightly first");
    }
    List<Row> curve = tables.of(Tables.POLICY_CURVE, col(Tables.SLICE_KEY).equalTo(Tables.ALL), "policy", "threshold",
        "estimator", "precision", "precision_lo", "precision_hi", "recall", "recall_lo", "recall_hi", "expected_cost",
        "expected_cost_lo", "expected_cost_hi", "n_decisions", "n_labeled", "window_start", "window_end");
    if (curve.isEmpty()) {
      throw new ConfigException(String.format("policy_curve has no rows as of %s for the logged score: give an as-of"
          + " date that evaluate or nightly ran for", asOf));
    }
    // An evaluate without optimize leaves none: the table says so.
    List<Row> optimal = tables.of(Tables.OPTIMAL_POLICIES, lit(true), "policy", "estimator", "challenge_above",
        "block_above", "block_rate", "challenge_rate", "precision", "recall", "false_block_rate", "expected_cost",
        "saving", "meets_guardrails");
    Row production = curve.stream().filter(r -> r.getAs("policy").equals(Tables.POLICY_PRODUCTION)
        && r.getAs("estimator").equals(Estimator.IPS.columnValue())).findFirst().orElse(null);

    Row any = curve.get(0);
    page.paragraph(String.format("Window of decisions [%s, %s): %s decisions, %s of them labelled (allowed and"
            + " matured). The logged production score over the whole window; IPS weights each labelled decision by"
            + " 1 / P(allow), so the blocked decisions' outcomes count too.", any.getAs("window_start"),
        any.getAs("window_end"), Html.count(any.getAs("n_decisions")), Html.count(any.getAs("n_labeled"))));

    page.heading("Precision and recall by threshold");
    Chart rates = new Chart("policy-curve", "Precision and recall of 'block if score > t'", "threshold t (score)",
        "share (0 to 1)", "What the policy 'block if score > t' would catch (recall) and how much of what it blocks"
            + " is fraud (precision): IPS with its interval band, the naive labelled-only estimate dashed for"
            + " contrast, production's figures as horizontal lines.");
    rates.add(series(curve, Estimator.IPS, "precision", "precision (IPS)", false));
    rates.add(series(curve, Estimator.IPS, "recall", "recall (IPS)", false));
    rates.add(series(curve, Estimator.NAIVE, "precision", "precision (naive, biased)", true));
    rates.add(series(curve, Estimator.NAIVE, "recall", "recall (naive, biased)", true));
    if (production != null) {
      markValue(rates, production, "precision", "production precision %s", Html::percent);
      markValue(rates, production, "recall", "production recall %s", Html::percent);
    }
    page.chart(rates);

    page.heading("Expected cost by threshold");
    Chart cost = new Chart("cost-curve", "Expected cost of 'block if score > t' over the window",
        "threshold t (score)", "expected cost (reporting currency)", "What each threshold's errors would have cost"
            + " over the window under the cost model (missed fraud and false blocks), IPS with its interval band;"
            + " production's cost and the optimal policies marked.");
    cost.add(series(curve, Estimator.IPS, "expected_cost", "expected cost (IPS)", false));
    if (production != null) {
      markValue(cost, production, "expected_cost", "production %s", Html::amount);
    }
    for (Row policy : optimal) {
      Double blockAbove = policy.getAs("block_above");
      if (blockAbove != null) {
        cost.mark(new Chart.Marker(policy.getAs("policy") + ": block > " + Html.threshold(blockAbove), blockAbove,
            true));
      }
    }
    page.chart(cost);

    page.heading("Optimal policies");
    List<List<String>> cells = new ArrayList<>();
    for (Row policy : optimal) {
      cells.add(List.of(policy.getAs("policy"), Html.threshold(policy.getAs("challenge_above")),
          Html.threshold(policy.getAs("block_above")), Html.percent(policy.getAs("block_rate")),
          Html.percent(policy.getAs("challenge_rate")), Html.percent(policy.getAs("precision")),
          Html.percent(policy.getAs("recall")), Html.percent(policy.getAs("false_block_rate")),
          Html.amount(policy.getAs("expected_cost")), Html.amount(policy.getAs("saving")),
          Boolean.TRUE.equals(policy.getAs("meets_guardrails")) ? "yes" : "no"));
    }
    page.table("optimal-policies", optimal.isEmpty() ? "No optimal_policies rows for this date: run optimize or"
            + " nightly." : "The cheapest policies within the guardrails beside production, by the estimator"
            + " optimize used; saving is production's cost minus the policy's.",
        List.of("policy", "challenge above", "block above", "block rate", "challenge rate", "precision", "recall",
            "false block rate", "expected cost", "saving", "within guardrails"), cells);
    sliceView(page, tables);
  }

  /** Production's precision and recall on each slice value, with their intervals. */
  private static void sliceView(Html page, ReportRows tables) {
    List<Row> slices = tables.of(Tables.POLICY_CURVE, col(Tables.SLICE_KEY).notEqual(Tables.ALL)
            .and(col("policy").equalTo(Tables.POLICY_PRODUCTION))
            .and(col("estimator").equalTo(Estimator.IPS.columnValue())),
        "slice_key", "slice_value", "n_decisions", "block_rate", "precision", "precision_lo", "precision_hi", "recall",
        "recall_lo", "recall_hi", "fpr");
    page.heading("Production by slice");
    List<List<String>> cells = new ArrayList<>();
    for (Row slice : slices) {
      cells.add(List.of(slice.getAs("slice_key") + " = " + slice.getAs("slice_value"),
          Html.count(slice.getAs("n_decisions")), Html.percent(slice.getAs("block_rate")),
          Html.interval(slice.getAs("precision"), slice.getAs("precision_lo"), slice.getAs("precision_hi"),
              Html::percent),
          Html.interval(slice.getAs("recall"), slice.getAs("recall_lo"), slice.getAs("recall_hi"), Html::percent),
          Html.percent(slice.getAs("fpr"))));
    }
    page.table("slices", slices.isEmpty() ? "No slice rows for this date: evaluate with --slices to see them."
            : "The production policy on each value of the --slices columns (IPS, interval in brackets): where it"
            + " catches less, or blocks more good customers, than on the whole window.",
        List.of("slice", "decisions", "block rate", "precision", "recall", "false positive rate"), cells);
  }

  /** {@code estimator}'s curve of {@code figure} by threshold, with its interval where it has one. */
  private static Chart.Series series(List<Row> curve, Estimator estimator, String figure, String name, boolean dashed) {
    List<Chart.Point> points = curve.stream()
        .filter(r -> r.getAs("policy").equals(Tables.POLICY_THRESHOLD)
            && r.getAs("estimator").equals(estimator.columnValue()) && r.getAs(figure) != null)
        .sorted(Comparator.comparingDouble(r -> r.<Double>getAs("threshold")))
        // A dashed line is shown without its band.
        .map(r -> new Chart.Point(r.<Double>getAs("threshold"), r.<Double>getAs(figure),
            dashed ? null : r.<Double>getAs(figure + "_lo"), dashed ? null : r.<Double>getAs(figure + "_hi")))
        .toList();
    return new Chart.Series(name, points, dashed);
  }

  private static void markValue(Chart chart, Row row, String figure, String label, Function<Double, String> format) {
    Double value = row.getAs(figure);
    if (value != null) {
      chart.mark(new Chart.Marker(String.format(label, format.apply(value)), value, false));
    }
  }
}
