package org.cfeval.models;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.stats.ModelMetrics;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.ScoredBins;

/**
 * Weighted model metrics with bootstrap intervals in one pass: each task sums its labelled predictions
 * into {@link ScoredBins} (every replicate at once, the resampling unit's Poisson(1) multiplicities as
 * in evaluate), and the driver merges them. Memory per task: {@value #BINS} x 6 x (replicates + 1)
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
        col(unit).cast(DataTypes.StringType));
    ScoredBins bins = projected.queryExecution().toRdd().toJavaRDD()
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
    return ModelMetrics.of(bins.checkExact(), confidence);
  }
}
