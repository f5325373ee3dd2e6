package org.cfeval.stats;

import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * How late fraud is reported: F(k), the share of the fraud reports a decision eventually receives
 * within the horizon H that are in by k whole days after the decision, estimated from reports that are
 * right-truncated (a decision aged a whole days has shown all its reports with delays under a, and
 * those of day a only in part).
 *
 * <p>Chain ladder, in its reverse-time hazard form: delay k is informed by every decision aged more than k
 * whole days, whose day k is over. Among them, of the weight reported within k days, the share reported on day k exactly estimates
 * g_k = P(delay = k | delay <= k), and F(k - 1) = F(k) (1 - g_k) down from F(H) = 1. Each report weighs
 * 1/p_allow, so F describes all fraud, blocked decisions' too, not just the allowed. Interval: Greenwood's
 * variance of log F with weighted counts (the terms of different delays are uncorrelated), on the log
 * scale; it treats decisions as independent, so it is narrow when reports cluster.
 */
public final class ReportingDelay {
  /** The reports of one stratum, added a cell (delay, age) at a time; then {@link #estimate}. */
  public static final class Reports {
    private final int horizon;
    private final double[] weightAt;
    private final double[] squareAt;
    private final long[] countAt;
    /** Difference arrays over k of the weight (and squared weight) reported within k days by decisions aged over k. */
    private final double[] riskChange;
    private final double[] riskSquareChange;
    private double beyondWeight;
    private long beyondCount;
    private double matureWeight;
    private int oldestAge = -1;

    public Reports(int horizon) {
      this.horizon = horizon;
      weightAt = new double[horizon + 1];
      squareAt = new double[horizon + 1];
      countAt = new long[horizon + 1];
      riskChange = new double[horizon + 2];
      riskSquareChange = new double[horizon + 2];
    }

    /**
     * {@code count} reports with delay {@code delayDays}, of decisions aged {@code ageDays} at the as-of
     * date ({@code delayDays <= ageDays}), weighing {@code weight} in all, {@code squaredWeight} squared.
     */
    public Reports add(int delayDays, int ageDays, double weight, double squaredWeight, long count) {
      if (delayDays < 0 || delayDays > ageDays) {
        throw new IllegalArgumentException(String.format("a report %d days after a decision aged %d days",
            delayDays, ageDays));
      }
      oldestAge = Math.max(oldestAge, ageDays);
      if (ageDays > horizon) {
        matureWeight += weight;
      }
      if (delayDays > horizon) {
        beyondWeight += weight;
        beyondCount += count;
        return this;
      }
      if (delayDays == ageDays) {
        return this; // reported on the decision's current day, which is not over: it informs no delay yet
      }
      weightAt[delayDays] += weight;
      squareAt[delayDays] += squaredWeight;
      countAt[delayDays] += count;
      // It is among the decisions informing delays delayDays .. min(age - 1, H).
      int last = Math.min(ageDays - 1, horizon);
      riskChange[delayDays] += weight;
      riskChange[last + 1] -= weight;
      riskSquareChange[delayDays] += squaredWeight;
      riskSquareChange[last + 1] -= squaredWeight;
      return this;
    }

    public int horizon() {
      return horizon;
    }
  }

  private final Reports reports;
  private final double[] share;
  private final double[] logVariance;
  private final double[] atRisk;

  private ReportingDelay(Reports reports, double[] share, double[] logVariance, double[] atRisk) {
    this.reports = reports;
    this.share = share;
    this.logVariance = logVariance;
    this.atRisk = atRisk;
  }

  public static ReportingDelay estimate(Reports reports) {
    int h = reports.horizon;
    double[] atRisk = new double[h + 1];
    double[] atRiskSquare = new double[h + 1];
    double risk = 0;
    double riskSquare = 0;
    for (int k = 0; k <= h; k++) {
      risk += reports.riskChange[k];
      riskSquare += reports.riskSquareChange[k];
      atRisk[k] = risk;
      atRiskSquare[k] = riskSquare;
    }
    double[] share = new double[h + 1];
    double[] logVariance = new double[h + 1];
    share[h] = 1;
    for (int k = h; k >= 1; k--) {
      double n = reports.weightAt[k];
      double r = atRisk[k];
      double m = Math.max(0, r - n);
      double hazard = r > 0 ? Math.min(1, n / r) : 0;
      share[k - 1] = share[k] * (1 - hazard);
      double term;
      if (n == 0) {
        term = 0;
      } else if (m == 0) {
        term = Double.POSITIVE_INFINITY; // everything informing k came on day k: F(k - 1) is 0, its log unbounded
      } else {
        double squareOfEarlier = Math.max(0, atRiskSquare[k] - reports.squareAt[k]);
        term = (n * n * squareOfEarlier / (m * m) + reports.squareAt[k]) / (r * r);
      }
      logVariance[k - 1] = logVariance[k] + term;
    }
    return new ReportingDelay(reports, share, logVariance, atRisk);
  }

