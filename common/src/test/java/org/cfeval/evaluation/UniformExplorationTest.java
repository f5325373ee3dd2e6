package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.SharedSpark;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Sum;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's uniform case: 1,000,000 charges; 900,000 score below 50, all allowed (890,000 legit, 10,000
 * fraud); of the 100,000 above 50, 5% are allowed at random (1,000 legit and 4,000 fraud observed).
 * Recall of "block if score > 50" = 80,000 / 90,000 = 0.89.
 */
class UniformExplorationTest {
  private static Dataset<Row> decisions() {
    Column i = col("id");
    Column lowScore = i.lt(900_000);
    return SharedSpark.session().range(0, 1_000_000, 1, 4).select(
        when(lowScore, lit(30.0)).otherwise(lit(80.0)).as("score"),
        when(lowScore.or(i.lt(905_000)), lit("allow")).otherwise(lit("block")).as("action"),
        when(lowScore, lit(1.0)).otherwise(lit(0.05)).as("p_allow"),
        lit(null).cast("string").as("policy_action"),
        when(i.lt(890_000), lit("legit"))
            .when(lowScore, lit("fraud"))
            .when(i.lt(901_000), lit("legit"))
            .when(i.lt(905_000), lit("fraud"))
            .otherwise(lit("unobserved")).as("outcome"),
        lit(100.0).as("amount"),
        current_date().as("labeled_as_of"),
        when(lowScore, lit("low")).otherwise(lit("high")).as("part"));
  }

  @Test
  void recallOfBlockAbove50Is089() {
    Dataset<Row> decisions = decisions();
    ThresholdGrid grid = ThresholdGrid.of(List.of(50.0));
    Map<Slice, SliceBuckets> slices = WindowPass.run(decisions, grid, List.of(), 1, 1, null).slices();
    PolicyCurve.Point at50 = PolicyCurve.points(grid, slices.get(Slice.ALL)).get(0);
    ConfusionMatrix ips = ConfusionMatrix.of(at50.blocked(), at50.passed(), Estimator.IPS);

    assertThat(ips.tp()).isCloseTo(80_000, within(1e-6));
    assertThat(ips.fn()).isCloseTo(10_000, within(1e-6));
    assertThat(ips.recall()).isCloseTo(80_000.0 / 90_000, within(1e-12));
    assertThat(ips.recall()).isCloseTo(0.89, within(0.005));
    assertThat(ips.precision()).isCloseTo(0.8, within(1e-12)); // 80,000 of the 100,000 blocked are fraud
    assertThat(ips.blockRate()).isCloseTo(0.1, within(1e-12));
    // Without policy_action, the production policy is what was explored: p_allow < 1, here score > 50.
    PolicyCurve.Point production = PolicyCurve.points(grid, slices.get(Slice.ALL)).get(1);
    assertThat(ConfusionMatrix.of(production.blocked(), production.passed(), Estimator.IPS).recall())
        .isCloseTo(80_000.0 / 90_000, within(1e-12));
    // Counted once each, the labelled data says recall is 4,000 / 14,000.
    assertThat(ConfusionMatrix.of(at50.blocked(), at50.passed(), Estimator.NAIVE).recall())
        .isCloseTo(4_000.0 / 14_000, within(1e-12));
  }

  /** The nowcast's cohorts ride on the window's pass: slices see the window's rows, the columns beyond see all. */
  @Test
  void aPassReachingBeyondTheWindowKeepsTheWindowsSumsToItsRows() {
    ThresholdGrid grid = ThresholdGrid.of(List.of(50.0));
    // The window: the 900,000 low scores (890,000 legit, 10,000 fraud); "part" sums every row.
    WindowPass.Result pass = WindowPass.run(decisions().withColumn("region", lit("x")), grid, List.of("region"), 1, 1,
        null, new WindowPass.Beyond(col("part").equalTo("low"), List.of("part"), 2), null);
    assertThat(pass.decisions()).isEqualTo(900_000);
    assertThat(pass.slices().get(Slice.ALL).total().count(Sum.FRAUD)).isEqualTo(10_000);
    assertThat(pass.slices().get(new Slice("region", "x")).total().count(Sum.LEGIT)).isEqualTo(890_000);
    SliceBuckets high = pass.slices().get(new Slice("part", "high"));
    assertThat(high.total().decisions()).isEqualTo(100_000);
    assertThat(high.total().count(Sum.FRAUD)).isEqualTo(4_000);
    assertThat(high.total().count(Sum.LEGIT)).isEqualTo(1_000);
    assertThat(pass.slices().get(new Slice("part", "low")).total().decisions()).isEqualTo(900_000);
  }
}
