package org.cfeval.stats;

/**
 * Arithmetic with the rule every metric here states: a zero denominator or an undefined operand gives
 * null, never NaN.
 */
public final class Ratio {
  private Ratio() {}

  public static Double of(Double numerator, Double denominator) {
    return numerator == null || denominator == null || denominator == 0 ? null : numerator / denominator;
  }

  public static Double sum(Double a, Double b) {
    return a == null || b == null ? null : a + b;
  }

  /** The value, or null where it is NaN or infinite. */
  public static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