  public int horizon() {
    return reports.horizon;
  }

  /** F(k): the share of eventual reports in by k days after the decision; 1 from the horizon on. */
  public double share(int delayDays) {
    return share[clamp(delayDays)];
  }

  public double lo(int delayDays, double confidence) {
    return share(delayDays) * Math.exp(-Interval.z(confidence) * Math.sqrt(logVariance[clamp(delayDays)]));
  }

  /**
   * The upper end of F(k)'s interval. Where F(k) is 0 with an unbounded log variance (every report informing
   * day k + 1 came that day) the log-scale bound is undefined; F never decreases, so the first later delay's
   * defined bound bounds it.
   */
  public double hi(int delayDays, double confidence) {
    double z = Interval.z(confidence);
    for (int k = clamp(delayDays); k <= reports.horizon; k++) {
      double bound = share[k] * Math.exp(z * Math.sqrt(logVariance[k]));
      if (!Double.isNaN(bound)) {
        return Math.min(1, bound);
      }
    }
    return 1;
  }

  /** Variance of log F(k). */
  public double logVariance(int delayDays) {
    return logVariance[clamp(delayDays)];
  }

  /** Weight of the reports with delay exactly k from decisions aged over k days (k at most the horizon). */
  public double weightAt(int delayDays) {
    return reports.weightAt[delayDays];
  }

  public long countAt(int delayDays) {
    return reports.countAt[delayDays];
  }

  /** Weight reported within k days by the decisions aged over k days: what informs delay k. */
  public double atRisk(int delayDays) {
    return atRisk[delayDays];
  }

  /** Whether decisions older than the horizon were seen, so that every delay up to it is informed. */
  public boolean complete() {
    return reports.oldestAge > reports.horizon;
  }

  /** Reports that came after the horizon; they are not in F. */
  public long beyondHorizonReports() {
    return reports.beyondCount;
  }

  /** Their share of the weight reported by decisions older than the horizon (0 when there are none). */
  public double beyondHorizonShare() {
    return reports.matureWeight == 0 ? 0 : reports.beyondWeight / reports.matureWeight;
  }

  /**
   * P-value of a Wald test that F(k) is the same in every stratum (independent strata, log F's Greenwood
   * variances); strata with no information at k are left out. 1 with fewer than two informed strata.
   */
  public static double sameShareP(List<ReportingDelay> strata, int delayDays) {
    double weights = 0;
    double weighted = 0;
    int informed = 0;
    double[] logs = new double[strata.size()];
    double[] variances = new double[strata.size()];
    for (int i = 0; i < strata.size(); i++) {
      ReportingDelay stratum = strata.get(i);
      double variance = stratum.logVariance(delayDays);
      variances[i] = variance;
      if (variance > 0 && Double.isFinite(variance) && stratum.share(delayDays) > 0) {
        logs[i] = Math.log(stratum.share(delayDays));
        weights += 1 / variance;
        weighted += logs[i] / variance;
        informed++;
      }
    }
    if (informed < 2) {
      return 1;
    }
    double mean = weighted / weights;
    double q = 0;
    for (int i = 0; i < strata.size(); i++) {
      if (variances[i] > 0 && Double.isFinite(variances[i]) && strata.get(i).share(delayDays) > 0) {
        q += (logs[i] - mean) * (logs[i] - mean) / variances[i];
      }
    }
    return 1 - new ChiSquaredDistribution(null, informed - 1).cumulativeProbability(q);
  }

  private int clamp(int delayDays) {
    return Math.max(0, Math.min(delayDays, reports.horizon));
  }
}
