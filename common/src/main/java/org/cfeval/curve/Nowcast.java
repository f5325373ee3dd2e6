package org.cfeval.curve;

import java.util.List;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Sum;
import org.cfeval.tables.Bounded;

/**
 * The eventual fraud of one cohort (a day's decisions) before its labels are in, on each side of the
 * production policy, from two estimates weighted by their precision:
 *
 * <ul>
 *   <li>chain ladder: each fraud reported so far counts 1/(p_allow F(age)), F from the delay model.
 *       Unbiased, but while F is small a handful of reports stands for everything: its variance,
 *       sum over decisions of r (1/(p F) - 1) with r the decision's expected fraud rate, is large;
 *   <li>by the scores: each decision counts the eventual fraud rate r of its score bucket and production
 *       action on the matured window (delay-adjusted IPS), as label-free estimators do with calibrated
 *       scores. Its variance: the cohort's own binomial variation, the rates' estimation error, and a
 *       between-cohort drift (tau, relative) fitted on the matured cohorts, since what the rates miss is
 *       exactly a change in fraud.
 * </ul>
 *
 * Young cohorts lean on the scores with wide intervals; older ones converge to their labels. The ratio of
 * fraud reports received to those due by now (rates times F over the allowed decisions) is the early
 * signal of fraud the scores do not see. With bootstrap replicates, intervals are theirs
 * ({@link NowcastReplicates}); without, normal on the blended counts, carried to the production policy's
 * figures by the delta method, the delay model's error entering through its log variance at the cohort's age.
 */
public final class Nowcast {
  /**
   * One side's two estimates of eventual fraud, their variances, and amounts; {@code processVariance} is the
   * part of the score-based variance that is the side's own binomial variation.
   */
  public record Side(long decisions, double amount, double chainLadder, double chainLadderVariance,
      double byScores, double byScoresVariance, double processVariance, double chainLadderAmount,
      double byScoresAmount) {

    /** Weight of the chain ladder in the blend (1 when the scores say nothing, 0 when the reports do not). */
    public double chainLadderWeight() {
      if (chainLadderVariance == 0 && byScoresVariance == 0) {
        return 0.5;
      }
      return Double.isInfinite(chainLadderVariance) ? 0 : byScoresVariance / (chainLadderVariance + byScoresVariance);
    }

    public double fraud() {
      double weight = chainLadderWeight();
      return weight * chainLadder + (1 - weight) * byScores;
    }

    public double variance() {
      if (Double.isInfinite(chainLadderVariance)) {
        return byScoresVariance;
      }
      double total = chainLadderVariance + byScoresVariance;
      return total == 0 ? 0 : chainLadderVariance * byScoresVariance / total;
    }

    public double fraudAmount() {
      double weight = chainLadderWeight();
      return weight * chainLadderAmount + (1 - weight) * byScoresAmount;
    }
  }

