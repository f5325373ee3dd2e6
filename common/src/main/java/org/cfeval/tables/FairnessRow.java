package org.cfeval.tables;

import org.cfeval.stats.Estimator;

/** A row of {@code fairness}: one policy's rate on one value of a --fairness-columns column against the rest. */
public record FairnessRow(
    @Inline Window window,
    @Doc(Tables.MODEL_ID_DOC) String modelId,
    @Doc(Tables.POLICY_DOC) String policy,
    @Doc("how the rates were estimated (--estimator): ips or ips_delay_adjusted") Estimator estimator,
    @Doc("the --fairness-columns column") String sliceKey,
    @Doc("its value as text (null where it is null)") String sliceValue,
    @Doc("false_positive_rate (legit decisions challenged or blocked over legit decisions, IPS), false_block_rate"
        + " (legit decisions stopped: blocked, or challenged and failing), block_rate or challenge_rate (shares of all"
        + " decisions, exact)") String metric,
    @Doc("the metric on the value's decisions, with its bootstrap interval at --confidence") Figure value,
    @Doc("the metric on every other decision of the window") Figure restValue,
    @Doc("value / rest_value, its interval from the same replicates of both (paired) at ratio_confidence") Figure ratio,
    @Doc("the ratio interval's level: --confidence corrected for the values compared, of every --fairness-columns"
        + " column (Bonferroni), so that the largest of them is not flattered by chance") Double ratioConfidence,
    @Doc("decisions with the value in the window") Long nDecisions,
    @Doc("Kish effective sample size of the value's labelled decisions") Double ess,
    @Doc("ess below --min-ess: the value is flagged, not ranked; the fairness rule leaves it out and the Bonferroni"
        + " correction does not count it") Boolean lowSupport) {}
