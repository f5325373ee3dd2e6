package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Map;
import java.util.Random;
import org.cfeval.stats.LinearizedError.Source;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class LinearizedErrorTest {
  /**
   * Blocked: one fraud allowed at p = 0.2 (w 5, w^2 25) and one legit at p = 0.25 (w 4, w^2 16); passed:
   * one fraud and one legit at p = 1 (w 1, w^2 1). Every error by hand from sum of w^2 (df/dW)^2.
   */
  @Test
  void errorsOfTheSeedsWorkedExampleByHand() {
    DecisionTerms terms = new DecisionTerms(Double.POSITIVE_INFINITY);
    BucketStats blocked = terms.of(true, true, false, false, 0.2, 10).stats().copy()
        .add(terms.of(true, false, true, false, 0.25, 20).stats());
    BucketStats passed = terms.of(true, true, false, false, 1, 30).stats().copy()
        .add(terms.of(true, false, true, false, 1, 40).stats());
    Map<CurveMetric, Double> errors = LinearizedError.of(blocked, passed, null, Source.SAMPLING);
    // precision 5/9: ((4/9)^2 25 + (5/9)^2 16) / 9^2 = 800 / 6561
    assertThat(errors.get(CurveMetric.PRECISION)).isCloseTo(Math.sqrt(800.0) / 81, withinPercentage(1e-4));
    // recall 5/6: ((1/6)^2 25 + (5/6)^2 1) / 6^2 = 50 / 1296
    assertThat(errors.get(CurveMetric.RECALL)).isCloseTo(Math.sqrt(50.0) / 36, withinPercentage(1e-4));
    // fpr 4/5: ((1/5)^2 16 + (4/5)^2 1) / 5^2 = 1.28 / 25
    assertThat(errors.get(CurveMetric.FPR)).isCloseTo(Math.sqrt(1.28) / 5, withinPercentage(1e-4));
    assertThat(errors.get(CurveMetric.TP)).isCloseTo(5, withinPercentage(1e-4));
    assertThat(errors.get(CurveMetric.FP)).isCloseTo(4, withinPercentage(1e-4));
    assertThat(errors.get(CurveMetric.TN)).isCloseTo(1, withinPercentage(1e-4));
    assertThat(errors.get(CurveMetric.EXPECTED_FRAUD)).isCloseTo(Math.sqrt(26), withinPercentage(1e-4));
    assertThat(errors).doesNotContainKey(CurveMetric.TP_AMOUNT).doesNotContainKey(CurveMetric.EXPECTED_COST);
  }

  @Test
  void undefinedFiguresHaveNoError() {
    DecisionTerms terms = new DecisionTerms(Double.POSITIVE_INFINITY);
    BucketStats passed = terms.of(true, false, true, false, 1, 30).stats().copy();
    Map<CurveMetric, Double> errors = LinearizedError.of(new BucketStats(), passed, null, Source.SAMPLING);
    assertThat(errors.get(CurveMetric.PRECISION)).isNull(); // nothing blocked
    assertThat(errors.get(CurveMetric.TN)).isCloseTo(1, withinPercentage(1e-4));
  }

  /** Design errors against the spread of IPS estimates over many re-randomised loggings of one population. */
  @Test
  void designErrorsMatchTheMonteCarloSpreadOfIpsPrecisionAndRecall() {
    Random random = new Random(7);
    int n = 3000;
    double[] score = new double[n];
    boolean[] fraud = new boolean[n];
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      score[i] = random.nextDouble() * 100;
      fraud[i] = random.nextDouble() < score[i] / 400;
      p[i] = score[i] > 50 ? 0.05 + 0.3 * random.nextDouble() : 1.0;
    }
    int replications = 4000;
    double[] precision = new double[replications];
    double[] recall = new double[replications];
    double meanSePrecision = 0;
    double meanSeRecall = 0;
    DecisionTerms terms = new DecisionTerms(Double.POSITIVE_INFINITY);
    for (int r = 0; r < replications; r++) {
      BucketStats blocked = new BucketStats();
      BucketStats passed = new BucketStats();
      for (int i = 0; i < n; i++) {
        if (random.nextDouble() >= p[i]) {
          continue; // blocked by the logging policy: unlabelled
        }
        (score[i] > 60 ? blocked : passed).add(terms.of(true, fraud[i], !fraud[i], false, p[i], 0).stats());
      }
      ConfusionMatrix m = ConfusionMatrix.of(blocked, passed, Estimator.IPS);
      precision[r] = m.precision();
      recall[r] = m.recall();
      meanSePrecision += LinearizedError.of(blocked, passed, null, Source.DESIGN).get(CurveMetric.PRECISION) / replications;
      meanSeRecall += LinearizedError.of(blocked, passed, null, Source.DESIGN).get(CurveMetric.RECALL) / replications;
    }
    assertThat(meanSePrecision / standardDeviation(precision)).isCloseTo(1.0, within(0.1));
    assertThat(meanSeRecall / standardDeviation(recall)).isCloseTo(1.0, within(0.1));
  }

  private static double standardDeviation(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v / values.length;
    }
    double variance = 0;
    for (double v : values) {
      variance += (v - mean) * (v - mean) / (values.length - 1);
    }
    return Math.sqrt(variance);
  }
}
