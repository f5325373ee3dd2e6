package org.cfeval.curve;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.Bounded;

/**
 * Bootstrap replicates of a cohort's {@link Nowcast}, for intervals that carry what normal ones cannot:
 * fraud clustered in cards or customers (replicate r resamples the same clusters in the cohort and in the
 * matured window the scores' rates come from) and the delay model's error. Replicate r of a side:
 *
 * <ul>
 *   <li>chain ladder: the cohort's reports in replicate r, each w / F(age), times exp(-s Z_r), s the delay
 *       curve's log standard error at the cohort's age and Z_r one standard normal per replicate shared by
 *       every cohort: the curve's error is common to all of them, not drawn afresh for each. The reports
 *       predict a count they are part of: the replicates' spread about the point (variance V, mostly
 *       the sum of (w / F)^2 over clusters) is shrunk by sqrt(1 - CL / V), which leaves, like the normal
 *       interval's sum of r (1 / (p F) - 1), the variation of what is still to be reported and not of what
 *       is in (a matured cohort's fraud is nearly known: at F = 0.93 and p = 1 the unshrunk spread would
 *       be 3.7 times too wide);
 *   <li>by the scores: each bucket's expected fraud times the replicate's matured rate over the point's, for
 *       its interval bucket (the matured window's own inflation drawn with the same Z_r), plus normal draws
 *       of the side's own binomial variation and of the between-cohort drift: the cohort's eventual fraud is
 *       an outcome still to come, which no resampling of the past shows;
 *   <li>the two blended with the point estimate's weights.
 * </ul>
 *
 * Intervals are the replicates' bias-corrected percentiles ({@link Interval#of}).
 */
public final class NowcastReplicates {
  private NowcastReplicates() {}

