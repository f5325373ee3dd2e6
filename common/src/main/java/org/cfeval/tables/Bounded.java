package org.cfeval.tables;

import org.cfeval.stats.PoissonCount;

/**
 * An estimate with an interval but no count of replicates behind it (normal, Greenwood, or the nowcast's
 * replicates, which all have a value): in a row, the columns {@code <name>}, {@code <name>_lo} and
 * {@code <name>_hi}; all null where the figure is undefined.
 */
public record Bounded(Double value, Double lo, Double hi) {
  public static final Bounded NONE = new Bounded(null, null, null);

  /** {@code count / expected}, with the exact (Garwood) Poisson interval of the count over {@code expected}. */
  public static Bounded poissonRatio(long count, double expected, double confidence) {
    return new Bounded(count / expected, PoissonCount.lower(count, confidence) / expected,
        PoissonCount.upper(count, confidence) / expected);
  }

  /** {@code value} plus or minus {@code z} errors, kept within [0, max]. */
  public static Bounded normal(double value, double error, double z, double max) {
    return new Bounded(value, Math.max(0, value - z * error), Math.min(max, value + z * error));
  }
}
