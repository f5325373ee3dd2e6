package org.cfeval.stats;

import java.util.List;

/**
 * The area under a policy curve's precision-recall points, as average precision: walking from the
 * strictest policy to blocking everything, each step's added recall weighted by the precision there.
 * The curve's points are "block if score > t" for ascending t; blocking everything (recall 1, precision
 * the fraud share) closes it, so curves of different scores over their own thresholds compare fairly.
 */
public final class AveragePrecision {
  private AveragePrecision() {}

  /** Null when the curve has no fraud. */
  public static Double of(List<ConfusionMatrix> ascending) {
    if (ascending.isEmpty()) {
      return null;
    }
    ConfusionMatrix any = ascending.get(0);
    Double fraud = any.expectedFraud();
    Double all = Ratio.sum(fraud, Ratio.sum(any.fp(), any.tn()));
    if (fraud == null || fraud == 0) {
      return null;
    }
    double area = 0;
    double recallAfter = 0; // beyond the strictest threshold nothing is blocked
    for (int k = ascending.size() - 1; k >= 0; k--) {
      ConfusionMatrix m = ascending.get(k);
      double recall = m.recall();
      if (recall > recallAfter) {
        area += (recall - recallAfter) * m.precision();
      }
      recallAfter = recall;
    }
    return area + (1 - recallAfter) * (fraud / all);
  }
}
