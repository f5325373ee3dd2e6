package org.cfeval.stats;

import java.util.Locale;
import java.util.function.Function;

/**
 * The confusion-matrix figures that get bootstrap intervals on IPS rows; each names its policy_curve
 * column. Rates of all decisions (block_rate, fraud_rate) have none: their denominators are not resampled.
 */
public enum CurveMetric {
  PRECISION(Kind.RATE, ConfusionMatrix::precision),
  RECALL(Kind.RATE, ConfusionMatrix::recall),
  FPR(Kind.RATE, ConfusionMatrix::fpr),
  TP(Kind.COUNT, ConfusionMatrix::tp),
  FP(Kind.COUNT, ConfusionMatrix::fp),
  FN(Kind.COUNT, ConfusionMatrix::fn),
  TN(Kind.COUNT, ConfusionMatrix::tn),
  EXPECTED_FRAUD(Kind.COUNT, ConfusionMatrix::expectedFraud),
  TP_AMOUNT(Kind.AMOUNT, ConfusionMatrix::tpAmount),
  FP_AMOUNT(Kind.AMOUNT, ConfusionMatrix::fpAmount),
  FN_AMOUNT(Kind.AMOUNT, ConfusionMatrix::fnAmount),
  TN_AMOUNT(Kind.AMOUNT, ConfusionMatrix::tnAmount),
  EXPECTED_COST(Kind.AMOUNT, ConfusionMatrix::expectedCost),
  COST_PER_DECISION(Kind.AMOUNT, ConfusionMatrix::costPerDecision);

  /**
   * What a figure is a function of, which decides its interval: rates (within [0, 1]) and counts are
   * functions of the weighted counts alone and get studentized intervals; amounts and costs also need
   * the weighted amounts and get bias-corrected percentile intervals (see {@link Interval}).
   */
  public enum Kind {
    RATE, COUNT, AMOUNT;

    /** Whether the figure is a function of the four weighted counts alone. */
    public boolean countsOnly() {
      return this != AMOUNT;
    }

    /** The largest value the figure can take (all are at least 0). */
    public double max() {
      return this == RATE ? 1 : Double.POSITIVE_INFINITY;
    }
  }

  private final Kind kind;
  private final Function<ConfusionMatrix, Double> value;

  CurveMetric(Kind kind, Function<ConfusionMatrix, Double> value) {
    this.kind = kind;
    this.value = value;
  }

  public Kind kind() {
    return kind;
  }

  public Double of(ConfusionMatrix matrix) {
    return value.apply(matrix);
  }

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }
}
