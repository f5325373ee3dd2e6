package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cfeval.curve.ThresholdGrid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Calibration on worlds of 100,000 decisions built with a known miscalibration: each decision's predicted probability p, its
 * true fraud probability q = sigmoid(alpha + beta logit p), fraud drawn from q, and a logging policy that
 * lets only a quarter of the decisions with p > 0.1 through (weights 4). The truth is computed from q
 * directly (not from the code under test): the binned ECE as the decision-weighted mean of |mean q -
 * mean p| per bin, the Brier score's expectation q (1 - p)^2 + (1 - q) p^2, slope beta and intercept alpha.
 */
@Tag("fast")
class CalibrationEstimateTest {
  private static final int DECISIONS = 100_000;
  private static final int BINS = 10;
  private static final int REPLICATES = 200;
  /** Worlds per sweep: 20 in the test command, more from scripts/validate (-Dcfeval.calibration.worlds). */
  private static final int WORLDS = Integer.getInteger("cfeval.calibration.worlds", 20);

  @Test
  void theFoldedNormalCorrectionInvertsTheFoldedMean() {
    for (double s : new double[] {0.001, 0.01, 0.05}) {
      for (double d : new double[] {0.5 * s, s, 3 * s, 10 * s}) {
        assertThat(CalibrationEstimate.debiased(CalibrationEstimate.foldedMean(d, s), s)).isCloseTo(d, within(1e-9));
      }
      // Within what noise alone gives, no error is left.
      assertThat(CalibrationEstimate.debiased(0.7 * s, s)).isZero();
    }
    // The folded mean by simulation: E|N(d, s^2)| at d = s = 1.
    SplittableRandom random = new SplittableRandom(3);
    double sum = 0;
    for (int i = 0; i < 1_000_000; i++) {
      sum += Math.abs(1 + random.nextGaussian());
    }
    assertThat(CalibrationEstimate.foldedMean(1, 1)).isCloseTo(sum / 1_000_000, within(0.003));
  }

  @Test
  void aMiscalibratedScoreShowsTheSlopeInterceptAndEceItWasBuiltWith() {
    int worlds = WORLDS;
    int slopeCovered = 0;
    int interceptCovered = 0;
    int eceCovered = 0;
    int brierCovered = 0;
    double slopes = 0;
    double eceWidths = 0;
    double trueEces = 0;
    for (long seed = 1; seed <= worlds; seed++) {
      World world = World.of(seed, 0.5, 0.7);
      CalibrationEstimate estimate = world.estimate();
      slopeCovered += covers(estimate.summary(CalibrationEstimate.Metric.SLOPE), 0.7);
      interceptCovered += covers(estimate.summary(CalibrationEstimate.Metric.INTERCEPT), 0.5);
      eceCovered += covers(estimate.summary(CalibrationEstimate.Metric.ECE), world.trueEce);
      brierCovered += covers(estimate.summary(CalibrationEstimate.Metric.BRIER), world.trueBrier);
      slopes += estimate.summary(CalibrationEstimate.Metric.SLOPE).value();
      Interval ece = estimate.summary(CalibrationEstimate.Metric.ECE).interval();
      eceWidths += ece.hi() - ece.lo();
      trueEces += world.trueEce;
    }
    System.out.printf("calibration sweep, %d miscalibrated worlds (slope 0.7, intercept 0.5): 95%% intervals covered"
        + " slope %d, intercept %d, ECE %d, Brier %d; mean slope %.4f; mean ECE width %.4f, true ECE %.4f%n", worlds,
        slopeCovered, interceptCovered, eceCovered, brierCovered, slopes / worlds, eceWidths / worlds, trueEces / worlds);
    for (int covered : new int[] {slopeCovered, interceptCovered, eceCovered, brierCovered}) {
      assertCoverage(covered, worlds);
    }
    // Unbiased: the mean slope within three of its standard errors (0.012 / sqrt(worlds)) of 0.7.
    assertThat(slopes / worlds).isCloseTo(0.7, within(3 * 0.012 / Math.sqrt(worlds)));
    // Intervals narrow enough to tell: the ECE's width a tenth of the ECE itself.
    assertThat(eceWidths / worlds).isLessThan(0.1 * trueEces / worlds);
  }

  @Test
  void aCalibratedScoreHasNoErrorLeftOnceNoiseIsTakenOut() {
    int worlds = WORLDS;
    double debiased = 0;
    double plain = 0;
    double slopes = 0;
    double highestLow = 0;
    for (long seed = 1; seed <= worlds; seed++) {
      World world = World.of(seed, 0, 1);
      assertThat(world.trueEce).isZero();
      CalibrationEstimate estimate = world.estimate();
      debiased += estimate.summary(CalibrationEstimate.Metric.ECE).value();
      plain += estimate.summary(CalibrationEstimate.Metric.ECE_PLAIN).value();
      slopes += estimate.summary(CalibrationEstimate.Metric.SLOPE).value();
      highestLow = Math.max(highestLow, estimate.summary(CalibrationEstimate.Metric.ECE).interval().lo());
    }
    System.out.printf("calibration sweep, %d calibrated worlds: mean ECE %.5f (plain %.5f), highest lower end %.5f,"
        + " mean slope %.4f%n", worlds, debiased / worlds, plain / worlds, highestLow, slopes / worlds);
    // The plain ECE's bias on a calibrated score cut by a third or more (no estimate of |.| >= 0 can be unbiased
    // at 0); the lower end never near an alert's 0.02.
    assertThat(debiased / worlds).isLessThan(plain / worlds * 2 / 3);
    assertThat(highestLow).isLessThan(0.005);
    assertThat(slopes / worlds).isCloseTo(1, within(3 * 0.015 / Math.sqrt(worlds)));
  }

