package org.cfeval.tables;

import org.cfeval.stats.Interval;

/**
 * An estimated figure with the two ends of its bootstrap interval and the replicates behind it: in a
 * row, the columns {@code <name>}, {@code <name>_lo}, {@code <name>_hi} and {@code <name>_replicates}.
 * All but the value are null without an interval.
 */
public record Figure(Double value, Double lo, Double hi, Long replicates) {
  public static Figure of(Double value, Interval interval) {
    return interval == null ? point(value) : new Figure(value, interval.lo(), interval.hi(), (long) interval.replicates());
  }

  /** A figure that has no interval (clipped_ips or naive, a threshold off the interval grid, --bootstrap 0). */
  public static Figure point(Double value) {
    return new Figure(value, null, null, null);
  }
}
