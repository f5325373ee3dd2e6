package org.cfeval.stats;

import java.io.Serializable;

/**
 * The one form of the sufficient statistics of a set of decisions (one decision, one score bucket of one
 * slice, one side of a policy, one bootstrap replicate's cell): every {@link Sum} in whole units, plus
 * the largest single weight. The pass, the replicates, the curve, the estimators and the optimizer all
 * read and add these. Additions are integer, so any order of merging gives the same bits; a sum too
 * large for its longs throws rather than wraps.
 */
public final class BucketStats implements Serializable {
  private final long[] units = new long[Sum.LONGS];
  private double maxWeight;

  /** The sum's value in its natural unit (decisions, weight, currency). */
  public double get(Sum sum) {
    return sum.unit() == Sum.Unit.WIDE ? WideSum.value(units, sum.offset()) : units[sum.offset()] * sum.unit().value;
  }

  /** A count (a sum in {@link Sum.Unit#COUNT}). */
  public long count(Sum sum) {
    if (sum.unit() != Sum.Unit.COUNT) {
      throw new IllegalArgumentException(sum + " is not a count");
    }
    return units[sum.offset()];
  }

  public long decisions() {
    return units[Sum.DECISIONS.offset()];
  }

  public long labeled() {
    return count(Sum.FRAUD) + count(Sum.LEGIT);
  }

  /** The largest single w among labelled decisions (0 when there are none). */
  public double maxWeight() {
    return maxWeight;
  }

  /** The share of the labelled weight resting on decisions with p_allow below 0.01; null without any. */
  public Double lowPropensityShare() {
    return Ratio.of(get(Sum.WEIGHT_LOW_PROPENSITY), get(Sum.WEIGHT_FRAUD) + get(Sum.WEIGHT_LEGIT));
  }

  public BucketStats add(BucketStats other) {
    for (int at : Sum.PLAIN) {
      units[at] = Math.addExact(units[at], other.units[at]);
    }
    for (int at : Sum.WIDE) {
      WideSum.add(units, at, other.units, at);
    }
    maxWeight = Math.max(maxWeight, other.maxWeight);
    return this;
  }

  /**
   * Takes away {@code part}, a subset of these decisions (one slice value from the whole window): exact,
   * as adding is. The largest weight stays this set's, an upper bound for what is left.
   */
  public BucketStats subtract(BucketStats part) {
    for (int at : Sum.PLAIN) {
      long left = Math.subtractExact(units[at], part.units[at]);
      if (left < 0) { // every sum is of terms >= 0, so a part never holds more than its whole
        throw new ArithmeticException("subtracted more than the sums held: not a part of them");
      }
      units[at] = left;
    }
    for (int at : Sum.WIDE) {
      WideSum.subtract(units, at, part.units, at);
    }
    return this;
  }

  public BucketStats copy() {
    return new BucketStats().add(this);
  }

  /**
   * These sums with the delay-adjusted eventual fraud (count and amount) times {@code scale}: a bootstrap
   * replicate's draw of the delay curve's error. Itself when the scale is 1.
   */
  public BucketStats eventualTimes(double scale) {
    if (scale == 1) {
      return this;
    }
    return copy().set(Sum.WEIGHT_FRAUD_EVENTUAL, get(Sum.WEIGHT_FRAUD_EVENTUAL) * scale)
        .set(Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL, get(Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL) * scale);
  }

  /** Sets {@code sum} to {@code value}, rounded to whole units; fails when it does not fit. */
  public BucketStats set(Sum sum, double value) {
    if (sum.unit() == Sum.Unit.WIDE) {
      WideSum.set(units, sum.offset(), value);
    } else {
      units[sum.offset()] = units(value, sum.unit().value);
    }
    return this;
  }

  /** Sets a single-long sum to a whole number of its units. */
  BucketStats setUnits(Sum sum, long count) {
    units[sum.offset()] = count;
    return this;
  }

  /** A single-long sum in whole units. */
  long units(Sum sum) {
    return units[sum.offset()];
  }

  BucketStats maxWeight(double weight) {
    maxWeight = weight;
    return this;
  }

  /** Every sum back to zero, for reuse. */
  void clear() {
    java.util.Arrays.fill(units, 0);
    maxWeight = 0;
  }

  /** {@code value} in whole units; fails rather than saturating when it does not fit a long. */
  private static long units(double value, double unit) {
    double scaled = Math.rint(value * (1 / unit));
    if (!(Math.abs(scaled) < 0x1p63)) {
      throw new ArithmeticException(value + " is too large to sum in units of " + unit);
    }
    return (long) scaled;
  }
}
