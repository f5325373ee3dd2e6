package org.cfeval.evaluation;

import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.curve.Policy;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.curve.Slice;
import org.cfeval.spark.Steps;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;

/**
 * "What would happen if we changed the policy?": a proposed policy beside the production one on the
 * matured window, from one pass whose grid holds just the proposed thresholds, with paired intervals of
 * every difference. Writes nothing.
 */
public final class WhatIf {
  /** The window's evaluation and both policies on it. */
  public record Result(Evaluator.Result evaluation, PolicyEstimate current, PolicyEstimate proposed) {}

  private WhatIf() {}

  public static Result run(SparkSession spark, DeltaStore store, Steps steps, Settings settings) {
    Policy proposed = Policy.proposed(settings);
    Settings justThese = settings
        .with(Keys.THRESHOLDS, String.join(",", proposed.thresholds().stream().map(String::valueOf).toList()))
        .with(Keys.THRESHOLD_COUNT, "0")
        .with(Keys.THRESHOLD_QUANTILES, "0")
        .with(Keys.SLICES, "");
    Evaluator.Result evaluation = new Evaluator(spark, store, steps).estimate(store.read(Tables.DECISIONS_LABELED),
        justThese);
    CostModel costs = Keys.costModel(settings);
    Estimator estimator = settings.get(Keys.ESTIMATOR);
    evaluation.requireEstimator(estimator);
    return new Result(evaluation, evaluation.estimate(Policy.production(), Slice.ALL, estimator, costs),
        evaluation.estimate(proposed, Slice.ALL, estimator, costs));
  }
}
