package org.cfeval.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.evaluation.Optimizer;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.ActionMatrix.Action;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.PolicyMetric;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.stats.Support;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.FairnessRow;
import org.cfeval.tables.Figure;
import org.cfeval.tables.Tables;
import org.cfeval.tables.Window;

/**
 * The fairness step: for each value of each --fairness-columns column, the production policy's and each
 * optimal policy's rates on the value's decisions against the rest of the window's, with the ratio's
 * paired bootstrap interval (replicate r of both resamples the same clusters). The plain largest ratio
 * over many values is biased upward and its bootstrap unreliable, so each value is compared with the rest
 * and the ratio intervals are at a Bonferroni-corrected level over the values of all the columns (the
 * rule judges them together). Everything comes
 * from evaluate's pass (the columns are summed there with replicates, like slices): no pass of its own.
 */
public final class Fairness {
  /** The rates compared, as stored in fairness.metric. */
  public enum Metric {
    FALSE_POSITIVE_RATE(PolicyMetric.FPR.function()),
    FALSE_BLOCK_RATE(PolicyMetric.FALSE_BLOCK_RATE.function()),
    BLOCK_RATE(m -> m.rate(Action.BLOCK)),
    CHALLENGE_RATE(m -> m.rate(Action.CHALLENGE));

    private final Function<ActionMatrix, Double> figure;

    Metric(Function<ActionMatrix, Double> figure) {
      this.figure = figure;
    }

    public String columnValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Fairness() {}

  /**
   * The columns fairness compares: --fairness-columns, each required in {@code present} (the columns of
   * {@code where}), but for the default, which is left out when the decisions have no such column.
   */
  public static List<String> columns(Settings settings, List<String> present, String where) {
    List<String> columns = settings.get(Keys.FAIRNESS_COLUMNS);
    if (settings.isDefault(Keys.FAIRNESS_COLUMNS)) {
      return columns.stream().filter(present::contains).toList();
    }
    Contract.requireColumns(present, where, Keys.FAIRNESS_COLUMNS.name(), columns);
    return columns;
  }

  /** The rows of an optimize run whose evaluation summed {@code columns}, written for its as-of date. */
  public static List<FairnessRow> run(SparkSession spark, DeltaStore store, Settings settings, Steps steps,
      Optimizer.Result optimized, List<String> columns) {
    List<FairnessRow> rows = rows(settings, optimized, columns);
    steps.run("write fairness", () -> store.replaceAsOf(Tables.FAIRNESS, Tables.FAIRNESS.frame(spark, rows),
        optimized.evaluation().asOf().date(), Evaluator.sameScores(settings)));
    return rows;
  }

  /** Every value of every column against the rest, for each of the run's policies and {@link Metric}s. */
  public static List<FairnessRow> rows(Settings settings, Optimizer.Result optimized, List<String> columns) {
    Evaluator.Result evaluation = optimized.evaluation();
    Estimator estimator = settings.get(Keys.ESTIMATOR);
    CostModel costs = Keys.costModel(settings);
    double confidence = settings.get(Keys.CONFIDENCE);
    double minEss = settings.get(Keys.MIN_ESS);
    Window window = Window.of(evaluation.asOf());
    String modelId = settings.get(Keys.MODEL_ID).isEmpty() ? null : settings.get(Keys.MODEL_ID);
    Map<Slice, ReplicateSums> replicates = evaluation.replicates() == null ? Map.of() : evaluation.replicates();
    SliceBuckets whole = evaluation.overall();
    ReplicateSums wholeReplicates = replicates.get(Slice.ALL);
    Map<Slice, SliceBuckets> values = new TreeMap<>(evaluation.slices());
    values.keySet().removeIf(slice -> !columns.contains(slice.key()));
    Map<Slice, Support> supports = new TreeMap<>();
    values.forEach((slice, sums) -> supports.put(slice, Support.of(sums.total(), minEss)));
    // The rule judges the largest ratio of every column's values at once: the correction counts them all.
    long judged = supports.values().stream().filter(support -> !support.low()).count();
    double ratioConfidence = 1 - (1 - confidence) / Math.max(1, judged);
    List<FairnessRow> rows = new ArrayList<>();
    for (String column : columns) {
      values.forEach((slice, sums) -> {
        if (!slice.key().equals(column)) {
          return;
        }
        ReplicateSums valueReplicates = replicates.get(slice);
        ReplicateSums restReplicates = wholeReplicates == null || valueReplicates == null ? null
            : wholeReplicates.minus(valueReplicates);
        SliceBuckets rest = whole.minus(sums);
        Support support = supports.get(slice);
        for (PolicyEstimate policy : optimized.policies()) {
          PolicyEstimate mine = evaluation.estimate(policy.policy(), sums, valueReplicates, estimator, costs);
          PolicyEstimate others = evaluation.estimate(policy.policy(), rest, restReplicates, estimator, costs);
          for (Metric metric : Metric.values()) {
            Function<ActionMatrix, Double> figure = metric.figure;
            rows.add(new FairnessRow(window, modelId, policy.policy().name(), estimator, column, slice.value(),
                metric.columnValue(), Figure.of(figure.apply(mine.point()), mine.interval(figure, confidence)),
                Figure.of(figure.apply(others.point()), others.interval(figure, confidence)),
                Figure.of(mine.ratio(figure, others), mine.ratioInterval(figure, others, ratioConfidence)),
                ratioConfidence, sums.total().decisions(), support.ess(), support.low()));
          }
        }
      });
    }
    return rows;
  }
}
