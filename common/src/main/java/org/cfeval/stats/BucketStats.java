package org.cfeval.stats;

import java.io.Serializable;

/**
 * Sufficient statistics of a set of decisions (one score bucket of one slice, say), mergeable with
 * {@link #add}: every curve metric, diagnostic and logging-health figure is a function of these sums.
 * Weights are inverse propensities, {@code w = 1 / p_allow}, and exist only for allowed decisions;
 * clipped weights are {@code min(w, cap)}. Amounts are in the reporting currency.
 */
public final class BucketStats implements Serializable {
  /** All decisions, allowed or blocked. */
  public long decisions;
  /** Allowed decisions (labelled or still pending). */
  public long allowed;
  /** Allowed decisions whose label has not matured yet. */
  public long pending;
  /** Labelled fraud and legit decisions, unweighted. */
  public long fraud;
  public long legit;
  /** Sums of w over labelled fraud and legit decisions. */
  public double weightFraud;
  public double weightLegit;
  /**
   * Sums of w^2 - w = (1 - p) / p^2 over labelled fraud and legit decisions: the IPS variance term, exact
   * for p_allow down to 1e-6; with the sums of w they give the sums of w^2 (effective sample size).
   */
  public double excessFraud;
  public double excessLegit;
  /** The largest single w among labelled decisions (0 when there are none). */
  public double maxWeight;
  /** Sum of w over allowed decisions. */
  public double weightAllowed;
  /**
   * Variance of weightAllowed under the logging policy: the sum of (1 - p) / p over all decisions with
   * p_allow > 0. Exact, not estimated, because p_allow is logged for blocked decisions too.
   */
  public double weightAllowedVariance;
  /** Sums of the clipped weight over labelled fraud and legit decisions. */
  public double clippedFraud;
  public double clippedLegit;
  /** Sums of amount over labelled fraud and legit decisions, unweighted. */
  public double amountFraud;
  public double amountLegit;
  /** Sums of w times amount over labelled fraud and legit decisions. */
  public double weightAmountFraud;
  public double weightAmountLegit;
  /** Sums of the clipped weight times amount over labelled fraud and legit decisions. */
  public double clippedAmountFraud;
  public double clippedAmountLegit;
  /** Sum of w over labelled decisions allowed with p_allow below {@link BucketSums#LOW_PROPENSITY}. */
  public double weightLowPropensity;

  public BucketStats add(BucketStats other) {
    decisions += other.decisions;
    allowed += other.allowed;
    pending += other.pending;
    fraud += other.fraud;
    legit += other.legit;
    weightFraud += other.weightFraud;
    weightLegit += other.weightLegit;
    excessFraud += other.excessFraud;
    excessLegit += other.excessLegit;
    weightAllowed += other.weightAllowed;
    weightAllowedVariance += other.weightAllowedVariance;
    maxWeight = Math.max(maxWeight, other.maxWeight);
    clippedFraud += other.clippedFraud;
    clippedLegit += other.clippedLegit;
    amountFraud += other.amountFraud;
    amountLegit += other.amountLegit;
    weightAmountFraud += other.weightAmountFraud;
    weightAmountLegit += other.weightAmountLegit;
    clippedAmountFraud += other.clippedAmountFraud;
    clippedAmountLegit += other.clippedAmountLegit;
    weightLowPropensity += other.weightLowPropensity;
    return this;
  }

  public BucketStats copy() {
    return new BucketStats().add(this);
  }

  public long labeled() {
    return fraud + legit;
  }

  /** The share of the labelled weight resting on decisions with p_allow below 0.01; null without any. */
  public Double lowPropensityShare() {
    return Ratio.of(weightLowPropensity, weightFraud + weightLegit);
  }
}
