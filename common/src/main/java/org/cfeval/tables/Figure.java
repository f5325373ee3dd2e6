package org.cfeval.tables;

import org.cfeval.stats.Interval;

/**
 * An estimated figure with the two ends of its bootstrap interval: in a row, the columns
 * {@code <name>}, {@code <name>_lo} and {@code <name>_hi}. The ends are null without an interval.
 */
public record Figure(Double value, Double lo, Double hi) {
  public static Figure of(Double value, Interval interval) {
    return interval == null ? new Figure(value, null, null) : new Figure(value, interval.lo(), interval.hi());
  }

  /** A figure that has no interval (another estimator, a threshold off the interval grid, --bootstrap 0). */
  public static Figure point(Double value) {
    return new Figure(value, null, null);
  }
}
