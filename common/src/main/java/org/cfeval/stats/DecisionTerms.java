package org.cfeval.stats;

import org.cfeval.contract.ContractException;

/**
 * One decision's contribution to every {@link Sum}, computed once per decision and then added to the
 * cell of each slice value it belongs to, so a decision counted in several slices is converted to units
 * once. Reused from decision to decision: the pass allocates nothing per row.
 */
public final class DecisionTerms {
  /** The smallest p_allow of an allowed decision whose variance term (1 - p) / p^2 is summed exactly. */
  public static final double MIN_P_ALLOW = 1e-6;
  /** Decisions allowed with p_allow below this carry weights above 100: the support diagnostic's cut-off. */
  public static final double LOW_PROPENSITY = 0.01;

  private final double cap;
  private final BucketStats terms = new BucketStats();
  private boolean labelled;

  /** @param cap the weight above which clipped sums count a labelled decision as {@code cap} */
  public DecisionTerms(double cap) {
    this.cap = cap;
  }

  /**
   * This decision's terms. {@code fraud}, {@code legit} and {@code pending} say whether it is labelled
   * fraud, labelled legit or allowed and not yet matured; a blocked decision is none of them. The terms
   * that depend on the delay model are left at 0: {@link #eventual} and {@link #due} give them.
   */
  public DecisionTerms of(boolean allowed, boolean fraud, boolean legit, boolean pending, double pAllow,
      double amount) {
    terms.clear();
    double w = 1 / pAllow;
    this.labelled = allowed && (fraud || legit);
    terms.setUnits(Sum.DECISIONS, 1);
    terms.set(Sum.AMOUNT, amount);
    if (pAllow > 0) {
      double variance = (1 - pAllow) / pAllow;
      if (variance > WideSum.MAX_TERM) {
        throw new ContractException(String.format("p_allow=%s is too small for the logging-health variance"
            + " (1 - p) / p to be summed exactly", pAllow));
      }
      terms.set(Sum.WEIGHT_ALLOWED_VARIANCE, variance);
    }
    if (allowed) {
      terms.setUnits(Sum.ALLOWED, 1);
      terms.set(Sum.WEIGHT_ALLOWED, w);
      terms.setUnits(Sum.PENDING, pending ? 1 : 0);
    }
    if (labelled) {
      if (pAllow < MIN_P_ALLOW) {
        throw new ContractException(String.format("p_allow=%s of an allowed decision is below %s: its weight"
            + " %.3g is too large for exact sums; such decisions cannot be evaluated", pAllow, MIN_P_ALLOW, w));
      }
      double clipped = Math.min(w, cap);
      terms.setUnits(fraud ? Sum.FRAUD : Sum.LEGIT, 1);
      terms.set(fraud ? Sum.WEIGHT_FRAUD : Sum.WEIGHT_LEGIT, w);
      terms.set(fraud ? Sum.EXCESS_FRAUD : Sum.EXCESS_LEGIT, (1 - pAllow) / (pAllow * pAllow));
      terms.set(fraud ? Sum.CLIPPED_FRAUD : Sum.CLIPPED_LEGIT, clipped);
      terms.set(fraud ? Sum.AMOUNT_FRAUD : Sum.AMOUNT_LEGIT, amount);
      terms.set(fraud ? Sum.WEIGHT_AMOUNT_FRAUD : Sum.WEIGHT_AMOUNT_LEGIT, w * amount);
      terms.set(fraud ? Sum.CLIPPED_AMOUNT_FRAUD : Sum.CLIPPED_AMOUNT_LEGIT, clipped * amount);
      if (pAllow < LOW_PROPENSITY) {
        terms.setUnits(Sum.WEIGHT_LOW_PROPENSITY, terms.units(fraud ? Sum.WEIGHT_FRAUD : Sum.WEIGHT_LEGIT));
      }
      terms.maxWeight(w);
    }
    return this;
  }

  /**
   * The delay-adjusted terms of one labelled fraud of weight {@code weight} whose report stands for
   * {@code inflation} = 1/F(age) eventual fraud ({@code low} and {@code high}: by the ends of F's
   * interval), into {@code into} (cleared first).
   */
  public static BucketStats eventual(BucketStats into, double weight, double amount, double inflation, double low,
      double high) {
    into.clear();
    return into.set(Sum.WEIGHT_FRAUD_EVENTUAL, weight * inflation)
        .set(Sum.WEIGHT_FRAUD_EVENTUAL_LOW, weight * low)
        .set(Sum.WEIGHT_FRAUD_EVENTUAL_HIGH, weight * high)
        .set(Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL, weight * amount * inflation);
  }

  /**
   * The reports due of {@code decisions} decisions of one age and curve, {@code allowed} of them allowed, a
   * report standing for {@code inflation}: what each would add, 1/inflation to the reports due and
   * inflation / p - 1 to their excess (over the {@code explored} ones with p_allow > 0, whose 1/p sum to
   * {@code inverseP}), times their number; into {@code into} (cleared first).
   */
  public static BucketStats due(BucketStats into, long decisions, long allowed, long explored, double inverseP,
      double inflation) {
    into.clear();
    // Whole units of one decision's term, as each would have added it.
    long each = into.set(Sum.REPORTS_DUE, 1 / inflation).units(Sum.REPORTS_DUE);
    into.setUnits(Sum.REPORTS_DUE, Math.multiplyExact(decisions, each));
    into.setUnits(Sum.REPORTS_DUE_ALLOWED, Math.multiplyExact(allowed, each));
    return into.set(Sum.REPORTS_EXCESS, Math.max(0, inflation * inverseP - explored));
  }

  /** The decision's sums: add them to a cell, never change them. */
  public BucketStats stats() {
    return terms;
  }

  /** Whether the decision is labelled fraud or legit: only those enter the bootstrap. */
  public boolean labelled() {
    return labelled;
  }
}