  /** A cohort on both sides of the production policy, with its reports against those due. */
  public record Cohort(Side blocked, Side allowed, double reported, long reports, double reportsDue,
      double completeness) {
    public long decisions() {
      return blocked.decisions() + allowed.decisions();
    }

    public double fraud() {
      return blocked.fraud() + allowed.fraud();
    }

    public double variance() {
      return blocked.variance() + allowed.variance();
    }

    public double fraudAmount() {
      return blocked.fraudAmount() + allowed.fraudAmount();
    }

    /** The sides' chain-ladder weights, averaged by their expected fraud by the scores. */
    public double chainLadderWeight() {
      double expected = blocked.byScores() + allowed.byScores();
      return expected == 0 ? 0.5 : (blocked.chainLadderWeight() * blocked.byScores()
          + allowed.chainLadderWeight() * allowed.byScores()) / expected;
    }

    /** The blended estimates on each side. */
    public ProductionFigures production() {
      return new ProductionFigures(decisions(), blocked.decisions(), blocked.amount(), blocked.fraud(), allowed.fraud(),
          blocked.fraudAmount(), allowed.fraudAmount());
    }

    /** Normal intervals of the production figures, by the delta method on the sides' variances. */
    public Bounded precision(double z) {
      Double value = production().precision();
      return value == null ? Bounded.NONE
          : Bounded.normal(value, Math.sqrt(blocked.variance()) / blocked.decisions(), z, 1);
    }

    public Bounded recall(double z) {
      Double value = production().recall();
      if (value == null) {
        return Bounded.NONE;
      }
      double total = fraud();
      double dBlocked = allowed.fraud() / (total * total);
      double dAllowed = -blocked.fraud() / (total * total);
      return Bounded.normal(value, Math.sqrt(dBlocked * dBlocked * blocked.variance()
          + dAllowed * dAllowed * allowed.variance()), z, 1);
    }

    public Bounded falseBlockRate(double z) {
      Double value = production().falseBlockRate();
      if (value == null) {
        return Bounded.NONE;
      }
      double legit = decisions() - fraud();
      double falseBlocks = blocked.decisions() - blocked.fraud();
      double dBlocked = (falseBlocks - legit) / (legit * legit);
      double dAllowed = falseBlocks / (legit * legit);
      return Bounded.normal(value, Math.sqrt(dBlocked * dBlocked * blocked.variance()
          + dAllowed * dAllowed * allowed.variance()), z, 1);
    }

    public Bounded expectedCost(CostModel costs, double z) {
      // Amounts move with their counts: d(amount)/d(count) is the side's mean fraud amount.
      double dAllowed = costs.missedFraud(1, meanAmount(allowed));
      double dBlocked = -costs.falseBlocks(1, meanAmount(blocked));
      return Bounded.normal(production().expectedCost(costs), Math.sqrt(dAllowed * dAllowed * allowed.variance()
          + dBlocked * dBlocked * blocked.variance()), z, Double.POSITIVE_INFINITY);
    }

    /** Reports received over reports due, with the exact Poisson interval of the count received. */
    public Bounded reportsRatio(double confidence) {
      if (reportsDue <= 0) {
        return Bounded.NONE;
      }
      return Bounded.poissonRatio(reports, reportsDue, confidence);
    }

    private static double meanAmount(Side side) {
      return side.fraud() > 0 ? side.fraudAmount() / side.fraud() : 0;
    }
  }

  private Nowcast() {}

  /**
   * A cohort's nowcast from its sums ({@code cohort}, over the grid's buckets) and the matured window's
   * ({@code matured}, the same grid, delay-adjusted), with the drift tau and the delay model's log variance
   * of F at the cohort's age.
   */
  public static Cohort of(SliceBuckets cohort, SliceBuckets matured, double drift, double delayLogVariance) {
    Side blocked = side(cohort, matured, true, drift, delayLogVariance);
    Side allowed = side(cohort, matured, false, drift, delayLogVariance);
    BucketStats total = cohort.total();
    double due = 0;
    double dueAll = 0;
    double expected = 0;
    for (boolean productionBlocks : new boolean[] {true, false}) {
      for (int b = 0; b < cohort.buckets(); b++) {
        BucketStats cell = cohort.cell(b, productionBlocks);
        double rate = rateOf(matured, b, productionBlocks);
        due += rate * cell.get(Sum.REPORTS_DUE_ALLOWED);
        dueAll += rate * cell.get(Sum.REPORTS_DUE);
        expected += rate * cell.decisions();
      }
    }
    return new Cohort(blocked, allowed, total.get(Sum.WEIGHT_FRAUD), total.count(Sum.FRAUD), due,
        expected > 0 ? dueAll / expected : 1);
  }

