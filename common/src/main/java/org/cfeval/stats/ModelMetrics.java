package org.cfeval.stats;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Weighted ranking and calibration metrics of a probabilistic fraud classifier, from {@link ScoredBins}:
 * PR-AUC (average precision: the precision at each bin, from the highest probabilities down, weighted
 * by the recall it adds; predictions in one bin count as tied) and ROC-AUC (ties count half), both
 * exact when the distinct probabilities are ranked too ({@link Ranking}),
 * Brier score and log loss (exact: from per-bin moment sums). Null where a metric is undefined (no
 * labelled fraud, or no labelled legit decision for ROC-AUC).
 */
public final class ModelMetrics {
  /** The metrics, each naming its columns in the models table; whether larger is better. */
  public enum Metric {
    PR_AUC(true), ROC_AUC(true), BRIER(false), LOG_LOSS(false);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
      this.higherIsBetter = higherIsBetter;
    }

    public boolean higherIsBetter() {
      return higherIsBetter;
    }

    public String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A metric's value and its bootstrap interval (null without replicates). */
  public record Estimate(Double value, Interval interval) {}

  private ModelMetrics() {}

  public static Map<Metric, Estimate> of(ScoredBins bins, double confidence) {
    return of(bins, confidence, null);
  }

  /**
   * The metrics of {@code bins}, with PR-AUC and ROC-AUC taken from {@code exact} (the same predictions
   * ranked by their distinct probabilities) when given: the bins' ties cost up to about 1e-3 of either.
   * Their replicates stay binned, so each interval moves by the point's binning error: the bins tie the
   * same predictions in every replicate.
   */
  public static Map<Metric, Estimate> of(ScoredBins bins, double confidence, Ranking exact) {
    Map<Metric, Double> binned = slot(bins, 0);
    Map<Metric, Double> point = new EnumMap<>(binned);
    Map<Metric, Double> shift = new EnumMap<>(Metric.class);
    if (exact != null) {
      shift.put(Metric.PR_AUC, difference(exact.averagePrecision(), point.get(Metric.PR_AUC)));
      shift.put(Metric.ROC_AUC, difference(exact.rocAuc(), point.get(Metric.ROC_AUC)));
      point.put(Metric.PR_AUC, exact.averagePrecision());
      point.put(Metric.ROC_AUC, exact.rocAuc());
    }
    Map<Metric, Estimate> result = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      Interval interval = null;
      if (bins.replicates() > 0) {
        Double[] replicates = new Double[bins.replicates()];
        for (int r = 1; r <= bins.replicates(); r++) {
          replicates[r - 1] = slot(bins, r).get(metric);
        }
        interval = Interval.of(replicates, binned.get(metric), confidence);
      }
      double by = shift.getOrDefault(metric, 0.0);
      if (interval != null && by != 0) {
        interval = new Interval(interval.lo() + by, interval.hi() + by, interval.replicates(), interval.drawn());
      }
      result.put(metric, new Estimate(point.get(metric), interval));
    }
    return result;
  }

  private static double difference(Double exact, Double binned) {
    return exact == null || binned == null ? 0 : exact - binned;
  }

  /** Every metric of one slot (0: the data, r: replicate r). */
  static Map<Metric, Double> slot(ScoredBins bins, int slot) {
    double totalFraud = 0;
    double totalLegit = 0;
    double pSquared = 0;
    double pFraud = 0;
    double loss = 0;
    for (int b = 0; b < bins.bins(); b++) {
      totalFraud += bins.weightFraud(b, slot);
      totalLegit += bins.weightLegit(b, slot);
      pSquared += bins.weightPSquared(b, slot);
      pFraud += bins.weightPFraud(b, slot);
      loss += bins.loss(b, slot);
    }
    Ranking ranking = new Ranking();
    for (int b = bins.bins() - 1; b >= 0; b--) {
      ranking.add(bins.weightFraud(b, slot), bins.weightLegit(b, slot));
    }
    double total = totalFraud + totalLegit;
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    values.put(Metric.PR_AUC, ranking.averagePrecision());
    values.put(Metric.ROC_AUC, ranking.rocAuc());
    values.put(Metric.BRIER, Ratio.of(pSquared - 2 * pFraud + totalFraud, total));
    values.put(Metric.LOG_LOSS, Ratio.of(loss, total));
    return values;
  }
}
