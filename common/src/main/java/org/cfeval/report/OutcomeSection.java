package org.cfeval.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.cfeval.tables.Tables;

/**
 * The report's outcome section: each optimal policy's actions by outcome in decisions and dollars (two
 * actions: the confusion matrix; three: with challenge), where its errors cost most, and the model
 * comparison's paired differences.
 */
final class OutcomeSection {
  /** Error breakdown rows shown: the costliest. */
  static final int TOP_ERRORS = 10;
  private static final List<String> ACTIONS = List.of("allow", "challenge", "block");

  private OutcomeSection() {}

  static void add(Html page, ReportRows tables) {
    matrices(page, tables);
    errors(page, tables);
    comparison(page, tables);
  }

  private static void matrices(Html page, ReportRows tables) {
    List<Row> cells = tables.of(Tables.ACTION_OUTCOMES, lit(true), "policy", "action", "outcome", "expected_count",
        "expected_count_lo", "expected_count_hi", "amount", "cost");
    page.heading("Outcomes by action");
    if (cells.isEmpty()) {
      page.paragraph("No action_outcomes rows for this date: run optimize or nightly.");
      return;
    }
    Map<String, List<Row>> byPolicy = new LinkedHashMap<>();
    cells.forEach(cell -> byPolicy.computeIfAbsent(cell.getAs("policy"), p -> new ArrayList<>()).add(cell));
    byPolicy.forEach((policy, rows) -> {
      List<List<String>> matrix = new ArrayList<>();
      for (String action : ACTIONS) {
        Row fraud = cell(rows, action, Tables.FRAUD);
        Row legit = cell(rows, action, Tables.LEGIT);
        if (fraud == null && legit == null) {
          continue; // a two-action policy never challenges
        }
        matrix.add(List.of(action, count(fraud), count(legit), Html.amount(value(fraud, "amount")),
            Html.amount(value(legit, "amount")), Html.amount(sum(value(fraud, "cost"), value(legit, "cost")))));
      }
      page.table("outcomes-" + policy, String.format("%s: the window's decisions by what the policy does and what"
              + " they turned out to be (IPS estimates, interval in brackets), their amounts and what its errors"
              + " cost.", policy),
          List.of("action", "fraud (decisions)", "legit (decisions)", "fraud amount", "legit amount", "cost"), matrix);
    });
  }

  private static void errors(Html page, ReportRows tables) {
    List<Row> rows = tables.of(Tables.ERROR_BREAKDOWN, col("policy").equalTo(Tables.POLICY_PRODUCTION), "dimension",
        "value", "error", "expected_count", "amount", "cost", "cost_share");
    List<List<String>> cells = rows.stream()
        .sorted((a, b) -> Double.compare(b.<Double>getAs("cost"), a.<Double>getAs("cost")))
        .limit(TOP_ERRORS)
        .map(r -> List.of(r.<String>getAs("dimension") + " = " + r.getAs("value"), r.<String>getAs("error"),
            Html.amount(r.getAs("expected_count")), Html.amount(r.getAs("amount")), Html.amount(r.getAs("cost")),
            Html.percent(r.getAs("cost_share"))))
        .toList();
    page.heading("Where production's errors cost most");
    page.table("error-breakdown", rows.isEmpty() ? "No error_breakdown rows for this date: run optimize or nightly."
            : String.format("The costliest %d of production's errors by slice value and chargeback reason:"
            + " false negatives let fraud through, false positives stop good customers; share is of its"
            + " dimension's error cost.", cells.size()),
        List.of("where", "error", "decisions", "amount", "cost", "share"), cells);
  }

  private static void comparison(Html page, ReportRows tables) {
    List<Row> rows = tables.of(Tables.MODEL_COMPARISON, lit(true), "champion", "challenger", "operating_point",
        "target_block_rate", "metric", "champion_value", "challenger_value", "difference", "difference_lo",
        "difference_hi", "verdict");
    List<List<String>> cells = rows.stream().map(r -> List.of(r.<String>getAs("challenger") + " vs "
            + r.getAs("champion"), r.<String>getAs("operating_point") + (r.getAs("target_block_rate") == null ? ""
            : " " + Html.percent(r.getAs("target_block_rate"))), r.<String>getAs("metric"),
        Html.number(r.getAs("champion_value")), Html.number(r.getAs("challenger_value")),
        Html.interval(r.getAs("difference"), r.getAs("difference_lo"), r.getAs("difference_hi"), Html::number),
        r.<String>getAs("verdict"))).toList();
    page.heading("Model comparison");
    page.table("model-comparison", rows.isEmpty() ? "No model_comparison rows for this date: run train, score and"
            + " compare." : "Challenger against champion at each operating point; the difference's interval is"
            + " paired (the same bootstrap draws for both models), so a difference whose interval excludes 0 is real.",
        List.of("models", "operating point", "metric", "champion", "challenger", "difference", "verdict"), cells);
  }

  private static Row cell(List<Row> rows, String action, String outcome) {
    return rows.stream().filter(r -> r.getAs("action").equals(action) && r.getAs("outcome").equals(outcome))
        .findFirst().orElse(null);
  }

  private static String count(Row cell) {
    return cell == null ? Html.amount(null) : Html.interval(cell.getAs("expected_count"),
        cell.getAs("expected_count_lo"), cell.getAs("expected_count_hi"), Html::amount);
  }

  private static Double value(Row cell, String column) {
    return cell == null ? null : cell.getAs(column);
  }

  private static Double sum(Double a, Double b) {
    return a == null ? b : b == null ? a : a + b;
  }
}
