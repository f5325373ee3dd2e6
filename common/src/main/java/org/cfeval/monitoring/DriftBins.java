package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.ThresholdGrid;

/**
 * A numeric column's bins from the reference's quantiles: fine ones at its percentiles, and the PSI's at
 * its --drift-bins quantiles, every edge of which is a fine one (so fine bins add up to PSI bins).
 */
record DriftBins(ThresholdGrid fine, ThresholdGrid psi) {
  /** Fine bins of a numeric column, for the KS statistic and the JS distance: the reference's percentiles. */
  static final int FINE_BINS = 100;
  private static final double QUANTILE_ERROR = 1e-3;

  static Map<String, DriftBins> of(Dataset<Row> reference, List<String> numeric, int psiBins) {
    TreeSet<Double> probabilities = new TreeSet<>();
    for (int k = 1; k < FINE_BINS; k++) {
      probabilities.add((double) k / FINE_BINS);
    }
    for (int k = 1; k < psiBins; k++) {
      probabilities.add((double) k / psiBins);
    }
    double[] p = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
    // Finite values only, in one task and one order: the sketch then gives the same edges however the table's
    // files are split (the cluster smoke compares a cluster's drift with an embedded run's).
    List<Column> finite = new ArrayList<>();
    for (String column : numeric) {
      Column value = col(Contract.quote(column)).cast(DataTypes.DoubleType);
      finite.add(when(isnan(value).or(abs(value).equalTo(Double.POSITIVE_INFINITY)), lit(null)).otherwise(value)
          .as(column));
    }
    Dataset<Row> ordered = numeric.isEmpty() ? reference : reference.orderBy(DecisionLog.DECISION_ID)
        .select(finite.toArray(Column[]::new)).coalesce(1);
    double[][] quantiles = numeric.isEmpty() ? new double[0][] : ordered.stat()
        .approxQuantile(numeric.toArray(String[]::new), p, QUANTILE_ERROR);
    Map<String, DriftBins> bins = new LinkedHashMap<>();
    for (int c = 0; c < numeric.size(); c++) {
      double[] q = quantiles[c] == null ? new double[0] : quantiles[c];
      List<Double> all = new ArrayList<>();
      List<Double> psi = new ArrayList<>();
      for (int i = 0; i < q.length; i++) {
        all.add(q[i]);
        if (Math.abs(p[i] * psiBins - Math.rint(p[i] * psiBins)) < 1e-9) {
          psi.add(q[i]);
        }
      }
      // A reference without values: one bin, so that the current period's values still count.
      bins.put(numeric.get(c), all.isEmpty() ? new DriftBins(ThresholdGrid.of(List.of(0.0)), ThresholdGrid.of(List.of(0.0)))
          : new DriftBins(ThresholdGrid.of(all), ThresholdGrid.of(psi.isEmpty() ? all.subList(0, 1) : psi)));
    }
    return bins;
  }

  /** The fine bin of a value: how many edges lie below it (null for null). */
  UserDefinedFunction binOf() {
    ThresholdGrid edges = fine;
    return udf((UDF1<Double, Integer>) value -> value == null ? null : edges.bucketOf(value), DataTypes.IntegerType);
  }
}
