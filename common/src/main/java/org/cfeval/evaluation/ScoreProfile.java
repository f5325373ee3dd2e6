package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.ThresholdGrid;

/**
 * The window's score range and quantiles, for a threshold grid that follows the data: one aggregation
 * over the score column, run only when --score-range is not set or --threshold-quantiles is.
 */
public record ScoreProfile(long decisions, double minScore, double maxScore, List<Double> quantiles) {

  public static ScoreProfile of(Dataset<Row> window, int quantileCount) {
    Column score = col(DecisionLog.SCORE);
    Column quantiles = quantileCount > 0
        ? percentile_approx(score, lit(ThresholdGrid.quantileProbabilities(quantileCount)), lit(10_000))
        : lit(null);
    Row row = window.agg(count(lit(1)), min(score), max(score), quantiles).first();
    long decisions = row.getLong(0);
    if (decisions == 0) {
      return new ScoreProfile(0, 0, 0, List.of());
    }
    return new ScoreProfile(decisions, row.getDouble(1), row.getDouble(2),
        quantileCount > 0 ? row.getList(3) : List.of());
  }
}
