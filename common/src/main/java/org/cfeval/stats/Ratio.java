package org.cfeval.stats;

/** Division with the rule every metric here states: a zero denominator gives null, never NaN. */
public final class Ratio {
  private Ratio() {}

  public static Double of(double numerator, double denominator) {
    return denominator == 0 ? null : numerator / denominator;
  }
}
