package org.cfeval.evaluation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.LoggingHealth;
import org.cfeval.stats.Sum;
import org.cfeval.stats.Support;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.EvaluationScope;
import org.cfeval.tables.EvaluationWindowRow;
import org.cfeval.tables.Figure;
import org.cfeval.tables.PolicyCurveRow;
import org.cfeval.tables.Tables;
import org.cfeval.tables.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rows evaluate writes, from the sums of its pass: policy_curve's and evaluation_windows'. */
final class EvaluationRows {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationRows.class);

  private EvaluationRows() {}

  /** policy_curve rows: for each slice, each policy and each estimator. */
  static List<PolicyCurveRow> curveRows(Scope scope, ThresholdGrid grid, Map<Slice, SliceBuckets> slices,
      Map<Slice, BootstrapIntervals> intervals, CostModel costs, double minEss, List<Estimator> estimators) {
    List<PolicyCurveRow> rows = new ArrayList<>();
    for (Map.Entry<Slice, SliceBuckets> entry : slices.entrySet()) {
      Slice slice = entry.getKey();
      BucketStats total = entry.getValue().total();
      for (PolicyCurve.Point point : PolicyCurve.points(grid, entry.getValue())) {
        PolicyCurveRow.Support blocked = PolicyCurveRow.Support.of(Support.of(point.blocked(), minEss));
        PolicyCurveRow.Support allowed = PolicyCurveRow.Support.of(Support.of(point.passed(), minEss));
        for (Estimator estimator : estimators) {
          ConfusionMatrix m = ConfusionMatrix.of(point.blocked(), point.passed(), estimator, costs);
          BootstrapIntervals sliceIntervals = intervals.get(slice);
          Function<CurveMetric, Figure> figure = metric -> Figure.of(metric.of(m),
              sliceIntervals == null ? null : sliceIntervals.get(estimator, point.threshold(), metric));
          rows.add(new PolicyCurveRow(scope.of(slice),
              point.threshold() == null ? Tables.POLICY_PRODUCTION : Tables.POLICY_THRESHOLD, point.threshold(),
              estimator, figure.apply(CurveMetric.TP), figure.apply(CurveMetric.FP), figure.apply(CurveMetric.FN),
              figure.apply(CurveMetric.TN), figure.apply(CurveMetric.PRECISION), figure.apply(CurveMetric.RECALL),
              figure.apply(CurveMetric.FPR), m.blockRate(), figure.apply(CurveMetric.EXPECTED_FRAUD), m.fraudRate(),
              figure.apply(CurveMetric.TP_AMOUNT), figure.apply(CurveMetric.FP_AMOUNT),
              figure.apply(CurveMetric.FN_AMOUNT), figure.apply(CurveMetric.TN_AMOUNT),
              figure.apply(CurveMetric.EXPECTED_COST), figure.apply(CurveMetric.COST_PER_DECISION),
              total.decisions(), point.blocked().decisions(), total.labeled(), point.blocked().labeled(),
              total.count(Sum.FRAUD),
              blocked, allowed));
        }
      }
    }
    return rows;
  }

  static List<EvaluationWindowRow> windowRows(Scope scope, Map<Slice, SliceBuckets> slices, double maxZ,
      LocalDate labelsAsOf, boolean adjusted) {
    List<EvaluationWindowRow> rows = new ArrayList<>();
    for (Map.Entry<Slice, SliceBuckets> entry : slices.entrySet()) {
      BucketStats total = entry.getValue().total();
      LoggingHealth health = LoggingHealth.of(total, maxZ);
      if (!health.healthy()) {
        LOG.warn("logging health of slice {}={}: sum of 1/p_allow over allowed decisions / decisions = {}"
                + " (standard error {}), more than {} standard errors from 1: are propensities logged correctly?",
            entry.getKey().key(), entry.getKey().value(), String.format("%.4f", health.ratio()),
            String.format("%.4f", health.standardError()), maxZ);
      }
      rows.add(new EvaluationWindowRow(scope.of(entry.getKey()),
          total.decisions(), total.count(Sum.ALLOWED), total.labeled(), total.count(Sum.FRAUD),
          total.count(Sum.PENDING), total.get(Sum.WEIGHT_ALLOWED),
          health.ratio(), health.standardError(), health.healthy(), labelsAsOf,
          adjusted && total.get(Sum.WEIGHT_FRAUD) > 0 ? new Bounded(completeness(total, Sum.WEIGHT_FRAUD_EVENTUAL),
              completeness(total, Sum.WEIGHT_FRAUD_EVENTUAL_HIGH), completeness(total, Sum.WEIGHT_FRAUD_EVENTUAL_LOW))
              : Bounded.NONE));
    }
    return rows;
  }

  /** Reported fraud weight over the eventual fraud it stands for by {@code eventual}. */
  private static double completeness(BucketStats total, Sum eventual) {
    return total.get(Sum.WEIGHT_FRAUD) / total.get(eventual);
  }

  /** What every row of a run shares: the as-of date and its window, and whose scores (null: the logged ones). */
  record Scope(Window window, String modelId) {
    EvaluationScope of(Slice slice) {
      return new EvaluationScope(window, slice.key(), slice.value(), modelId);
    }
  }
}
