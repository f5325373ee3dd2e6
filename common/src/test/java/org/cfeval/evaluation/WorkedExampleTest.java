package org.cfeval.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.labels.Labeler;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ActionMatrix.Action;
import org.cfeval.stats.ActionMatrix.Outcome;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.tables.DeltaStore;
import org.junit.jupiter.api.Test;

/** The data contract's worked example (seed 004), from JSON-lines sources through label and evaluate. */
class WorkedExampleTest {
  private static final String AS_OF = "2026-06-01"; // window [2026-03-03, 2026-04-02)

  @Test
  void precisionAndRecallOfTheSeedPolicies() {
    SparkSession spark = SharedSpark.session();
    String decisions = Fixtures.source("decisions.json", List.of(
        decision(1, 10, 1.0, "allow"),
        decision(2, 45, 1.0, "allow"),
        decision(3, 55, 0.30, "block"),
        decision(4, 65, 0.20, "allow"),
        decision(5, 100, 0.0005, "block"),
        decision(6, 60, 0.25, "allow")));
    String chargebacks = Fixtures.source("chargebacks.json", List.of(
        "{\"decision_id\":\"2\",\"reported_at\":\"2026-04-20T08:00:00Z\",\"reason\":\"fraudulent\"}",
        "{\"decision_id\":\"4\",\"reported_at\":\"2026-05-02T08:00:00Z\",\"reason\":\"fraudulent\"}"));
    Settings settings = Fixtures.settings(AS_OF, decisions, "json", chargebacks, "json")
        .with(Keys.THRESHOLDS, "40,50,62")
        .with(Keys.THRESHOLD_COUNT, "0")
        .with(Keys.CLIP_WEIGHT, "4.5");
    DeltaStore store = SharedSpark.newStore();
    Steps steps = new Steps(spark, "test");
    new Labeler(spark, store, steps).run(settings);
    new Evaluator(spark, store, steps).run(settings);

    List<Row> rows = spark.sql("SELECT threshold, precision, recall, tp, fp, fn, tn, block_rate, n_decisions,"
        + " n_labeled, window_start FROM policy_curve WHERE estimator = 'ips' AND slice_key = 'all'"
        + " AND policy = 'threshold' ORDER BY threshold").collectAsList();
    assertThat(rows).hasSize(3);
    // "block if score > 40": precision 6/10, recall 6/6
    assertThat(rows.get(0).getDouble(1)).isCloseTo(0.6, within(1e-12));
    assertThat(rows.get(0).getDouble(2)).isCloseTo(1.0, within(1e-12));
    // "block if score > 50": precision 5/9, recall 5/6; tp 5, fp 4, fn 1, tn 1; 4 of 6 decisions blocked
    Row at50 = rows.get(1);
    assertThat(at50.getDouble(1)).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(at50.getDouble(2)).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(List.of(at50.getDouble(3), at50.getDouble(4), at50.getDouble(5), at50.getDouble(6)))
        .containsExactly(5.0, 4.0, 1.0, 1.0);
    assertThat(at50.getDouble(7)).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(at50.getLong(8)).isEqualTo(6);
    assertThat(at50.getLong(9)).isEqualTo(4);
    assertThat(at50.getDate(10)).hasToString("2026-03-03");
    // Support of precision at 50: labelled blocked weights 5 and 4, so ess = 81 / 41, largest share 5/9;
    // of recall's other side, the allowed weights 1 and 1: ess 2, largest share 1/2.
    Row support = spark.sql("SELECT blocked_ess, blocked_max_weight_share, blocked_low_support, allowed_ess,"
        + " allowed_max_weight_share, allowed_low_support FROM policy_curve WHERE estimator = 'ips'"
        + " AND slice_key = 'all' AND threshold = 50").first();
    assertThat(support.getDouble(0)).isCloseTo(81.0 / 41, within(1e-6));
    assertThat(support.getDouble(1)).isCloseTo(5.0 / 9, within(1e-9));
    assertThat(support.getBoolean(2)).isTrue();
    assertThat(support.getDouble(3)).isCloseTo(2.0, within(1e-6));
    assertThat(support.getDouble(4)).isCloseTo(0.5, within(1e-9));
    assertThat(support.getBoolean(5)).isTrue();
    // "block if score > 62": precision 5/5, recall 5/6
    assertThat(rows.get(2).getDouble(1)).isCloseTo(1.0, within(1e-12));
    assertThat(rows.get(2).getDouble(2)).isCloseTo(5.0 / 6, within(1e-12));

    // The logged production policy (policy_action) blocks 3, 4, 5, 6: the same as "score > 50".
    Row production = spark.sql("SELECT precision, recall, threshold FROM policy_curve WHERE estimator = 'ips'"
        + " AND slice_key = 'all' AND policy = 'production'").first();
    assertThat(production.getDouble(0)).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(production.getDouble(1)).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(production.isNullAt(2)).isTrue();

    // Logging health: allowed weights 1 + 1 + 5 + 4 = 11 over 6 decisions.
    Row window = spark.sql("SELECT logging_health_ratio, n_labeled, n_labeled_fraud FROM evaluation_windows"
        + " WHERE slice_key = 'all'").first();
    assertThat(window.getDouble(0)).isCloseTo(11.0 / 6, within(1e-12));
    assertThat(window.getLong(1)).isEqualTo(4);
    assertThat(window.getLong(2)).isEqualTo(2);

    // Every estimator at "block if score > 50", by hand. Blocked side: 4 decisions, labelled 4 (fraud,
    // w 5, amount 40) and 6 (legit, w 4, amount 60); passed side: 2 decisions, 1 (legit, w 1, amount 10)
    // and 2 (fraud, w 1, amount 20).
    assertEstimates("ips", 5.0, 4.0, 1.0, 1.0, 5.0 / 9, 5.0 / 6, 6.0, 1.0,
        200.0, 240.0, 20.0, 10.0);
    // SNIPS scales each side to its decisions: blocked by 4 / 9, passed by 2 / 2.
    assertEstimates("snips", 20.0 / 9, 16.0 / 9, 1.0, 1.0, 5.0 / 9, 20.0 / 29, 29.0 / 9,
        29.0 / 54, 800.0 / 9, 960.0 / 9, 20.0, 10.0);
    // --clip-weight 4.5 caps decision 4's weight 5.
    assertEstimates("clipped_ips", 4.5, 4.0, 1.0, 1.0, 9.0 / 17, 9.0 / 11, 5.5, 5.5 / 6,
        180.0, 240.0, 20.0, 10.0);
    // Naive: each labelled decision once; its fraud rate is of the 4 labelled decisions.
    assertEstimates("naive", 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 2.0, 0.5, 40.0, 60.0, 20.0, 10.0);

    // Expected cost at 50 under the default cost model, by hand. IPS: the missed fraud (decision 2, w 1,
    // amount 20) costs 20 + 15 = 35; the false blocks (decision 6, w 4, weighted amount 240) cost
    // 2 x 4 + 0.1 x 240 = 32; 67 in all, 67 / 6 per decision. Naive: 35 + (2 + 0.1 x 60) = 43, over 4.
    Row costs = spark.sql("SELECT estimator, expected_cost, cost_per_decision FROM policy_curve"
        + " WHERE slice_key = 'all' AND threshold = 50 AND estimator IN ('ips', 'naive') ORDER BY estimator")
        .first();
    assertThat(costs.getDouble(1)).isCloseTo(67.0, within(1e-6));
    assertThat(costs.getDouble(2)).isCloseTo(67.0 / 6, within(1e-6));
    Row naiveCost = spark.sql("SELECT expected_cost, cost_per_decision FROM policy_curve WHERE slice_key = 'all'"
        + " AND threshold = 50 AND estimator = 'naive'").first();
    assertThat(naiveCost.getDouble(0)).isCloseTo(43.0, within(1e-6));
    assertThat(naiveCost.getDouble(1)).isCloseTo(43.0 / 4, within(1e-6));

    // What if we challenged above 40 and blocked above 62? Allowed: decision 1 (legit, costs nothing).
    // Challenged: 2 (fraud, w 1, amount 20), 3 (blocked: unobserved), 6 (legit, w 4, weighted amount 240):
    // 0.06 x 3 = 0.18 for the three challenges (an exact count), 0.1 x (20 + 15) = 3.50 for the fraud
    // that passes, (1 - 0.93) x (2 x 4 + 0.1 x 240) = 2.24 for the legit customers who fail. Blocked: 4
    // (fraud) and 5 (unobserved), nothing. 5.92 in all; the fees split 1 : 4 between fraud and legit;
    // false blocks 0.07 x 4 = 0.28 of 5 legit, a rate of 0.056. Production blocks what "score > 50" does: 67.
    WhatIf.Result whatIf = WhatIf.run(spark, store, steps, settings.with(Keys.CHALLENGE_ABOVE, "40")
        .with(Keys.BLOCK_ABOVE, "62"));
    ActionMatrix proposed = whatIf.proposed().point();
    assertThat(proposed.expectedCost()).isCloseTo(5.92, within(1e-6));
    assertThat(proposed.falseBlockRate()).isCloseTo(0.056, within(1e-9));
    assertThat(proposed.cost(Action.CHALLENGE, Outcome.LEGIT)).isCloseTo(0.144 + 2.24, within(1e-6));
    assertThat(proposed.cell(Action.BLOCK, Outcome.FRAUD).count()).isCloseTo(5.0, within(1e-6));
    assertThat(proposed.rate(Action.CHALLENGE)).isCloseTo(3.0 / 6, within(1e-12));
    assertThat(whatIf.current().point().expectedCost()).isCloseTo(67.0, within(1e-6));
    assertThat(whatIf.proposed().savingAgainst(whatIf.current(), 0.95).value()).isCloseTo(67 - 5.92, within(1e-6));
    assertThatThrownBy(() -> WhatIf.run(spark, store, steps, settings.with(Keys.CHALLENGE_ABOVE, "70")
        .with(Keys.BLOCK_ABOVE, "62")))
        .hasMessage("challenge-above: must not exceed block-above (62.0), got 70.0");
    // optimize's tables for the production policy, by hand: its six action-by-outcome cells add up to its
    // expected cost, and its errors by chargeback reason are the missed fraud of decision 2 (reason
    // fraudulent: 1 decision, amount 20, cost 35) and the false block of decision 6 (no chargeback: weight
    // 4, weighted amount 240, cost 32).
    new Optimizer(spark, store, steps).run(settings.with(Keys.MAX_FALSE_BLOCK_RATE, "1")
        .with(Keys.MAX_CHALLENGE_RATE, "1"));
    Row cells = spark.sql("SELECT SUM(o.cost), MAX(p.expected_cost), COUNT(*) FROM action_outcomes o JOIN"
        + " optimal_policies p ON o.policy = p.policy WHERE o.policy = 'production'").first();
    assertThat(cells.getDouble(0)).isCloseTo(67.0, within(1e-6));
    assertThat(cells.getDouble(1)).isCloseTo(67.0, within(1e-6));
    assertThat(cells.getLong(2)).isEqualTo(6);
    List<Row> errors = spark.sql("SELECT value, error, expected_count, amount, cost, cost_share, rank FROM"
        + " error_breakdown WHERE policy = 'production' AND dimension = 'chargeback_reason' AND cost > 0"
        + " ORDER BY rank").collectAsList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).<String>getAs("value")).isEqualTo("fraudulent");
    assertThat(errors.get(0).<String>getAs("error")).isEqualTo("false_negative");
    assertThat(List.of(errors.get(0).getDouble(2), errors.get(0).getDouble(3), errors.get(0).getDouble(4)))
        .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b))
        .containsExactly(1.0, 20.0, 35.0);
    assertThat(errors.get(0).getDouble(5)).isCloseTo(35.0 / 67, within(1e-9));
    assertThat(errors.get(1).isNullAt(0)).isTrue();
    assertThat(errors.get(1).<String>getAs("error")).isEqualTo("false_positive");
    assertThat(List.of(errors.get(1).getDouble(2), errors.get(1).getDouble(3), errors.get(1).getDouble(4)))
        .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b))
        .containsExactly(4.0, 240.0, 32.0);
    assertThat(errors.get(1).getLong(6)).isEqualTo(2);

    // On a grid of 40 and 50 every policy blocks decision 6 (legit): no false block at all is allowed.
    Settings noFalseBlocks = settings.with(Keys.THRESHOLDS, "40,50").with(Keys.MAX_FALSE_BLOCK_RATE, "0");
    assertThatThrownBy(() -> new Optimizer(spark, store, steps).optimize(noFalseBlocks))
        .isInstanceOf(ConfigException.class)
        .hasMessage("max-false-block-rate: no policy on the grid of 2 thresholds keeps within --max-false-block-rate 0.0 and"
            + " --max-challenge-rate 0.05; widen --score-range or the guardrails");
  }

  /** tp, fp, fn, tn, precision, recall, expected_fraud, fraud_rate and the four amounts at threshold 50. */
  private static void assertEstimates(String estimator, Double... expected) {
    Row row = SharedSpark.session().sql("SELECT tp, fp, fn, tn, precision, recall, expected_fraud, fraud_rate,"
        + " tp_amount, fp_amount, fn_amount, tn_amount FROM policy_curve WHERE slice_key = 'all' AND threshold = 50"
        + " AND estimator = '" + estimator + "'").first();
    List<Double> values = new java.util.ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      values.add(row.getDouble(i));
    }
    // Fixed-point sums: exact to a millionth of a weight.
    assertThat(values).as(estimator)
        .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b))
        .containsExactly(expected);
  }

  private static String decision(int id, double score, double pAllow, String action) {
    return String.format("{\"decision_id\":\"%d\",\"decided_at\":\"2026-03-10T12:00:00Z\",\"score\":%s,"
            + "\"action\":\"%s\",\"p_allow\":%s,\"amount\":%d.0,\"policy_action\":\"%s\"}", id, score, action, pAllow,
        10 * id, score > 50 ? "block" : "allow");
  }
}
