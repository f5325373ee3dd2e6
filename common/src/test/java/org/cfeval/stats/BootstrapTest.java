package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.stats.LinearizedError.Source;
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
  void quantileBySelectionEqualsTheSortedInterpolation() {
    Random random = new Random(5);
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + random.nextInt(300);
      int distinct = 1 + random.nextInt(n); // few distinct values: many ties
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = random.nextInt(distinct) - distinct / 2.0;
      }
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      double p = random.nextDouble();
      double position = p * (n - 1);
      int below = (int) position;
      double expected = sorted[below] + (position - below) * (sorted[Math.min(below + 1, n - 1)] - sorted[below]);
      assertThat(Interval.quantile(values, p)).as("n=%d p=%s", n, p).isEqualTo(expected);
    }
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
  void studentizedIntervalByHand() {
    // Point 0.5 with error 0.1; nine replicates whose t = (value - 0.5) / error runs -4 .. 4 (errors 0.05).
    // At 50%: t quantiles 0.75 and 0.25 are 2 and -2, so 0.5 - 2 x 0.1 .. 0.5 + 2 x 0.1.
    Double[] values = new Double[10];
    Double[] errors = new Double[10];
    for (int t = -4; t <= 4; t++) {
      values[t + 4] = 0.5 + t * 0.05;
      errors[t + 4] = 0.05;
    }
    values[9] = 0.9; // no error: left out, and counted
    Interval interval = Interval.studentized(values, errors, 0.5, 0.1, 0.5, 0, 1);
    assertThat(interval.lo()).isCloseTo(0.3, within(1e-12));
    assertThat(interval.hi()).isCloseTo(0.7, within(1e-12));
    assertThat(interval.replicates()).isEqualTo(9);
    assertThat(interval.drawn()).isEqualTo(10);
    assertThat(Interval.studentized(values, errors, 0.5, 0.1, 0.5, 0.35, 0.6).lo()).isEqualTo(0.35);
    assertThat(Interval.studentized(values, errors, 0.5, 0.1, 0.5, 0.35, 0.6).hi()).isEqualTo(0.6);
    // Without a point error the t statistics say nothing: the bias-corrected percentile interval.
    assertThat(Interval.studentized(values, errors, 0.5, 0.0, 0.5, 0, 1)).isEqualTo(Interval.of(values, 0.5, 0.5));
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
    DecisionTerms decision = new DecisionTerms(Double.POSITIVE_INFINITY);
    SliceBuckets pointSums = new SliceBuckets(grid.buckets());
    for (int i = 0; i < 20_000; i++) {
      double score = random.nextDouble() * 100;
      boolean fraud = random.nextDouble() < score / 400;
      double p = score > 50 ? 0.05 + 0.3 * random.nextDouble() : 1.0;
      if (random.nextDouble() >= p) {
        continue;
      }
      Multiplicities.fill(5, Multiplicities.hash(bytes("d" + i)), m);
      decision.of(true, fraud, !fraud, false, p, 0);
      pointSums.add(grid.bucketOf(score), score > 50, decision.stats());
      sums.add(grid.bucketOf(score), score > 50, ReplicateSums.terms(decision.stats(), new double[ReplicateSums.TERMS]), m);
      (score > 60 ? blocked : passed).add(decision.stats());
    }
    BootstrapIntervals intervals = BootstrapIntervals.of(grid, sums, grid, pointSums,
        Keys.costModel(Settings.defaults()), 0.95, List.of(Estimator.IPS), null);
    Interval precision = intervals.get(Estimator.IPS, 60.0, CurveMetric.PRECISION);
    Interval recall = intervals.get(Estimator.IPS, 60.0, CurveMetric.RECALL);
    // On independent decisions a 95% interval spans about 2 x 1.96 sampling standard errors (the bootstrap
    // resamples decisions, so it varies what the sampling error counts: coin flips and draws of decisions).
    Map<CurveMetric, Double> errors = LinearizedError.of(blocked, passed, null, Source.SAMPLING);
    System.out.printf("interval width / (2 x 1.96 se): precision %.3f, recall %.3f%n",
        (precision.hi() - precision.lo()) / (2 * 1.96 * errors.get(CurveMetric.PRECISION)),
        (recall.hi() - recall.lo()) / (2 * 1.96 * errors.get(CurveMetric.RECALL)));
    assertThat((precision.hi() - precision.lo()) / (2 * 1.96 * errors.get(CurveMetric.PRECISION)))
        .isBetween(0.85, 1.15);
    assertThat((recall.hi() - recall.lo()) / (2 * 1.96 * errors.get(CurveMetric.RECALL))).isBetween(0.85, 1.15);
    double estimate = ConfusionMatrix.of(blocked, passed, Estimator.IPS).precision();
    assertThat(estimate).isBetween(precision.lo(), precision.hi());
    assertThat(intervals.get(Estimator.IPS, 61.0, CurveMetric.PRECISION)).isNull();
    assertThat(intervals.get(Estimator.SNIPS, 60.0, CurveMetric.PRECISION)).isNull();
  }

  /**
   * Every reported fraud standing for 1.25 eventual ones: the delay-adjusted fraud counts and their
   * intervals are the IPS ones times 1.25, exactly (the studentized interval scales with its figure);
   * drawing the delay curve's error (log standard error 0.1) widens them.
   */
  @Test
  void delayAdjustedIntervalsScaleWithTheInflationAndWidenWithTheCurvesError() {
    ThresholdGrid grid = ThresholdGrid.of(List.of(60.0));
    ReplicateSums sums = new ReplicateSums(grid.buckets(), 400);
    SliceBuckets pointSums = new SliceBuckets(grid.buckets());
    DecisionTerms decision = new DecisionTerms(Double.POSITIVE_INFINITY);
    double[] m = new double[400];
    Random random = new Random(8);
    for (int i = 0; i < 20_000; i++) {
      double score = 100 * random.nextDouble();
      boolean fraud = random.nextDouble() < score / 400;
      Multiplicities.fill(5, Multiplicities.hash(bytes("d" + i)), m);
      BucketStats terms = DelayedDecision.of(decision, true, fraud, !fraud, false, 1, 10, 1.25, 1.25, 1.25);
      pointSums.add(grid.bucketOf(score), false, terms);
      sums.count(grid.bucketOf(score), false);
      sums.add(grid.bucketOf(score), false, ReplicateSums.terms(terms, new double[ReplicateSums.TERMS]), m);
    }
    List<Estimator> both = List.of(Estimator.IPS, Estimator.IPS_DELAY_ADJUSTED);
    CostModel costs = Keys.costModel(Settings.defaults());
    BootstrapIntervals exact = BootstrapIntervals.of(grid, sums, grid, pointSums, costs, 0.95, both, null);
    Interval ips = exact.get(Estimator.IPS, 60.0, CurveMetric.TP);
    Interval adjusted = exact.get(Estimator.IPS_DELAY_ADJUSTED, 60.0, CurveMetric.TP);
    assertThat(adjusted.lo()).isCloseTo(1.25 * ips.lo(), within(1e-6));
    assertThat(adjusted.hi()).isCloseTo(1.25 * ips.hi(), within(1e-6));
    double[] draws = new double[400];
    for (int r = 0; r < draws.length; r++) {
      draws[r] = Math.exp(-0.1 * random.nextGaussian());
    }
    Interval unsure = BootstrapIntervals.of(grid, sums, grid, pointSums, costs, 0.95, both, draws)
        .get(Estimator.IPS_DELAY_ADJUSTED, 60.0, CurveMetric.TP);
    assertThat(unsure.hi() - unsure.lo()).isGreaterThan(1.5 * (adjusted.hi() - adjusted.lo()));
  }

  private static byte[] bytes(String unit) {
    return unit.getBytes(StandardCharsets.UTF_8);
  }
}
