package org.cfeval.monitoring;

import org.cfeval.tables.Bounded;

/** How a rule compares its metric with the threshold. */
public enum Comparison {
  /** Fires when the interval (or the value, without one) lies wholly above the threshold. */
  ABOVE,
  /** Fires when the interval (or the value, without one) lies wholly below the threshold. */
  BELOW,
  /** Fires when the threshold lies outside the interval. */
  OUTSIDE;

  boolean fires(Bounded value, double threshold) {
    if (value.value() == null) {
      return false;
    }
    double lo = value.lo() == null ? value.value() : value.lo();
    double hi = value.hi() == null ? value.value() : value.hi();
    return switch (this) {
      case ABOVE -> lo > threshold;
      case BELOW -> hi < threshold;
      case OUTSIDE -> threshold < lo || threshold > hi;
    };
  }

  public String columnValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