  private static Side side(SliceBuckets cohort, SliceBuckets matured, boolean productionBlocks, double drift,
      double delayLogVariance) {
    BucketStats maturedSide = matured.productionSide(productionBlocks);
    double fallbackRate = rate(maturedSide);
    double fallbackAmount = amountRate(maturedSide);
    long decisions = 0;
    double amount = 0;
    double byScores = 0;
    double byScoresAmount = 0;
    double processVariance = 0;
    double rateVariance = 0;
    double chainLadder = 0;
    double chainLadderAmount = 0;
    double reportsVariance = 0;
    for (int b = 0; b < cohort.buckets(); b++) {
      BucketStats cell = cohort.cell(b, productionBlocks);
      if (cell.decisions() == 0) {
        continue;
      }
      BucketStats reference = matured.cell(b, productionBlocks);
      boolean own = hasRate(matured, b, productionBlocks);
      double rate = rateOf(matured, b, productionBlocks);
      long n = cell.decisions();
      decisions += n;
      amount += cell.get(Sum.AMOUNT);
      byScores += n * rate;
      byScoresAmount += n * (own ? amountRate(reference) : fallbackAmount);
      processVariance += n * rate * (1 - Math.min(1, rate));
      rateVariance += (double) n * n * rateVariance(own ? reference : maturedSide);
      chainLadder += Estimator.IPS_DELAY_ADJUSTED.fraud(cell);
      chainLadderAmount += Estimator.IPS_DELAY_ADJUSTED.fraudAmount(cell);
      // A bucket whose matured fraud rate is 0 may still have fraud: its reports' variance at the side's rate.
      reportsVariance += Math.max(rate, fallbackRate) * cell.get(Sum.REPORTS_EXCESS);
    }
    double chainLadderVariance = reportsVariance
        + (chainLadder == 0 ? 0 : chainLadder * chainLadder * delayLogVariance);
    double byScoresVariance = processVariance + rateVariance + drift * drift * byScores * byScores;
    return new Side(decisions, amount, chainLadder, chainLadderVariance, byScores, byScoresVariance, processVariance,
        chainLadderAmount, byScoresAmount);
  }

  /** Whether bucket {@code b} has matured decisions on the side, and so a fraud rate of its own. */
  static boolean hasRate(SliceBuckets matured, int b, boolean productionBlocks) {
    return matured.cell(b, productionBlocks).decisions() > 0;
  }

  /** Eventual fraud per decision of bucket {@code b} on the side: its own, or the side's where it has none. */
  static double rateOf(SliceBuckets matured, int b, boolean productionBlocks) {
    return rate(hasRate(matured, b, productionBlocks) ? matured.cell(b, productionBlocks)
        : matured.productionSide(productionBlocks));
  }

  /**
   * The between-cohort drift tau: the relative spread of matured cohorts' chain-ladder fraud around their
   * expectation by the scores beyond what sampling explains (DerSimonian and Laird's moment estimator).
   */
  public static double drift(List<Cohort> matured) {
    double weights = 0;
    double weightedSquares = 0;
    double weighted = 0;
    double weightSquares = 0;
    int k = 0;
    for (Cohort cohort : matured) {
      double expected = cohort.blocked().byScores() + cohort.allowed().byScores();
      double variance = cohort.blocked().chainLadderVariance() + cohort.allowed().chainLadderVariance();
      if (expected <= 0 || variance <= 0 || Double.isInfinite(variance)) {
        continue;
      }
      double ratio = (cohort.blocked().chainLadder() + cohort.allowed().chainLadder()) / expected;
      double weight = expected * expected / variance;
      weights += weight;
      weighted += weight * ratio;
      weightedSquares += weight * ratio * ratio;
      weightSquares += weight * weight;
      k++;
    }
    if (k < 2) {
      return 0;
    }
    double q = weightedSquares - weighted * weighted / weights;
    double tau2 = (q - (k - 1)) / (weights - weightSquares / weights);
    return Math.sqrt(Math.max(0, tau2));
  }

  /** Eventual fraud per decision on the matured window's cell (delay-adjusted IPS). */
  private static double rate(BucketStats matured) {
    return matured.decisions() == 0 ? 0 : Estimator.IPS_DELAY_ADJUSTED.fraud(matured) / matured.decisions();
  }

  private static double amountRate(BucketStats matured) {
    return matured.decisions() == 0 ? 0 : Estimator.IPS_DELAY_ADJUSTED.fraudAmount(matured) / matured.decisions();
  }

  /** Variance of the rate: sum of (w / F)^2 over the cell's fraud, approximated by its mean inflation, over n^2. */
  private static double rateVariance(BucketStats matured) {
    double reported = matured.get(Sum.WEIGHT_FRAUD);
    if (matured.decisions() == 0 || reported == 0) {
      return 0;
    }
    double inflation = matured.get(Sum.WEIGHT_FRAUD_EVENTUAL) / reported;
    double squares = (matured.get(Sum.EXCESS_FRAUD) + reported) * inflation * inflation;
    return squares / ((double) matured.decisions() * matured.decisions());
  }
}
