package org.cfeval.stats;

import java.util.Locale;

/** How labelled decisions are counted in a confusion matrix. */
public enum Estimator {
  /** Inverse propensity scoring: each labelled decision counts 1 / p_allow (the contract's estimate). */
  IPS {
    @Override
    public double fraud(BucketStats s) {
      return s.weightFraud;
    }

    @Override
    public double legit(BucketStats s) {
      return s.weightLegit;
    }
  },
  /** Labelled decisions counted once each: what the biased, labelled-only data says. For comparison. */
  NAIVE {
    @Override
    public double fraud(BucketStats s) {
      return s.fraud;
    }

    @Override
    public double legit(BucketStats s) {
      return s.legit;
    }
  };

  public abstract double fraud(BucketStats s);

  public abstract double legit(BucketStats s);

  /** The value stored in the {@code estimator} column. */
  public String columnValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
