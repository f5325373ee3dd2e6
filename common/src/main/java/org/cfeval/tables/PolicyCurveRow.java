package org.cfeval.tables;

import org.cfeval.stats.Estimator;

/** A row of {@code policy_curve}. */
public record PolicyCurveRow(
    @Inline EvaluationScope scope,
    @Doc("threshold: block if score > threshold; production: the logged policy_action") String policy,
    @Doc("t of 'block if score > t'; null for the production policy") Double threshold,
    @Doc("ips: labelled decisions weighted 1/p_allow; snips: ips scaled to each side's known number of decisions;"
        + " clipped_ips: weights capped at --clip-weight; naive: labelled decisions counted once (biased);"
        + " ips_delay_adjusted, snips_delay_adjusted: each reported fraud counting 1/F(its age) from label_delay,"
        + " legit less as much (only once label_delay has a complete curve). Intervals are on the interval grid's"
        + " rows of every estimator but clipped_ips and naive, the delay-adjusted ones drawing the delay curve's"
        + " error too") Estimator estimator,
    @Doc("fraud the policy blocks (estimated decisions)") Figure tp,
    @Doc("legit decisions the policy blocks (estimated decisions)") Figure fp,
    @Doc("fraud the policy allows (estimated decisions)") Figure fn,
    @Doc("legit decisions the policy allows (estimated decisions)") Figure tn,
    @Doc("tp / (tp + fp); null when the policy blocks no labelled decision") Figure precision,
    @Doc("tp / (tp + fn); null when there is no labelled fraud") Figure recall,
    @Doc("fp / (fp + tn); null when there is no labelled legit decision") Figure fpr,
    @Doc("share of all decisions in the slice the policy blocks (unweighted); null when none") Double blockRate,
    @Doc("fraud decisions in the slice, blocked or not: tp + fn (estimated decisions)") Figure expectedFraud,
    @Doc("expected_fraud / n_decisions (naive: / n_labeled)") Double fraudRate,
    @Doc("amount of the fraud the policy blocks (estimated, reporting currency)") Figure tpAmount,
    @Doc("amount of the legit decisions the policy blocks (estimated, reporting currency)") Figure fpAmount,
    @Doc("amount of the fraud the policy allows (estimated, reporting currency)") Figure fnAmount,
    @Doc("amount of the legit decisions the policy allows (estimated, reporting currency)") Figure tnAmount,
    @Doc("cost of the policy's errors under the cost model: each missed fraud its amount share plus the chargeback"
        + " fee, each false block its fixed cost plus its amount share (estimated, reporting currency)")
    Figure expectedCost,
    @Doc("expected_cost / n_decisions (naive: / n_labeled), reporting currency") Figure costPerDecision,
    @Doc("decisions in the slice, labelled or not") Long nDecisions,
    @Doc("decisions in the slice the policy blocks") Long nBlocked,
    @Doc("labelled (allowed, matured) decisions in the slice") Long nLabeled,
    @Doc("labelled decisions the policy blocks: the support of precision") Long nLabeledBlocked,
    @Doc("labelled fraud in the slice: the support of recall") Long nLabeledFraud,
    @Doc("of the labelled decisions the policy blocks: the support of precision and of tp, fp") Support blocked,
    @Doc("of the labelled decisions the policy allows: the support of fn, tn and so of recall and fpr")
    Support allowed) {

  /** How much data one side of a policy rests on. */
  public record Support(
      @Doc("Kish effective sample size (sum w)^2 / sum w^2; null when there is no labelled decision") Double ess,
      @Doc("largest single weight as a share of the weights") Double maxWeightShare,
      @Doc("ess is null or below --min-ess: treat the figures it supports and their intervals with care")
      Boolean lowSupport) {

    public static Support of(org.cfeval.stats.Support support) {
      return new Support(support.ess(), support.maxWeightShare(), support.low());
    }
  }
}
