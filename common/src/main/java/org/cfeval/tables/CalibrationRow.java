package org.cfeval.tables;

import org.cfeval.stats.Estimator;

/**
 * A row of {@code calibration}: one bin's observed fraud rate (metric 'observed_fraud_rate'), or one
 * summary figure of the whole score on the slice.
 */
public record CalibrationRow(
    @Inline Window window,
    @Doc("slice column, or 'all' for the whole window") String sliceKey,
    @Doc("value of the slice column as text (null where it is null), or 'all'") String sliceValue,
    @Doc("whose probabilities: null for the logged score divided by --score-scale, else a model_id of model_scores")
    String modelId,
    @Doc("ips: labelled decisions weighted 1/p_allow; ips_delay_adjusted: each reported fraud counting 1/F(its age)"
        + " from label_delay, legit less as much (once label_delay has a complete curve)") Estimator estimator,
    @Doc("observed_fraud_rate on a bin's row; on the score's summary rows: ece (the binned expected calibration error"
        + " with each bin's sampling noise taken out, see the README), ece_plain (the plain binned ECE, biased upward"
        + " on small bins), brier (IPS-weighted mean (p - y)^2), log_loss (IPS-weighted mean of -y ln p - (1 - y)"
        + " ln(1 - p), p clipped to [1e-6, 1 - 1e-6]), slope and intercept (logistic regression of fraud on logit p:"
        + " 1 and 0 when calibrated)") String metric,
    @Doc("the bin, 1 to --calibration-bins in order of probability; null on summary rows") Long bin,
    @Doc("the bin holds probabilities above this (null: from the lowest)") Double binLower,
    @Doc("the bin holds probabilities up to and including this (null: to the highest)") Double binUpper,
    @Doc("mean predicted probability over all the bin's (or the slice's) decisions, labelled or not")
    Double meanPredicted,
    @Doc("the metric's estimate, its bootstrap interval and replicates; a bin's observed rate is sum w y / sum w"
        + " over its labelled decisions") Figure value,
    @Doc("a bin's standard error of the observed rate (the bootstrap replicates' spread): what ece's correction"
        + " takes out; null on summary rows") Double standardError,
    @Doc("decisions in the bin (or slice), labelled or not: the bins hold equal shares of the whole window's")
    Long nDecisions,
    @Doc("labelled (allowed, matured) decisions in the bin (or slice)") Long nLabeled,
    @Doc("sum of 1/p_allow over the labelled decisions: the decisions they stand for") Double weight,
    @Doc("Kish effective sample size of the labelled decisions, (sum w)^2 / sum w^2") Double ess,
    @Doc("ess below --min-ess: the bin's rate rests on few decisions") Boolean lowSupport) {}
