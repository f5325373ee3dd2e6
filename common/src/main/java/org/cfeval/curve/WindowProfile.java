package org.cfeval.curve;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.tables.Tables;

/**
 * What evaluate needs to know about a window before its main pass, from one aggregation: the score
 * range and quantiles (for the threshold grid), each slice column's approximate cardinality (so the
 * collected bucket table stays small) and the oldest label run behind the window.
 */
public record WindowProfile(long decisions, double minScore, double maxScore, List<Double> quantiles,
    Map<String, Long> sliceCardinality, LocalDate labelsAsOf) {

  public static WindowProfile of(Dataset<Row> window, List<String> sliceColumns, int quantileCount) {
    List<Column> aggregates = new ArrayList<>(List.of(count(lit(1)), min(col(DecisionLog.SCORE)),
        max(col(DecisionLog.SCORE)), min(col(Tables.LABELED_AS_OF))));
    double[] probabilities = ThresholdGrid.quantileProbabilities(quantileCount);
    if (quantileCount > 0) {
      aggregates.add(percentile_approx(col(DecisionLog.SCORE), lit(probabilities), lit(10_000)));
    }
    for (String column : sliceColumns) {
      aggregates.add(approx_count_distinct(col(Contract.quote(column))));
    }
    Row row = window.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
    long decisions = row.getLong(0);
    if (decisions == 0) {
      return new WindowProfile(0, 0, 0, List.of(), Map.of(), null);
    }
    int next = 4;
    List<Double> quantiles = quantileCount > 0 ? row.getList(next++) : List.of();
    Map<String, Long> cardinality = new LinkedHashMap<>();
    for (String column : sliceColumns) {
      cardinality.put(column, row.getLong(next++));
    }
    return new WindowProfile(decisions, row.getDouble(1), row.getDouble(2), quantiles, cardinality,
        row.getDate(3).toLocalDate());
  }

  /** Fails naming the slice column whose values would make the bucket table too large. */
  public void checkSliceCardinality(int maxValues) {
    sliceCardinality.forEach((column, values) -> {
      if (values > maxValues) {
        throw new ContractException(String.format("slice column '%s' has about %d distinct values in the window,"
            + " more than --max-slice-values %d", column, values, maxValues));
      }
    });
  }

  /** The explicit thresholds, plus {@code count} evenly spaced over the window's scores, plus its quantiles. */
  public ThresholdGrid grid(List<Double> explicit, int count) {
    List<Double> thresholds = new ArrayList<>(explicit);
    thresholds.addAll(ThresholdGrid.evenlySpaced(minScore, maxScore, count));
    thresholds.addAll(quantiles);
    return ThresholdGrid.of(thresholds);
  }
}
