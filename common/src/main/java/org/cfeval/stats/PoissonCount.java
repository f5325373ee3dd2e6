package org.cfeval.stats;

import org.apache.commons.math3.distribution.GammaDistribution;

/**
 * The exact (Garwood) interval of a Poisson mean from one observed count, from the Gamma quantiles that
 * bound it: reliable at the handful of fraud reports a young cohort has, where count +- z sqrt(count) is
 * not (at 4 reports its lower end is 1.09, not 0.08).
 */
public final class PoissonCount {
  private PoissonCount() {}

  /** The lower end at {@code confidence} (two-sided): 0 for a count of 0. */
  public static double lower(long count, double confidence) {
    return count == 0 ? 0 : new GammaDistribution(null, count, 1).inverseCumulativeProbability((1 - confidence) / 2);
  }

  /** The upper end at {@code confidence} (two-sided). */
  public static double upper(long count, double confidence) {
    return new GammaDistribution(null, count + 1, 1).inverseCumulativeProbability((1 + confidence) / 2);
  }
}
