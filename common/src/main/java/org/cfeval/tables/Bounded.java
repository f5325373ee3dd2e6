package org.cfeval.tables;

/**
 * An estimate with an interval but no count of replicates behind it (normal, Greenwood, or the nowcast's
 * replicates, which all have a value): in a row, the columns {@code <name>}, {@code <name>_lo} and
 * {@code <name>_hi}; all null where the figure is undefined.
 */
public record Bounded(Double value, Double lo, Double hi) {
  public static final Bounded NONE = new Bounded(null, null, null);

  /** {@code value} plus or minus {@code z} errors, kept within [0, max]. */
  public static Bounded normal(double value, double error, double z, double max) {
    return new Bounded(value, Math.max(0, value - z * error), Math.min(max, value + z * error));
  }
}
