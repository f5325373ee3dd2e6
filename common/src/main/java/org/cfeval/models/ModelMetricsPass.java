package org.cfeval.models;

import static org.apache.spark.sql.functions.*;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.cfeval.stats.ModelMetrics;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.Ranking;
import org.cfeval.stats.ScoredBins;

/**
 * Weighted model metrics with bootstrap intervals in one pass: each task sums its labelled predictions
 * into {@link ScoredBins} (every replicate at once, the resampling unit's Poisson(1) multiplicities as
 * in evaluate), and the driver merges them; a sort of the distinct probabilities makes PR-AUC and ROC-AUC
 * exact. Memory per task: {@value #BINS} x 6 x (replicates + 1)
 * doubles (9.6 MB at 200 replicates).
 */
final class ModelMetricsPass {
  /** Probability bins: the resolution of the ranking metrics (predictions in one bin count as tied). */
  static final int BINS = 1000;

  private ModelMetricsPass() {}

  /**
   * @param scored rows with the columns named by the arguments: the predicted probability of fraud,
   *     the label (boolean, fraud), the weight and the resampling unit
   */
  static Map<ModelMetrics.Metric, ModelMetrics.Estimate> run(Dataset<Row> scored, String probability, String fraud,
      String weight, String unit, int replicates, long seed, double confidence) {
    Dataset<Row> projected = scored.select(col(probability), col(fraud), col(weight),
        col(unit).cast(DataTypes.StringType)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return ModelMetrics.of(bins(projected, replicates, seed).checkExact(), confidence,
          exactRanking(projected, probability, fraud, weight));
    } finally {
      projected.unpersist();
    }
  }

  private static ScoredBins bins(Dataset<Row> projected, int replicates, long seed) {
    return projected.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(rows -> {
          ScoredBins partial = new ScoredBins(BINS, replicates);
          double[] multiplicities = new double[replicates];
          while (rows.hasNext()) {
            InternalRow row = rows.next();
            if (replicates > 0) {
              Multiplicities.fill(seed, Multiplicities.hash(row.getUTF8String(3).getBytes()), multiplicities);
            }
            partial.add(row.getDouble(0), row.getBoolean(1), row.getDouble(2), multiplicities);
          }
          return List.of(partial).iterator();
        })
        .fold(new ScoredBins(BINS, replicates), ScoredBins::merge);
  }

  /**
   * PR-AUC and ROC-AUC over the distinct probabilities, highest first: one sort of the predictions,
   * streamed to the driver a partition at a time. Weights are summed in whole millionths, so the result
   * does not depend on the order Spark adds them in.
   */
  private static Ranking exactRanking(Dataset<Row> projected, String probability, String fraud, String weight) {
    Column units = round(col(weight).multiply(1 / ScoredBins.UNIT)).cast(DataTypes.LongType);
    Iterator<Row> blocks = projected.groupBy(col(probability))
        .agg(sum(when(col(fraud), units).otherwise(0L)), sum(when(not(col(fraud)), units).otherwise(0L)))
        .orderBy(col(probability).desc())
        .toLocalIterator();
    Ranking ranking = new Ranking();
    while (blocks.hasNext()) {
      Row block = blocks.next();
      ranking.add(block.getLong(1) * ScoredBins.UNIT, block.getLong(2) * ScoredBins.UNIT);
    }
    return ranking;
  }
}
