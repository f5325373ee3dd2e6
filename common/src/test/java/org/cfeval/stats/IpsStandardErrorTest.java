package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The analytic standard errors against the spread of IPS estimates over many re-randomised loggings. */
@Tag("fast")
class IpsStandardErrorTest {
  @Test
  void matchesTheMonteCarloSpreadOfIpsPrecisionAndRecall() {
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
    for (int r = 0; r < replications; r++) {
      BucketStats blocked = new BucketStats();
      BucketStats passed = new BucketStats();
      for (int i = 0; i < n; i++) {
        if (random.nextDouble() >= p[i]) {
          continue; // blocked by the logging policy: unlabelled
        }
        BucketStats side = score[i] > 60 ? blocked : passed;
        double w = 1 / p[i];
        if (fraud[i]) {
          side.weightFraud += w;
          side.excessFraud += w * w - w;
        } else {
          side.weightLegit += w;
          side.excessLegit += w * w - w;
        }
      }
      ConfusionMatrix m = ConfusionMatrix.of(blocked, passed, Estimator.IPS);
      precision[r] = m.precision();
      recall[r] = m.recall();
      meanSePrecision += IpsStandardError.precision(blocked, passed) / replications;
      meanSeRecall += IpsStandardError.recall(blocked, passed) / replications;
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
