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
    double ratio = window.get(Sum.WEIGHT_ALLOWED) / decisions;
    double se = Math.sqrt(window.get(Sum.WEIGHT_ALLOWED_VARIANCE)) / decisions;
    boolean healthy = se == 0 ? Math.abs(ratio - 1) < 1e-9 : Math.abs(ratio - 1) <= maxZ * se;
    return new LoggingHealth(ratio, se, healthy);
  }
}
