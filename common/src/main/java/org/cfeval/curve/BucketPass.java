package org.cfeval.curve;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.stats.BucketStats;
import org.cfeval.tables.Tables;

/**
 * The single pass over a window: every decision is assigned its score bucket and what the production
 * policy did, repeated once for the whole window and once per slice column, and summed into
 * {@link BucketStats} per (slice, bucket, production action). One Spark job, whatever the number of
 * thresholds and slices; the result has at most (1 + slice values) x buckets x 2 rows.
 *
 * <p>Input columns: score, action, p_allow, policy_action, outcome, and the slice columns.
 *
 * <p>Weighted sums are taken in fixed point, as whole multiples of {@link #WEIGHT_UNIT} (squares of
 * {@link #SQUARE_UNIT}) summed as longs: exact and independent of the order Spark merges partial sums
 * in, so a rerun gives bit-identical tables. Each weight moves by at most half a unit; a sum too large
 * for a long fails loudly (ANSI arithmetic), it never wraps.
 */
public final class BucketPass {
  private static final String BUCKET = "_bucket";
  private static final String PRODUCTION_BLOCKS = "_production_blocks";
  private static final String SLICE = "_slice";
  public static final double WEIGHT_UNIT = 1e-6;
  public static final double SQUARE_UNIT = 1e-3;

  private BucketPass() {}

  public static Map<Slice, SliceBuckets> run(Dataset<Row> window, ThresholdGrid grid, List<String> sliceColumns) {
    UDF1<Double, Integer> bucketOf = grid::bucketOf;
    Column allowed = col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW);
    Column pAllow = col(DecisionLog.P_ALLOW);
    Column weight = lit(1.0).divide(pAllow);
    Column fraud = col(Tables.OUTCOME).equalTo(Tables.FRAUD);
    Column legit = col(Tables.OUTCOME).equalTo(Tables.LEGIT);

    List<Column> slices = new ArrayList<>();
    slices.add(struct(lit(Tables.ALL).as("key"), lit(Tables.ALL).as("value")));
    for (String column : sliceColumns) {
      slices.add(struct(lit(column).as("key"), col(Contract.quote(column)).cast(DataTypes.StringType).as("value")));
    }
    Column productionBlocks = productionBlocks();

    // Per-decision values first, once per decision; only then one copy per slice.
    Dataset<Row> sums = window
        .select(
            array(slices.toArray(Column[]::new)).as(SLICE),
            udf(bucketOf, DataTypes.IntegerType).apply(col(DecisionLog.SCORE)).as(BUCKET),
            productionBlocks.as(PRODUCTION_BLOCKS),
            allowed.as("allowed"), pAllow.as("p"), weight.as("w"), fraud.as("fraud"), legit.as("legit"),
            col(Tables.OUTCOME).equalTo(Tables.PENDING).as("pending"))
        .withColumn(SLICE, explode(col(SLICE)))
        .groupBy(col(SLICE + ".key"), col(SLICE + ".value"), col(BUCKET), col(PRODUCTION_BLOCKS))
        .agg(
            count(lit(1)),
            count(when(col("allowed"), lit(1))),
            count(when(col("pending"), lit(1))),
            count(when(col("fraud"), lit(1))),
            count(when(col("legit"), lit(1))),
            fixedSum(col("fraud"), col("w"), WEIGHT_UNIT),
            fixedSum(col("legit"), col("w"), WEIGHT_UNIT),
            fixedSum(col("fraud"), col("w").multiply(col("w")), SQUARE_UNIT),
            fixedSum(col("legit"), col("w").multiply(col("w")), SQUARE_UNIT),
            fixedSum(col("allowed"), col("w"), WEIGHT_UNIT),
            fixedSum(col("p").gt(0), lit(1.0).minus(col("p")).multiply(col("w")), WEIGHT_UNIT),
            coalesce(max(when(col("fraud").or(col("legit")), col("w"))), lit(0.0)));

    Map<Slice, SliceBuckets> result = new TreeMap<>();
    for (Row row : sums.collectAsList()) {
      Slice slice = new Slice(row.getString(0), row.isNullAt(1) ? null : row.getString(1));
      BucketStats stats = new BucketStats();
      stats.decisions = row.getLong(4);
      stats.allowed = row.getLong(5);
      stats.pending = row.getLong(6);
      stats.fraud = row.getLong(7);
      stats.legit = row.getLong(8);
      stats.weightFraud = fixedValue(row, 9, WEIGHT_UNIT);
      stats.weightLegit = fixedValue(row, 10, WEIGHT_UNIT);
      stats.weightSqFraud = fixedValue(row, 11, SQUARE_UNIT);
      stats.weightSqLegit = fixedValue(row, 12, SQUARE_UNIT);
      stats.weightAllowed = fixedValue(row, 13, WEIGHT_UNIT);
      stats.weightAllowedVariance = fixedValue(row, 14, WEIGHT_UNIT);
      stats.maxWeight = row.getDouble(15);
      result.computeIfAbsent(slice, s -> new SliceBuckets(grid.buckets()))
          .add(row.getInt(2), row.getBoolean(3), stats);
    }
    return result;
  }

  /**
   * Whether the logged production policy, without exploration, blocks the decision: what policy_action
   * says, or where that is not logged, whether it was explored (p_allow < 1), since exploration only
   * ever lets would-be-blocked decisions through.
   */
  static Column productionBlocks() {
    return coalesce(col(DecisionLog.POLICY_ACTION).equalTo(DecisionLog.BLOCK), col(DecisionLog.P_ALLOW).lt(1));
  }

  /** Sum of {@code value} where {@code condition} holds, in whole units. */
  private static Column fixedSum(Column condition, Column value, double unit) {
    return coalesce(sum(when(condition, round(value.divide(unit)).cast(DataTypes.LongType))), lit(0L));
  }

  private static double fixedValue(Row row, int i, double unit) {
    return row.getLong(i) * unit;
  }
}
