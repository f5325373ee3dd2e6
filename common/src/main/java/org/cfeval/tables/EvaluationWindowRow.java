package org.cfeval.tables;

import java.time.LocalDate;

/** A row of {@code evaluation_windows}. */
public record EvaluationWindowRow(
    @Inline EvaluationScope scope,
    @Doc("decisions in the slice") Long nDecisions,
    @Doc("allowed decisions") Long nAllowed,
    @Doc("allowed decisions with a matured label (fraud or legit)") Long nLabeled,
    @Doc("labelled fraud") Long nLabeledFraud,
    @Doc("allowed decisions still pending: labels older than the window's maturity") Long nPending,
    @Doc("sum of 1/p_allow over allowed decisions") Double weightAllowed,
    @Doc("weight_allowed / n_decisions; near 1 when p_allow is logged correctly") Double loggingHealthRatio,
    @Doc("standard error of the ratio under the logged propensities: sqrt(sum of (1-p)/p over decisions with"
        + " p > 0) / n_decisions") Double loggingHealthSe,
    @Doc("whether the ratio is within logging-health-max-z standard errors of 1") Boolean loggingHealthOk,
    @Doc("oldest labeled_as_of among the window's decisions") LocalDate labelsAsOf,
    @Doc("share of the window's eventual fraud already reported: IPS-weighted reported fraud over the same with"
        + " each report counting 1/F(its age) (label_delay); its interval from the ends of F's; null without a"
        + " delay model") Bounded labelCompleteness) {}
