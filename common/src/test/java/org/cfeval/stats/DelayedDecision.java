package org.cfeval.stats;

/** One decision's terms with those that depend on the delay model, as the pass has them once the model is known. */
public final class DelayedDecision {
  private DelayedDecision() {}

  /** {@link DecisionTerms#of}, plus the decision's reports due and, if it is labelled fraud, its eventual weight. */
  public static BucketStats of(DecisionTerms terms, boolean allowed, boolean fraud, boolean legit, boolean pending,
      double pAllow, double amount, double inflation, double low, double high) {
    BucketStats stats = terms.of(allowed, fraud, legit, pending, pAllow, amount).stats().copy()
        .add(DecisionTerms.due(new BucketStats(), 1, allowed ? 1 : 0, pAllow > 0 ? 1 : 0, pAllow > 0 ? 1 / pAllow : 0,
            inflation));
    if (terms.labelled() && fraud) {
      stats.add(DecisionTerms.eventual(new BucketStats(), 1 / pAllow, amount, inflation, low, high));
    }
    return stats;
  }
}
