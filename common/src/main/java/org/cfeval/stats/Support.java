package org.cfeval.stats;

/**
 * How much data an estimate rests on: the Kish effective sample size of the labelled weights, (sum w)^2
 * / sum w^2 (equal to the count when all weights are equal, far below it when a few large weights
 * dominate), and the largest single weight's share of their sum.
 */
public record Support(Double ess, Double maxWeightShare, boolean low) {

  /** Of the labelled decisions in {@code stats}; low when there are none or ess is below {@code minEss}. */
  public static Support of(BucketStats stats, double minEss) {
    double sum = stats.get(Sum.WEIGHT_FRAUD) + stats.get(Sum.WEIGHT_LEGIT);
    double squares = stats.get(Sum.EXCESS_FRAUD) + stats.get(Sum.EXCESS_LEGIT) + sum;
    Double ess = squares == 0 ? null : sum * sum / squares;
    Double share = Ratio.of(stats.maxWeight(), sum);
    return new Support(ess, share, ess == null || ess < minEss);
  }
}
