package org.cfeval.stats;

import java.util.Locale;
import java.util.function.Function;

/** The confusion-matrix figures that get bootstrap intervals; each names its policy_curve column. */
public enum CurveMetric {
  PRECISION(ConfusionMatrix::precision),
  RECALL(ConfusionMatrix::recall),
  FPR(ConfusionMatrix::fpr),
  TP(ConfusionMatrix::tp),
  FP(ConfusionMatrix::fp),
  FN(ConfusionMatrix::fn),
  TN(ConfusionMatrix::tn);

  private final Function<ConfusionMatrix, Double> value;

  CurveMetric(Function<ConfusionMatrix, Double> value) {
    this.value = value;
  }

  public Double of(ConfusionMatrix matrix) {
    return value.apply(matrix);
  }

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }
}
