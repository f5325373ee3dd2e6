package org.cfeval.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.commons.math3.special.Erf;

/**
 * How well one score's probabilities match the fraud they predict, from its {@link CalibrationSums}:
 * per reported bin the mean predicted probability over all decisions and the IPS-estimated fraud rate
 * (sum of w y over sum of w), and over all bins the expected calibration error, the calibration slope
 * and intercept, the Brier score and the log loss, each with a bootstrap interval.
 *
 * <p>The plain binned ECE, the decision-weighted mean of |observed - predicted|, is biased upward: a
 * bin's observed rate carries sampling noise, and |.| turns noise into error even where the score is
 * perfectly calibrated, the more the smaller the bin (an alert on it fires on noise). {@link Metric#ECE}
 * corrects each bin by the method of moments: if the observed rate is normal around the true one with
 * the bin's standard error s, |observed - predicted| has the folded normal's mean; the bin's error is
 * the d that makes that mean equal what was observed (0 when the observation is within what noise alone
 * gives, s sqrt(2 / pi)). The slope and intercept are those of a logistic regression of fraud on
 * logit(p), fitted on the fine bins (each at its weighted mean logit): 1 and 0 for a calibrated score.
 */
public final class CalibrationEstimate {
  /** A summary figure of the whole score, as stored in calibration.metric. */
  public enum Metric {
    ECE, ECE_PLAIN, BRIER, LOG_LOSS, SLOPE, INTERCEPT;

    /**
     * Whether the replicates sit above the point by construction (|.| of noisier rates), so its interval is
     * the normal one around the point ({@link Interval#normal}) rather than a percentile one.
     */
    boolean normalInterval() {
      return this == ECE || this == ECE_PLAIN;
    }

    public String columnValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A reported bin: its decisions and their mean predicted probability, its labelled decisions, their
   * weight (sum of 1/p_allow), effective size, and the estimated fraud rate with its interval and
   * standard error (null without labelled decisions).
   */
  public record Bin(long decisions, double meanPredicted, long labelled, double weight, double ess, Double observed,
      Interval interval, Double standardError) {}

  /** A figure and its interval (null without replicates or where undefined). */
  public record Figure(Double value, Interval interval) {}

  private final List<Bin> bins;
  private final List<Figure> summaries;

  private CalibrationEstimate(List<Bin> bins, List<Figure> summaries) {
    this.bins = bins;
    this.summaries = summaries;
  }

  /**
   * @param into each fine bin's reported bin (fine bins nest in reported ones)
   * @param reported the number of reported bins
   */
  public static CalibrationEstimate of(CalibrationSums sums, int[] into, int reported, double confidence) {
    int replicates = sums.replicates();
    Coarse point = Coarse.of(sums, into, reported, -1);
    Coarse[] drawn = new Coarse[replicates];
    for (int r = 0; r < replicates; r++) {
      drawn[r] = Coarse.of(sums, into, reported, r);
    }
    List<Bin> bins = new ArrayList<>();
    double[] errors = new double[reported];
    for (int j = 0; j < reported; j++) {
      int bin = j;
      Double observed = point.rate(j);
      Double[] rates = replicates(replicates, r -> drawn[r].rate(bin));
      errors[j] = replicates > 1 ? Interval.standardDeviation(rates) : analyticError(sums, into, j, observed);
      double ess = point.weightSquared[j] > 0 ? point.weight[j] * point.weight[j] / point.weightSquared[j] : 0;
      bins.add(new Bin(point.decisions[j], point.decisions[j] == 0 ? 0 : point.predicted[j] / point.decisions[j],
          point.labelled[j], point.weight[j], ess, observed, replicates == 0 ? null : Interval.of(rates, observed,
          confidence), observed == null ? null : errors[j]));
    }
    List<Figure> summaries = new ArrayList<>();
    for (Metric metric : Metric.values()) {
      Double value = point.summary(metric, sums, -1, errors);
      Double[] values = replicates(replicates, r -> drawn[r].summary(metric, sums, r, errors));
      summaries.add(new Figure(value, replicates == 0 ? null : metric.normalInterval()
          ? Interval.normal(values, value, confidence, 0, 1) : Interval.of(values, value, confidence)));
    }
    return new CalibrationEstimate(bins, summaries);
  }

  public List<Bin> bins() {
    return bins;
  }

  public Figure summary(Metric metric) {
    return summaries.get(metric.ordinal());
  }

