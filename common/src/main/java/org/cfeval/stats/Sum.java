package org.cfeval.stats;

/**
 * The sufficient statistics of a set of decisions: every curve metric, diagnostic and logging-health
 * figure is a function of these sums. Each is kept in whole units of its {@link Unit} so partial sums
 * merge exactly and in any order. Weights are inverse propensities, {@code w = 1 / p_allow}, and exist
 * only for allowed decisions; clipped weights are {@code min(w, cap)}; amounts are in the reporting
 * currency. "Labelled" means allowed and matured, as fraud or as legit.
 */
public enum Sum {
  DECISIONS(Unit.COUNT, "all decisions, allowed or blocked"),
  ALLOWED(Unit.COUNT, "allowed decisions, labelled or pending"),
  PENDING(Unit.COUNT, "allowed decisions whose label has not matured yet"),
  FRAUD(Unit.COUNT, "labelled fraud, unweighted"),
  LEGIT(Unit.COUNT, "labelled legit, unweighted"),
  WEIGHT_ALLOWED(Unit.WEIGHT, "w over allowed decisions"),
  WEIGHT_ALLOWED_VARIANCE(Unit.WIDE, "(1 - p) / p over all decisions with p_allow > 0: the variance of"
      + " WEIGHT_ALLOWED under the logging policy, exact because p_allow is logged for blocked decisions too"),
  WEIGHT_FRAUD(Unit.WEIGHT, "w over labelled fraud"),
  WEIGHT_LEGIT(Unit.WEIGHT, "w over labelled legit"),
  EXCESS_FRAUD(Unit.WIDE, "w^2 - w = (1 - p) / p^2 over labelled fraud: the IPS variance term"),
  EXCESS_LEGIT(Unit.WIDE, "w^2 - w over labelled legit"),
  CLIPPED_FRAUD(Unit.WEIGHT, "the clipped weight over labelled fraud"),
  CLIPPED_LEGIT(Unit.WEIGHT, "the clipped weight over labelled legit"),
  AMOUNT_FRAUD(Unit.AMOUNT, "amount over labelled fraud, unweighted"),
  AMOUNT_LEGIT(Unit.AMOUNT, "amount over labelled legit, unweighted"),
  WEIGHT_AMOUNT_FRAUD(Unit.AMOUNT, "w x amount over labelled fraud"),
  WEIGHT_AMOUNT_LEGIT(Unit.AMOUNT, "w x amount over labelled legit"),
  CLIPPED_AMOUNT_FRAUD(Unit.AMOUNT, "clipped weight x amount over labelled fraud"),
  CLIPPED_AMOUNT_LEGIT(Unit.AMOUNT, "clipped weight x amount over labelled legit"),
  WEIGHT_LOW_PROPENSITY(Unit.WEIGHT, "w over labelled decisions allowed with p_allow below "
      + DecisionTerms.LOW_PROPENSITY);

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
  private final String description;
  private int offset;

  Sum(Unit unit, String description) {
    this.unit = unit;
    this.description = description;
  }

  public Unit unit() {
    return unit;
  }

  public String description() {
    return description;
  }

  int offset() {
    return offset;
  }
}
