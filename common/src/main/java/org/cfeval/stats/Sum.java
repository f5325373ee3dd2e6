package org.cfeval.stats;

/**
 * The sufficient statistics of a set of decisions: every curve metric, diagnostic and logging-health
 * figure is a function of these sums. Each is kept in whole units of its {@link Unit} so partial sums
 * merge exactly and in any order. Weights are inverse propensities, {@code w = 1 / p_allow}, and exist
 * only for allowed decisions; clipped weights are {@code min(w, cap)}; amounts are in the reporting
 * currency. "Labelled" means allowed and matured, as fraud or as legit.
 */
public enum Sum {
  /** All decisions, allowed or blocked. */
  DECISIONS(Unit.COUNT),
  /** Allowed decisions, labelled or pending. */
  ALLOWED(Unit.COUNT),
  /** Allowed decisions whose label has not matured yet. */
  PENDING(Unit.COUNT),
  /** Labelled fraud, unweighted. */
  FRAUD(Unit.COUNT),
  /** Labelled legit, unweighted. */
  LEGIT(Unit.COUNT),
  /** w over allowed decisions. */
  WEIGHT_ALLOWED(Unit.WEIGHT),
  /**
   * (1 - p) / p over all decisions with p_allow > 0: the variance of WEIGHT_ALLOWED under the logging policy, exact
   * because p_allow is logged for blocked decisions too.
   */
  WEIGHT_ALLOWED_VARIANCE(Unit.WIDE),
  /** w over labelled fraud. */
  WEIGHT_FRAUD(Unit.WEIGHT),
  /** w over labelled legit. */
  WEIGHT_LEGIT(Unit.WEIGHT),
  /** w^2 - w = (1 - p) / p^2 over labelled fraud: the IPS variance term. */
  EXCESS_FRAUD(Unit.WIDE),
  /** w^2 - w over labelled legit. */
  EXCESS_LEGIT(Unit.WIDE),
  /** The clipped weight over labelled fraud. */
  CLIPPED_FRAUD(Unit.WEIGHT),
  /** The clipped weight over labelled legit. */
  CLIPPED_LEGIT(Unit.WEIGHT),
  /** Amount over labelled fraud, unweighted. */
  AMOUNT_FRAUD(Unit.AMOUNT),
  /** Amount over labelled legit, unweighted. */
  AMOUNT_LEGIT(Unit.AMOUNT),
  /** w x amount over labelled fraud. */
  WEIGHT_AMOUNT_FRAUD(Unit.AMOUNT),
  /** w x amount over labelled legit. */
  WEIGHT_AMOUNT_LEGIT(Unit.AMOUNT),
  /** Clipped weight x amount over labelled fraud. */
  CLIPPED_AMOUNT_FRAUD(Unit.AMOUNT),
  /** Clipped weight x amount over labelled legit. */
  CLIPPED_AMOUNT_LEGIT(Unit.AMOUNT),
  /** w over labelled decisions allowed with p_allow below {@link DecisionTerms#LOW_PROPENSITY}. */
  WEIGHT_LOW_PROPENSITY(Unit.WEIGHT),
  /**
   * w / F(age) over labelled fraud: the eventual fraud its reports stand for, F being the share of fraud
   * reports in by a decision's age (the delay model's; this and the other sums of F are 0 where the pass
   * had no model that adjusts estimates, and the reports due are summed for the nowcast's cohorts only).
   */
  WEIGHT_FRAUD_EVENTUAL(Unit.WEIGHT),
  /** The same from the upper end of F's interval: the fewest eventual fraud the model allows. */
  WEIGHT_FRAUD_EVENTUAL_LOW(Unit.WEIGHT),
  /** The same from the lower end of F's interval: the most. */
  WEIGHT_FRAUD_EVENTUAL_HIGH(Unit.WEIGHT),
  /** w x amount / F(age) over labelled fraud. */
  WEIGHT_AMOUNT_FRAUD_EVENTUAL(Unit.AMOUNT),
  /** Amount over all decisions, allowed or blocked. */
  AMOUNT(Unit.AMOUNT),
  /**
   * F(age) over all decisions: per unit of fraud rate, how much of their eventual fraud the reports so far,
   * each weighing 1/p_allow, are expected to show.
   */
  REPORTS_DUE(Unit.WEIGHT),
  /** F(age) over allowed decisions: per unit of fraud rate, how many fraud reports are due from them by now. */
  REPORTS_DUE_ALLOWED(Unit.WEIGHT),
  /**
   * 1 / (p F(age)) - 1 over decisions with p_allow > 0: per unit of fraud rate, the variance of the eventual
   * fraud that the reports so far, each counting 1 / (p F), stand for (allowed with p, reported by now with F).
   */
  REPORTS_EXCESS(Unit.WIDE);

  /** How a sum is held: the value of one unit, and how many longs it takes. */
  public enum Unit {
    COUNT(1, 1),
    /** Weights, clipped weights: w is at most 1e6 and sums of w stay near the number of decisions. */
    WEIGHT(1e-6, 1),
    /** Currency, weighted or not. */
    AMOUNT(1e-4, 1),
    /** Terms spanning too wide a range for a long: 128-bit {@link WideSum}s. */
    WIDE(WideSum.UNIT, WideSum.LONGS);

    final double value;
    final int longs;

    Unit(double value, int longs) {
      this.value = value;
      this.longs = longs;
    }
  }

  /** Longs all sums take in a {@link BucketStats}. */
  static final int LONGS;
  /** Offsets of the single-long sums, and of the wide ones, for loops that add every sum. */
  static final int[] PLAIN;
  static final int[] WIDE;

  static {
    int at = 0;
    int plain = 0;
    for (Sum sum : values()) {
      sum.offset = at;
      at += sum.unit.longs;
      plain += sum.unit == Unit.WIDE ? 0 : 1;
    }
    LONGS = at;
    PLAIN = new int[plain];
    WIDE = new int[values().length - plain];
    int p = 0;
    int w = 0;
    for (Sum sum : values()) {
      if (sum.unit == Unit.WIDE) {
        WIDE[w++] = sum.offset;
      } else {
        PLAIN[p++] = sum.offset;
      }
    }
  }

  private final Unit unit;
  private int offset;

  Sum(Unit unit) {
    this.unit = unit;
  }

  public Unit unit() {
    return unit;
  }

  int offset() {
    return offset;
  }
}
