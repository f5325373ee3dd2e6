package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class BootstrapTest {
  @Test
  void multiplicitiesArePoissonOneAndDeterministic() {
    double[] m = new double[200];
    double sum = 0;
    double sumSquares = 0;
    int draws = 0;
    for (int unit = 0; unit < 5000; unit++) {
      Multiplicities.fill(42, Multiplicities.hash(bytes("c" + unit)), m);
      for (double k : m) {
        sum += k;
        sumSquares += k * k;
        draws++;
      }
    }
    double mean = sum / draws;
    assertThat(mean).isCloseTo(1.0, within(0.01));
    assertThat(sumSquares / draws - mean * mean).isCloseTo(1.0, within(0.02));
    double[] again = new double[200];
    Multiplicities.fill(42, Multiplicities.hash(bytes("c7")), m);
    Multiplicities.fill(42, Multiplicities.hash(bytes("c7")), again);
    assertThat(again).isEqualTo(m);
    Multiplicities.fill(43, Multiplicities.hash(bytes("c7")), again);
    assertThat(again).isNotEqualTo(m);
  }

  @Test
  void percentileIntervalInterpolatesAndSkipsUndefinedReplicates() {
    Double[] values = {5.0, null, 1.0, 3.0, 2.0, 4.0};
    Interval interval = Interval.of(values, null, 0.5); // quantiles 0.25 and 0.75 of 1..5
    assertThat(interval.lo()).isEqualTo(2.0);
    assertThat(interval.hi()).isEqualTo(4.0);
    assertThat(interval.replicates()).isEqualTo(5);
    assertThat(interval.drawn()).isEqualTo(6);
    // Replicates centred on the point: no bias to correct, the same interval.
    assertThat(Interval.of(values, 3.0, 0.5)).isEqualTo(interval);
    assertThat(Interval.of(new Double[] {null, null}, 1.0, 0.95)).isNull();
  }

  @Test
  void biasCorrectionMovesTheIntervalAgainstTheReplicatesLean() {
    // Replicates 1..9 around a point of 6: 5 below and 1 tied, so z0 = Phi^-1(5.5 / 9) = 0.28222. At 50%
    // the quantiles are Phi(2 z0 -+ 0.67449) = 0.45618 and 0.89231 (by hand, with Python's NormalDist),
    // that is 1 + 8 x 0.45618 = 4.6495 and 1 + 8 x 0.89231 = 8.1385.
    Double[] values = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0};
    Interval interval = Interval.of(values, 6.0, 0.5);
    assertThat(interval.lo()).isCloseTo(4.6495, within(1e-4));
    assertThat(interval.hi()).isCloseTo(8.1385, within(1e-4));
  }

  @Test
  void rowBootstrapMatchesTheAnalyticStandardErrorOnIndependentDecisions() {
    Random random = new Random(11);
    ThresholdGrid grid = ThresholdGrid.of(java.util.List.of(60.0));
    int replicates = 400;
    ReplicateSums sums = new ReplicateSums(grid.buckets(), replicates);
    BucketStats blocked = new BucketStats();
    BucketStats passed = new BucketStats();
    double[] m = new double[replicates];
    BucketSums.Terms decision = new BucketSums.Terms(Double.POSITIVE_INFINITY);
    BucketSums pointSums = new BucketSums(grid.buckets());
    for (int i = 0; i < 20_000; i++) {
      double score = random.nextDouble() * 100;
      boolean fraud = random.nextDouble() < score / 400;
      double p = score > 50 ? 0.05 + 0.3 * random.nextDouble() : 1.0;
      if (random.nextDouble() >= p) {
        continue;
      }
      double w = 1 / p;
      Multiplicities.fill(5, Multiplicities.hash(bytes("d" + i)), m);
      decision.of(true, fraud, !fraud, false, p, 0);
      pointSums.add(grid.bucketOf(score), score > 50, decision);
      sums.add(grid.bucketOf(score), score > 50, fraud, decision.weightUnits(), 0, m);
      BucketStats side = score > 60 ? blocked : passed;
      if (fraud) {
        side.weightFraud += w;
        side.excessFraud += w * w - w;
      } else {
        side.weightLegit += w;
        side.excessLegit += w * w - w;
      }
    }
    BootstrapIntervals intervals = BootstrapIntervals.of(grid, sums, grid, SliceBuckets.of(pointSums),
        Keys.costModel(Settings.defaults()), 0.95);
    Interval precision = intervals.get(60.0, CurveMetric.PRECISION);
    Interval recall = intervals.get(60.0, CurveMetric.RECALL);
    // A 95% interval spans about 2 x 1.96 standard errors. The bootstrap also counts always-allowed
    // decisions' resampling, which the design-based standard error rightly leaves out, so it may be wider.
    double se = IpsStandardError.precision(blocked, passed);
    assertThat((precision.hi() - precision.lo()) / (2 * 1.96 * se)).isBetween(0.85, 1.3);
    double recallSe = IpsStandardError.recall(blocked, passed);
    assertThat((recall.hi() - recall.lo()) / (2 * 1.96 * recallSe)).isBetween(0.85, 1.3);
    double estimate = ConfusionMatrix.of(blocked, passed, Estimator.IPS).precision();
    assertThat(estimate).isBetween(precision.lo(), precision.hi());
    assertThat(intervals.get(61.0, CurveMetric.PRECISION)).isNull();
  }

  private static byte[] bytes(String unit) {
    return unit.getBytes(StandardCharsets.UTF_8);
  }
}
