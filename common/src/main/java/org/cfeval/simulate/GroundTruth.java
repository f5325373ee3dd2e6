package org.cfeval.simulate;

import static org.apache.spark.sql.functions.*;

import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.evaluation.WindowPass;
import org.cfeval.labels.AsOf;
import org.cfeval.tables.Tables;

/**
 * The true policy curve of a simulated window: the truth table seen as if every decision had been
 * allowed (p_allow = 1) and labelled as of A. A decision counts as fraud if it is fraud and its fraud
 * chargeback would have arrived by A, the same definition the labels use, so IPS estimates from the
 * logged data should match it, and the naive labelled-only estimates should not.
 */
public final class GroundTruth {
  private GroundTruth() {}

  public static Map<Slice, SliceBuckets> buckets(Dataset<Row> truth, AsOf asOf, ThresholdGrid grid,
      List<String> sliceColumns) {
    // p_allow = 1 everywhere: no weight to clip, and no limit on slices the evaluated run did not already check.
    return WindowPass.run(fullyObserved(truth, asOf), grid, sliceColumns, 1, Integer.MAX_VALUE, null).slices();
  }

  /**
   * Each day's eventual fraud: decisions that are fraud and whose chargeback would come within
   * {@code horizonDays} whole days, blocked or not, by decision day ({@code cohort_date},
   * {@code eventual_fraud}).
   */
  public static Dataset<Row> eventualFraudByDay(Dataset<Row> truth, int horizonDays) {
    Column delayDays = unix_micros(col(Simulation.FRAUD_REPORTED_AT_IF_ALLOWED))
        .minus(unix_micros(col(DecisionLog.DECIDED_AT))).divide(86_400_000_000L);
    return truth.filter(col(Simulation.IS_FRAUD).and(delayDays.lt(horizonDays + 1)))
        .groupBy(to_date(col(DecisionLog.DECIDED_AT)).as("cohort_date"))
        .agg(count(lit(1)).as("eventual_fraud"));
  }

  public static Dataset<Row> fullyObserved(Dataset<Row> truth, AsOf asOf) {
    return truth
        .filter(asOf.inWindow())
        .withColumn(Tables.OUTCOME, when(col(Simulation.IS_FRAUD)
            .and(col(Simulation.FRAUD_REPORTED_AT_IF_ALLOWED).leq(lit(asOf.instant()))), lit(Tables.FRAUD))
            .otherwise(lit(Tables.LEGIT)))
        .withColumn(DecisionLog.ACTION, lit(DecisionLog.ALLOW))
        .withColumn(DecisionLog.P_ALLOW, lit(1.0))
        .withColumn(Tables.LABELED_AS_OF, lit(Date.valueOf(asOf.date())));
  }
}
