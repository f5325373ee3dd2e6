package org.cfeval.stats;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * How labelled decisions stand in for all decisions in a confusion matrix. Each estimator counts the
 * fraud and legit decisions, and their amounts, on one side of a policy (the decisions it blocks, or
 * those it passes) from that side's {@link BucketStats}.
 */
public enum Estimator {
  /**
   * Inverse propensity scoring: each labelled decision counts 1 / p_allow. Unbiased for counts and
   * amounts; its variance grows with the weights.
   */
  IPS(sum(Sum.WEIGHT_FRAUD), sum(Sum.WEIGHT_LEGIT), sum(Sum.WEIGHT_AMOUNT_FRAUD), sum(Sum.WEIGHT_AMOUNT_LEGIT), false),
  /**
   * Self-normalised IPS: the IPS shares of fraud and legit on a side, scaled to the side's known number
   * of decisions (n x sum w y / sum w). Slightly biased, usually far less variable than IPS for counts
   * and amounts; ratios within a side (precision) equal the IPS ones. Undefined (null) on a side with
   * decisions but no labelled one.
   */
  SNIPS(selfNormalised(sum(Sum.WEIGHT_FRAUD)), selfNormalised(sum(Sum.WEIGHT_LEGIT)),
      selfNormalised(sum(Sum.WEIGHT_AMOUNT_FRAUD)), selfNormalised(sum(Sum.WEIGHT_AMOUNT_LEGIT)), false),
  /**
   * IPS with every weight capped at --clip-weight: less variance, bought with a downward bias in counts
   * and amounts wherever p_allow < 1 / cap (the heavily blocked scores) and a bias in precision and
   * recall towards the better-explored scores.
   */
  CLIPPED_IPS(sum(Sum.CLIPPED_FRAUD), sum(Sum.CLIPPED_LEGIT), sum(Sum.CLIPPED_AMOUNT_FRAUD),
      sum(Sum.CLIPPED_AMOUNT_LEGIT), false),
  /** Labelled decisions counted once each: what the biased, labelled-only data says. For comparison. */
  NAIVE(sum(Sum.FRAUD), sum(Sum.LEGIT), sum(Sum.AMOUNT_FRAUD), sum(Sum.AMOUNT_LEGIT), true),
  /**
   * IPS with each reported fraud counting 1/F(its age) by the delay model, for the fraud still to be
   * reported, and legit shrunk by as much: the labelled weight of each side is unchanged. Removes the
   * late tail's bias (fraud reported after the maturity counted as legit), for the delay model's error,
   * which its bootstrap replicates draw.
   */
  IPS_DELAY_ADJUSTED(sum(Sum.WEIGHT_FRAUD_EVENTUAL), lessLateFraud(Sum.WEIGHT_LEGIT, Sum.WEIGHT_FRAUD_EVENTUAL,
      Sum.WEIGHT_FRAUD), sum(Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL), lessLateFraud(Sum.WEIGHT_AMOUNT_LEGIT,
      Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL, Sum.WEIGHT_AMOUNT_FRAUD), false),
  /** SNIPS of the delay-adjusted sums. */
  SNIPS_DELAY_ADJUSTED(selfNormalised(sum(Sum.WEIGHT_FRAUD_EVENTUAL)), selfNormalised(lessLateFraud(Sum.WEIGHT_LEGIT,
      Sum.WEIGHT_FRAUD_EVENTUAL, Sum.WEIGHT_FRAUD)), selfNormalised(sum(Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL)),
      selfNormalised(lessLateFraud(Sum.WEIGHT_AMOUNT_LEGIT, Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL,
          Sum.WEIGHT_AMOUNT_FRAUD)), false);

  private final ToDoubleFunction<BucketStats> fraud;
  private final ToDoubleFunction<BucketStats> legit;
  private final ToDoubleFunction<BucketStats> fraudAmount;
  private final ToDoubleFunction<BucketStats> legitAmount;
  private final boolean labelledOnly;

  Estimator(ToDoubleFunction<BucketStats> fraud, ToDoubleFunction<BucketStats> legit,
      ToDoubleFunction<BucketStats> fraudAmount, ToDoubleFunction<BucketStats> legitAmount, boolean labelledOnly) {
    this.fraud = fraud;
    this.legit = legit;
    this.fraudAmount = fraudAmount;
    this.legitAmount = legitAmount;
    this.labelledOnly = labelledOnly;
  }

  public double fraud(BucketStats s) {
    return fraud.applyAsDouble(s);
  }

  public double legit(BucketStats s) {
    return legit.applyAsDouble(s);
  }

  public double fraudAmount(BucketStats s) {
    return fraudAmount.applyAsDouble(s);
  }

  public double legitAmount(BucketStats s) {
    return legitAmount.applyAsDouble(s);
  }

  /** How many decisions the four cells stand for: all of them, except for NAIVE (the labelled ones). */
  public long population(BucketStats side) {
    return labelledOnly ? side.labeled() : side.decisions();
  }

  /** The value stored in the {@code estimator} column. */
  public String columnValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether it reads the delay model's sums, which exist only where the model does. */
  public boolean delayAdjusted() {
    return this == IPS_DELAY_ADJUSTED || this == SNIPS_DELAY_ADJUSTED;
  }

  /**
   * Whether bootstrap replicates carry its sums: {@link ReplicateSums} resamples the weighted sums, not
   * the clipped ones or the unweighted counts, so CLIPPED_IPS and NAIVE rows have no intervals.
   */
  public boolean resampled() {
    return this != CLIPPED_IPS && this != NAIVE;
  }

  /** An IPS figure scaled by decisions per unit of labelled weight; NaN where a side has decisions but no weight. */
  private static ToDoubleFunction<BucketStats> selfNormalised(ToDoubleFunction<BucketStats> ips) {
    return s -> {
      double weight = s.get(Sum.WEIGHT_FRAUD) + s.get(Sum.WEIGHT_LEGIT);
      double scale = weight > 0 ? s.decisions() / weight : s.decisions() == 0 ? 0 : Double.NaN;
      return scale * ips.applyAsDouble(s);
    };
  }

  /** {@code legit} less the fraud still to be reported: {@code eventual - reported}. */
  private static ToDoubleFunction<BucketStats> lessLateFraud(Sum legit, Sum eventual, Sum reported) {
    return s -> s.get(legit) - (s.get(eventual) - s.get(reported));
  }

  private static ToDoubleFunction<BucketStats> sum(Sum sum) {
    return s -> s.get(sum);
  }
}
