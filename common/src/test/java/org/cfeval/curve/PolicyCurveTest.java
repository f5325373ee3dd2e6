package org.cfeval.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.Sum;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class PolicyCurveTest {
  private record Decision(double score, boolean fraud, double weight, boolean productionBlocks) {}

  @Test
  void everyThresholdMatchesABruteForceSumOverDecisions() {
    Random random = new Random(42);
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double score = Math.floor(random.nextDouble() * 1000) / 10; // ties with thresholds happen
      decisions.add(new Decision(score, random.nextDouble() < 0.1, 1 + random.nextInt(20), score > 50));
    }
    ThresholdGrid grid = ThresholdGrid.of(List.of(0.0, 12.5, 33.3, 50.0, 50.1, 77.0, 99.9, 100.0));
    SliceBuckets slice = new SliceBuckets(grid.buckets());
    for (Decision d : decisions) {
      slice.add(grid.bucketOf(d.score), d.productionBlocks, stats(d));
    }

    List<PolicyCurve.Point> points = PolicyCurve.points(grid, slice);
    assertThat(points).hasSize(grid.size() + 1);
    for (int k = 0; k < grid.size(); k++) {
      double t = grid.threshold(k);
      PolicyCurve.Point point = points.get(k);
      assertThat(point.threshold()).isEqualTo(t);
      double blockedFraud = decisions.stream().filter(d -> d.score > t && d.fraud).mapToDouble(Decision::weight).sum();
      double passedLegit = decisions.stream().filter(d -> d.score <= t && !d.fraud).mapToDouble(Decision::weight).sum();
      long blocked = decisions.stream().filter(d -> d.score > t).count();
      assertThat(point.blocked().get(Sum.WEIGHT_FRAUD)).isCloseTo(blockedFraud, within(1e-9));
      assertThat(point.passed().get(Sum.WEIGHT_LEGIT)).isCloseTo(passedLegit, within(1e-9));
      assertThat(point.blocked().decisions()).isEqualTo(blocked);
      assertThat(point.passed().decisions()).isEqualTo(decisions.size() - blocked);
    }
    PolicyCurve.Point production = points.get(grid.size());
    assertThat(production.threshold()).isNull();
    assertThat(production.blocked().decisions()).isEqualTo(decisions.stream().filter(d -> d.score > 50).count());
  }

  private static BucketStats stats(Decision d) {
    return new DecisionTerms(Double.POSITIVE_INFINITY).of(true, d.fraud, !d.fraud, false, 1 / d.weight, 0).stats()
        .copy();
  }
}
