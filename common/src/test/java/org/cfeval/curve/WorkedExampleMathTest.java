package org.cfeval.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.ActionMatrix.Action;
import org.cfeval.stats.ActionMatrix.Outcome;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's worked example through the plain-Java statistics alone (sums, grid, prefix sums, matrices,
 * costs), with every expected number worked out by hand in the comments: the same figures
 * WorkedExampleTest reads back from the Delta tables after the Spark pass.
 */
@Tag("fast")
class WorkedExampleMathTest {
  /** Decisions 1..6: score, p_allow, action, outcome; amount 10 x id; production blocks score > 50. */
  private static SliceBuckets workedExample(ThresholdGrid grid) {
    SliceBuckets sums = new SliceBuckets(grid.buckets());
    DecisionTerms terms = new DecisionTerms(Double.POSITIVE_INFINITY);
    double[][] decisions = {{10, 1.0, 1, 0}, {45, 1.0, 1, 1}, {55, 0.30, 0, 0}, {65, 0.20, 1, 1}, {100, 0.0005, 0, 0},
        {60, 0.25, 1, 0}};
    for (int i = 0; i < decisions.length; i++) {
      double[] d = decisions[i];
      boolean allowed = d[2] == 1;
      boolean fraud = allowed && d[3] == 1;
      sums.add(grid.bucketOf(d[0]), d[0] > 50, terms.of(allowed, fraud, allowed && !fraud, false, d[1], 10.0 * (i + 1))
          .stats());
    }
    return sums;
  }

  @Test
  void precisionRecallAndCostsByHand() {
    ThresholdGrid grid = ThresholdGrid.of(List.of(40.0, 50.0, 62.0));
    SliceBuckets slice = workedExample(grid);
    CostModel costs = Keys.costModel(Settings.defaults());
    List<PolicyCurve.Point> points = PolicyCurve.points(grid, slice);

    // Blocked above 50: 4 (fraud, w 5) and 6 (legit, w 4); passed: 1 (legit, w 1) and 2 (fraud, w 1).
    PolicyCurve.Point at50 = points.get(1);
    ConfusionMatrix ips = ConfusionMatrix.of(at50.blocked(), at50.passed(), Estimator.IPS, costs);
    assertThat(List.of(ips.tp(), ips.fp(), ips.fn(), ips.tn())).containsExactly(5.0, 4.0, 1.0, 1.0);
    assertThat(ips.precision()).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(ips.recall()).isCloseTo(5.0 / 6, within(1e-12));
    // Missed fraud 20 + 15 = 35; false blocks 2 x 4 + 0.1 x (4 x 60) = 32.
    assertThat(ips.expectedCost()).isCloseTo(67.0, within(1e-6));
    assertThat(ConfusionMatrix.of(points.get(0).blocked(), points.get(0).passed(), Estimator.IPS).precision())
        .isCloseTo(0.6, within(1e-12));
    // The production point (last) blocks what "score > 50" blocks.
    PolicyCurve.Point production = points.get(points.size() - 1);
    assertThat(production.threshold()).isNull();
    assertThat(ConfusionMatrix.of(production.blocked(), production.passed(), Estimator.IPS).precision())
        .isCloseTo(5.0 / 9, within(1e-12));

    // Challenge above 40, block above 62: decisions 2, 3 and 6 are challenged, 3 fees of 0.06 (an exact
    // count), plus 0.1 x 35 for the fraud that passes and 0.07 x 32 for the legit customers who fail:
    // 0.18 + 3.50 + 2.24 = 5.92. The fees split by the IPS shares, fraud 1 : legit 4.
    ActionMatrix band = new Policy("band", 40.0, 62.0).matrix(grid, slice, costs);
    assertThat(band.expectedCost()).isCloseTo(5.92, within(1e-6));
    assertThat(band.falseBlockRate()).isCloseTo(0.07 * 4 / 5, within(1e-9));
    assertThat(band.cost(Action.CHALLENGE, Outcome.LEGIT)).isCloseTo(0.18 * 4 / 5 + 0.07 * 32, within(1e-6));
    assertThat(band.cost(Action.CHALLENGE, Outcome.FRAUD)).isCloseTo(0.18 / 5 + 3.5, within(1e-6));
    assertThat(band.rate(Action.CHALLENGE)).isCloseTo(3.0 / 6, within(1e-12));
  }
}
