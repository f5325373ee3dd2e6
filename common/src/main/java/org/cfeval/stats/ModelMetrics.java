package org.cfeval.stats;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Weighted ranking and calibration metrics of a probabilistic fraud classifier, from {@link ScoredBins}:
 * PR-AUC (average precision: the precision at each bin, from the highest probabilities down, weighted
 * by the recall it adds; predictions in one bin count as tied), ROC-AUC (trapezoids, ties count half),
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
    Map<Metric, Double> point = slot(bins, 0);
    Map<Metric, Estimate> result = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      Interval interval = null;
      if (bins.replicates() > 0) {
        Double[] replicates = new Double[bins.replicates()];
        for (int r = 1; r <= bins.replicates(); r++) {
          replicates[r - 1] = slot(bins, r).get(metric);
        }
        interval = Interval.percentile(replicates, confidence);
      }
      result.put(metric, new Estimate(point.get(metric), interval));
    }
    return result;
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
    double averagePrecision = 0;
    double rocArea = 0;
    double tp = 0;
    double fp = 0;
    for (int b = bins.bins() - 1; b >= 0; b--) {
      double fraud = bins.weightFraud(b, slot);
      double legit = bins.weightLegit(b, slot);
      rocArea += legit * (tp + fraud / 2);
      tp += fraud;
      fp += legit;
      if (fraud > 0) {
        averagePrecision += fraud * tp / (tp + fp);
      }
    }
    double total = totalFraud + totalLegit;
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    values.put(Metric.PR_AUC, Ratio.of(averagePrecision, totalFraud));
    values.put(Metric.ROC_AUC, totalFraud == 0 || totalLegit == 0 ? null : rocArea / (totalFraud * totalLegit));
    values.put(Metric.BRIER, Ratio.of(pSquared - 2 * pFraud + totalFraud, total));
    values.put(Metric.LOG_LOSS, Ratio.of(loss, total));
    return values;
  }
}
