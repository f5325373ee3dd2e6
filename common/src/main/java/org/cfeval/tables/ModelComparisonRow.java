package org.cfeval.tables;

/** A row of {@code model_comparison}. */
public record ModelComparisonRow(
    @Inline Window window,
    @Doc("the champion: a model_id, or 'production' for the logged score") String champion,
    @Doc("the challenger's model_id") String challenger,
    @Doc("block_rate: both models at the threshold blocking target_block_rate of decisions; best_f1: each at its own"
        + " threshold of highest IPS F1; whole_curve: across thresholds (pr_auc)") String operatingPoint,
    @Doc("the share of decisions blocked (block_rate rows only)") Double targetBlockRate,
    @Doc("precision, recall (IPS) or pr_auc (IPS average precision over the interval grid)") String metric,
    @Doc("the champion's threshold (null for whole_curve)") Double championThreshold,
    @Doc("the challenger's threshold (null for whole_curve)") Double challengerThreshold,
    @Doc("share of decisions the champion's policy blocks") Double championBlockRate,
    @Doc("share of decisions the challenger's policy blocks") Double challengerBlockRate,
    @Doc("the metric for the champion") Double championValue,
    @Doc("the metric for the challenger") Double challengerValue,
    @Doc("challenger_value - champion_value; its interval is paired (the same cluster multiplicities for both"
        + " models)") Figure difference,
    @Doc("challenger higher or champion higher when the interval excludes 0, else no distinguishable difference")
    String verdict,
    @Doc("share of the champion's estimate (IPS weight of the labelled decisions its policy blocks; all labelled for"
        + " whole_curve) resting on decisions with p_allow < 0.01") Double championLowPropensityShare,
    @Doc("the same for the challenger") Double challengerLowPropensityShare) {}