  /**
   * The d >= 0 whose folded normal N(d, s^2) has mean {@code observed}: the calibration error of a bin
   * whose |observed - predicted| is {@code observed} with standard error {@code s}.
   */
  public static double debiased(double observed, double s) {
    if (!(s > 0)) {
      return observed;
    }
    if (observed <= s * Math.sqrt(2 / Math.PI)) {
      return 0;
    }
    double lo = 0;
    double hi = observed; // the folded mean is at least d, so d <= observed
    for (int i = 0; i < 100 && hi - lo > 1e-12 * observed; i++) {
      double d = (lo + hi) / 2;
      if (foldedMean(d, s) < observed) {
        lo = d;
      } else {
        hi = d;
      }
    }
    return (lo + hi) / 2;
  }

  /** The mean of |X| for X ~ N(d, s^2). */
  static double foldedMean(double d, double s) {
    return s * Math.sqrt(2 / Math.PI) * Math.exp(-d * d / (2 * s * s)) + d * Erf.erf(d / (s * Math.sqrt(2)));
  }

  /** The bin's rate's standard error without clusters: the linearised ratio's, sqrt(sum w^2 (y - rate)^2) / sum w. */
  private static double analyticError(CalibrationSums sums, int[] into, int bin, Double rate) {
    if (rate == null) {
      return 0;
    }
    double w2 = 0;
    double w2y = 0;
    double w2y2 = 0;
    double w = 0;
    for (int k = 0; k < into.length; k++) {
      if (into[k] == bin) {
        w2 += sums.weightSquared(k);
        w2y += sums.fraudWeightSquared(k);
        w2y2 += sums.fraudSquaredWeightSquared(k);
        w += sums.weight(k);
      }
    }
    return Math.sqrt(Math.max(0, w2y2 - 2 * rate * w2y + rate * rate * w2)) / w;
  }

  private static Double[] replicates(int n, IntFunction<Double> value) {
    Double[] values = new Double[n];
    for (int r = 0; r < n; r++) {
      values[r] = value.apply(r);
    }
    return values;
  }

  /** The sums of the reported bins, of the point ({@code r} = -1) or of replicate r. */
  private record Coarse(long[] decisions, double[] predicted, long[] labelled, double[] weight, double[] fraud,
      double[] weightSquared) {
    static Coarse of(CalibrationSums sums, int[] into, int reported, int r) {
      Coarse c = new Coarse(new long[reported], new double[reported], new long[reported], new double[reported],
          new double[reported], new double[reported]);
      for (int k = 0; k < into.length; k++) {
        int j = into[k];
        c.decisions[j] += sums.decisions(k);
        c.predicted[j] += sums.predicted(k);
        c.labelled[j] += sums.labelled(k);
        c.weight[j] += r < 0 ? sums.weight(k) : sums.weight(k, r);
        c.fraud[j] += r < 0 ? sums.fraud(k) : sums.fraud(k, r);
        c.weightSquared[j] += sums.weightSquared(k);
      }
      return c;
    }

    Double rate(int j) {
      return weight[j] > 0 ? Math.min(1, fraud[j] / weight[j]) : null;
    }

    /** A summary metric; null where a bin with decisions has no labelled weight, or the fit fails. */
    Double summary(Metric metric, CalibrationSums sums, int r, double[] errors) {
      double totalWeight = 0;
      for (double w : weight) {
        totalWeight += w;
      }
      if (!(totalWeight > 0)) {
        return null;
      }
      return switch (metric) {
        case ECE, ECE_PLAIN -> ece(metric == Metric.ECE ? errors : null);
        // Delay-adjusted sums move legit weight to fraud at each fraud's own p: in a thin slice that can take
        // a total below 0, which no Brier score or log loss is.
        case BRIER -> Math.max(0, (r < 0 ? sums.brier() : sums.brier(r)) / totalWeight);
        case LOG_LOSS -> Math.max(0, (r < 0 ? sums.logLoss() : sums.logLoss(r)) / totalWeight);
        case SLOPE, INTERCEPT -> {
          double[] fit = LogisticFit.of(sums, r);
          yield fit == null ? null : fit[metric == Metric.SLOPE ? 1 : 0];
        }
      };
    }

    private Double ece(double[] errors) {
      long total = 0;
      for (long n : decisions) {
        total += n;
      }
      double ece = 0;
      for (int j = 0; j < decisions.length; j++) {
        if (decisions[j] == 0) {
          continue;
        }
        Double rate = rate(j);
        if (rate == null) {
          return null;
        }
        double gap = Math.abs(rate - predicted[j] / decisions[j]);
        ece += (double) decisions[j] / total * (errors == null ? gap : debiased(gap, errors[j]));
      }
      return ece;
    }
  }
}
