package org.cfeval.stats;

/**
 * Checks that propensities were logged correctly: if each decision was allowed with probability
 * p_allow, then E[sum over allowed of 1/p_allow] = number of decisions, so the ratio is near 1.
 * Its standard error is exact: Var(1{allowed}/p) = (1 - p) / p, summed over every logged decision.
 * Decisions logged with p_allow = 0 can never be allowed and pull the ratio below 1.
 */
public record LoggingHealth(double ratio, double standardError, boolean healthy) {

  /** Null when the window has no decisions. */
  public static LoggingHealth of(BucketStats window, double maxZ) {
    long decisions = window.decisions();
    if (decisions == 0) {
      return null;
    }
    return of(window.get(Sum.WEIGHT_ALLOWED) / decisions, Math.sqrt(window.get(Sum.WEIGHT_ALLOWED_VARIANCE)) / decisions,
        maxZ);
  }

  /** The check of a ratio and its standard error, as evaluation_windows stores them. */
  public static LoggingHealth of(double ratio, double se, double maxZ) {
    return new LoggingHealth(ratio, se, Math.abs(ratio - 1) <= maxZ * se + 1e-9);
  }

  /** How many standard errors the ratio is from 1 (infinite when it is off with no error to explain it). */
  public double z() {
    double off = Math.abs(ratio - 1);
    return off <= 1e-9 ? 0 : standardError == 0 ? Double.POSITIVE_INFINITY : off / standardError;
  }
}