  /** One standard normal per replicate, the delay curve's error in it, from the bootstrap seed. */
  public static double[] delayDraws(long seed, int replicates) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] draws = new double[replicates];
    for (int r = 0; r < replicates; r++) {
      draws[r] = random.nextGaussian();
    }
    return draws;
  }

  /**
   * The matured window's eventual fraud in each replicate relative to the point's, per interval bucket and
   * production action (and over the whole side, for buckets that take the side's rate), times the
   * replicate's draw of the window's own delay error.
   */
  public static final class Rates {
    private final int[] intervalOf;
    // [production blocks 0/1][interval bucket, then the whole side][replicate]
    private final double[][][] ratios;

    private Rates(int[] intervalOf, double[][][] ratios) {
      this.intervalOf = intervalOf;
      this.ratios = ratios;
    }

    /** @param windowScale each replicate's factor on the matured window's eventual fraud (its delay error) */
    public static Rates of(ThresholdGrid grid, SliceBuckets matured, ThresholdGrid intervalGrid,
        ReplicateSums replicates, double[] windowScale) {
      int[] intervalOf = grid.bucketsIn(intervalGrid);
      int buckets = intervalGrid.buckets();
      double[][][] ratios = new double[2][buckets + 1][replicates.replicates()];
      for (int side = 0; side < 2; side++) {
        boolean productionBlocks = side == 1;
        double[] point = new double[buckets + 1];
        for (int b = 0; b < grid.buckets(); b++) {
          point[intervalOf[b]] += fraud(matured.cell(b, productionBlocks));
        }
        for (int b = 0; b < buckets; b++) {
          point[buckets] += point[b];
        }
        for (int r = 0; r < replicates.replicates(); r++) {
          double delay = windowScale[r];
          double total = 0;
          for (int b = 0; b < buckets; b++) {
            double fraud = fraud(replicates.cell(b, productionBlocks, r));
            total += fraud;
            ratios[side][b][r] = ratio(fraud, point[b]) * delay;
          }
          ratios[side][buckets][r] = ratio(total, point[buckets]) * delay;
        }
      }
      return new Rates(intervalOf, ratios);
    }

    /** Where the point has no fraud, neither has any replicate: the rate stays what it is. */
    private static double ratio(double replicate, double point) {
      return point > 0 ? replicate / point : 1;
    }
  }

  /**
   * Each replicate's figures of a cohort (its {@code point} nowcast from {@code cohort}'s sums against
   * {@code matured}), from its reports' replicates ({@code reports}, one bucket), the matured window's
   * {@code rates}, the drift, the delay curve's log standard error at the cohort's age, the shared
   * {@code delayDraws}, and {@code seed} for the cohort's own draws.
   */
  public static List<ProductionFigures> of(Nowcast.Cohort point, SliceBuckets cohort, SliceBuckets matured,
      ReplicateSums reports, Rates rates, double drift, double logError, double[] delayDraws, long seed) {
    int replicates = reports.replicates();
    double[][] fraud = new double[2][replicates];
    double[][] amount = new double[2][replicates];
    SplittableRandom random = new SplittableRandom(seed);
    // Drawn in one order (the drift, then each side's own variation), so a cohort's draws are reproducible.
    double[][] own = new double[3][replicates];
    for (int r = 0; r < replicates; r++) {
      for (double[] draws : own) {
        draws[r] = random.nextGaussian();
      }
    }
    for (int side = 0; side < 2; side++) {
      boolean productionBlocks = side == 1;
      Nowcast.Side estimate = productionBlocks ? point.blocked() : point.allowed();
      int intervalBuckets = rates.ratios[side].length - 1;
      double[] expected = new double[intervalBuckets + 1];
      for (int b = 0; b < cohort.buckets(); b++) {
        long n = cohort.cell(b, productionBlocks).decisions();
        if (n > 0) {
          int to = Nowcast.hasRate(matured, b, productionBlocks) ? rates.intervalOf[b] : intervalBuckets;
          expected[to] += n * Nowcast.rateOf(matured, b, productionBlocks);
        }
      }
      double weight = estimate.chainLadderWeight();
      double byScores = estimate.byScores();
      double processError = Math.sqrt(estimate.processVariance());
      double[] ladder = new double[replicates];
      double[] ladderAmount = new double[replicates];
      // Without weight or reports the chain ladder is 0 in every replicate, whatever the delay curve's error,
      // which at the first ages may be infinite.
      if (weight > 0 && estimate.chainLadder() > 0) {
        for (int r = 0; r < replicates; r++) {
          BucketStats reported = reports.cell(0, productionBlocks, r);
          ladder[r] = fraud(reported);
          ladderAmount[r] = Estimator.IPS_DELAY_ADJUSTED.fraudAmount(reported);
        }
        double shrink = toStillToCome(estimate.chainLadder(), ladder);
        for (int r = 0; r < replicates; r++) {
          double delay = Math.exp(-logError * delayDraws[r]);
          ladder[r] = (estimate.chainLadder() + shrink * (ladder[r] - estimate.chainLadder())) * delay;
          ladderAmount[r] = (estimate.chainLadderAmount() + shrink * (ladderAmount[r] - estimate.chainLadderAmount()))
              * delay;
        }
      }
      for (int r = 0; r < replicates; r++) {
        double scores = drift * byScores * own[0][r] + processError * own[side + 1][r];
        for (int b = 0; b <= intervalBuckets; b++) {
          scores += expected[b] * rates.ratios[side][b][r];
        }
        double scoresAmount = byScores > 0 ? estimate.byScoresAmount() * scores / byScores : estimate.byScoresAmount();
        fraud[side][r] = Math.max(0, weight * ladder[r] + (1 - weight) * scores);
        amount[side][r] = Math.max(0, weight * ladderAmount[r] + (1 - weight) * scoresAmount);
      }
    }
    ProductionFigures at = point.production();
    List<ProductionFigures> figures = new ArrayList<>(replicates);
    for (int r = 0; r < replicates; r++) {
      figures.add(new ProductionFigures(at.decisions(), at.blockedDecisions(), at.blockedAmount(), fraud[1][r],
          fraud[0][r], amount[1][r], amount[0][r]));
    }
    return figures;
  }

  /** {@code figure}'s estimate with the interval of its replicates, kept within [0, max]. */
  public static Bounded interval(ProductionFigures point, List<ProductionFigures> replicates,
      Function<ProductionFigures, Double> figure, double confidence, double max) {
    Double value = figure.apply(point);
    Interval interval = value == null ? null
        : Interval.of(replicates.stream().map(figure).toArray(Double[]::new), value, confidence);
    return interval == null ? new Bounded(value, null, null)
        : new Bounded(value, Math.max(0, interval.lo()), Math.min(max, interval.hi()));
  }

  /** sqrt(1 - CL / V), V the variance of the chain ladder's replicates about CL (0 when V is below CL). */
  private static double toStillToCome(double chainLadder, double[] replicates) {
    double squares = 0;
    for (double replicate : replicates) {
      squares += (replicate - chainLadder) * (replicate - chainLadder);
    }
    double variance = squares / replicates.length;
    return variance > chainLadder ? Math.sqrt(1 - chainLadder / variance) : 0;
  }

  private static double fraud(BucketStats cell) {
    return Estimator.IPS_DELAY_ADJUSTED.fraud(cell);
  }
}
