package org.cfeval.stats;

import java.util.Locale;
import java.util.function.Function;

/**
 * The confusion-matrix figures that get bootstrap intervals on IPS rows; each names its policy_curve
 * column. Rates of all decisions (block_rate, fraud_rate) have none: their denominators are not resampled.
 */
public enum CurveMetric {
  PRECISION(ConfusionMatrix::precision),
  RECALL(ConfusionMatrix::recall),
  FPR(ConfusionMatrix::fpr),
  TP(ConfusionMatrix::tp),
  FP(ConfusionMatrix::fp),
  FN(ConfusionMatrix::fn),
  TN(ConfusionMatrix::tn),
  EXPECTED_FRAUD(ConfusionMatrix::expectedFraud),
  TP_AMOUNT(ConfusionMatrix::tpAmount),
  FP_AMOUNT(ConfusionMatrix::fpAmount),
  FN_AMOUNT(ConfusionMatrix::fnAmount),
  TN_AMOUNT(ConfusionMatrix::tnAmount),
  EXPECTED_COST(ConfusionMatrix::expectedCost),
  COST_PER_DECISION(ConfusionMatrix::costPerDecision);

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
