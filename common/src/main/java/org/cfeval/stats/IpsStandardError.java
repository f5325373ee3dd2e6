package org.cfeval.stats;

/**
 * Standard errors of IPS precision and recall under the logging policy's randomisation, treating
 * decisions as independent (the delta method on a ratio of Horvitz-Thompson sums). For R = A / B with
 * A, B sums of w * a and w * b over allowed decisions, Var(R) ~ sum over allowed of (w^2 - w) (a - R b)^2
 * / B^2: (w^2 - w) = (1 - p) / p^2 makes each term unbiased, and always-allowed decisions (p = 1) add
 * nothing because their outcome is seen with certainty. Clustered decisions make the true error larger;
 * the cluster bootstrap accounts for that.
 */
public final class IpsStandardError {
  private IpsStandardError() {}

  /** Of tp / (tp + fp); null where precision is. */
  public static Double precision(BucketStats blocked, BucketStats passed) {
    Double r = ConfusionMatrix.of(blocked, passed, Estimator.IPS).precision();
    if (r == null) {
      return null;
    }
    double denominator = blocked.weightFraud + blocked.weightLegit;
    return Math.sqrt(blocked.excessFraud * (1 - r) * (1 - r) + blocked.excessLegit * r * r) / denominator;
  }

  /** Of tp / (tp + fn); null where recall is. */
  public static Double recall(BucketStats blocked, BucketStats passed) {
    Double r = ConfusionMatrix.of(blocked, passed, Estimator.IPS).recall();
    if (r == null) {
      return null;
    }
    double denominator = blocked.weightFraud + passed.weightFraud;
    return Math.sqrt(blocked.excessFraud * (1 - r) * (1 - r) + passed.excessFraud * r * r) / denominator;
  }

}