  private static int covers(CalibrationEstimate.Figure figure, double truth) {
    return figure.interval().lo() <= truth && truth <= figure.interval().hi() ? 1 : 0;
  }

  /** Coverage of 95% intervals within three binomial standard errors of 95%. */
  private static void assertCoverage(int covered, int worlds) {
    double margin = 3 * Math.sqrt(0.95 * 0.05 / worlds);
    assertThat((double) covered / worlds).isBetween(0.95 - margin, 0.95 + margin);
  }

  @Test
  void withoutReplicatesTheCorrectionUsesTheAnalyticError() {
    World world = World.of(4, 0.5, 0.7);
    CalibrationEstimate withReplicates = world.estimate();
    CalibrationEstimate analytic = world.estimate(0);
    for (int j = 0; j < BINS; j++) {
      // Units are single decisions, so the replicates' spread and the linearised error agree.
      assertThat(analytic.bins().get(j).standardError())
          .isCloseTo(withReplicates.bins().get(j).standardError(), within(0.2 * withReplicates.bins().get(j).standardError()));
    }
    assertThat(analytic.summary(CalibrationEstimate.Metric.ECE).interval()).isNull();
    assertThat(analytic.summary(CalibrationEstimate.Metric.ECE).value())
        .isCloseTo(withReplicates.summary(CalibrationEstimate.Metric.ECE).value(), within(0.002));
  }

  /** A simulated window: each decision's p, q, fraud and weight, and the truths computed from q. */
  private record World(double[] p, double[] q, boolean[] fraud, double[] pAllow, boolean[] allowed, long seed,
      double trueEce, double trueBrier) {
    static World of(long seed, double alpha, double beta) {
      SplittableRandom random = new SplittableRandom(seed);
      double[] p = new double[DECISIONS];
      double[] q = new double[DECISIONS];
      boolean[] fraud = new boolean[DECISIONS];
      double[] pAllow = new double[DECISIONS];
      boolean[] allowed = new boolean[DECISIONS];
      double brier = 0;
      for (int i = 0; i < DECISIONS; i++) {
        double logit = -3 + 1.2 * random.nextGaussian();
        p[i] = 1 / (1 + Math.exp(-logit));
        q[i] = 1 / (1 + Math.exp(-(alpha + beta * logit)));
        fraud[i] = random.nextDouble() < q[i];
        pAllow[i] = p[i] > 0.1 ? 0.25 : 1;
        allowed[i] = random.nextDouble() < pAllow[i];
        brier += q[i] * (1 - p[i]) * (1 - p[i]) + (1 - q[i]) * p[i] * p[i];
      }
      World partial = new World(p, q, fraud, pAllow, allowed, seed, 0, brier / DECISIONS);
      return new World(p, q, fraud, pAllow, allowed, seed, partial.binnedEce(), brier / DECISIONS);
    }

    /** The binned ECE from q itself, with the reported bins' edges. */
    private double binnedEce() {
      ThresholdGrid coarse = coarse();
      double[] predicted = new double[BINS];
      double[] truth = new double[BINS];
      long[] n = new long[BINS];
      for (int i = 0; i < DECISIONS; i++) {
        int j = coarse.bucketOf(p[i]);
        predicted[j] += p[i];
        truth[j] += q[i];
        n[j]++;
      }
      double ece = 0;
      for (int j = 0; j < BINS; j++) {
        ece += Math.abs(truth[j] - predicted[j]) / DECISIONS;
      }
      return ece < 1e-12 ? 0 : ece;
    }

    private ThresholdGrid fine() {
      double[] sorted = p.clone();
      Arrays.sort(sorted);
      List<Double> edges = new ArrayList<>();
      int fine = BINS * 5;
      for (int k = 1; k < fine; k++) {
        edges.add(sorted[(int) ((long) k * DECISIONS / fine)]);
      }
      return ThresholdGrid.of(edges);
    }

    private ThresholdGrid coarse() {
      ThresholdGrid fine = fine();
      List<Double> edges = new ArrayList<>();
      for (int k = 4; k < fine.size(); k += 5) {
        edges.add(fine.threshold(k));
      }
      return ThresholdGrid.of(edges);
    }

    CalibrationEstimate estimate() {
      return estimate(REPLICATES);
    }

    CalibrationEstimate estimate(int replicates) {
      ThresholdGrid fine = fine();
      CalibrationSums sums = new CalibrationSums(fine.buckets(), replicates);
      double[] multiplicities = new double[replicates];
      for (int i = 0; i < DECISIONS; i++) {
        int bin = fine.bucketOf(p[i]);
        sums.count(bin, p[i]);
        if (allowed[i]) {
          Multiplicities.fill(seed, Multiplicities.hash(("d" + i).getBytes()), multiplicities);
          sums.addLabelled(bin, p[i], 1 / pAllow[i], fraud[i] ? 1 : 0, replicates == 0 ? null : multiplicities);
        }
      }
      ThresholdGrid coarse = coarse();
      return CalibrationEstimate.of(sums.checkExact(), fine.bucketsIn(coarse), coarse.buckets(), 0.95);
    }
  }
}
