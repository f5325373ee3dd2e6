package org.cfeval.models;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Policy;
import org.cfeval.curve.PolicySearch;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.evaluation.WindowPass;
import org.cfeval.stats.CostModel;

/**
 * The selection metric expected_cost: the IPS expected cost of the cheapest policy a model's scores
 * allow on a window of decisions (every decision, blocked ones included, as evaluate sees them), found
 * by optimize's search over probability thresholds 0, 0.01, ..., 1 within the guardrails.
 */
final class ValidationCost {
  /** Probability thresholds the search runs over: a resolution of 0.01. */
  static final int THRESHOLDS = 101;

  private ValidationCost() {}

  /** The cost, or null when no policy on the grid keeps within the guardrails. */
  static Double of(PipelineModel model, Dataset<Row> decisions, Settings settings) {
    Dataset<Row> window = Trainer.scored(model, decisions).withColumn(DecisionLog.SCORE, col(Trainer.PROBABILITY));
    ThresholdGrid grid = ThresholdGrid.of(ThresholdGrid.evenlySpaced(0, 1, THRESHOLDS));
    // Every weight counts in full (no clipping) and no slice is asked for.
    SliceBuckets all = WindowPass.run(window, grid, List.of(), Double.POSITIVE_INFINITY, 1, null).slices()
        .get(Slice.ALL);
    CostModel costs = Keys.costModel(settings);
    Policy cheapest = PolicySearch.cheapest("validation", grid, all, costs, PolicySearch.Guardrails.of(settings),
        true);
    return cheapest == null ? null : cheapest.matrix(grid, all, costs).expectedCost();
  }
}
