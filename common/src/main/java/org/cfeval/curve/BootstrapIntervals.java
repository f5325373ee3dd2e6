package org.cfeval.curve;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.LinearizedError;
import org.cfeval.stats.LinearizedError.Source;
import org.cfeval.stats.ReplicateSums;

/** Bootstrap intervals of every IPS figure at every interval threshold (and production) of one slice. */
public final class BootstrapIntervals {
  private final ThresholdGrid grid;
  /** [point: grid thresholds then production][metric] */
  private final List<Map<CurveMetric, Interval>> intervals;

  private BootstrapIntervals(ThresholdGrid grid, List<Map<CurveMetric, Interval>> intervals) {
    this.grid = grid;
    this.intervals = intervals;
  }

  /**
   * The interval grid: up to {@code count} of the curve's thresholds evenly spread over it by rank, plus
   * every threshold listed explicitly.
   */
  public static ThresholdGrid intervalGrid(ThresholdGrid curve, int count, List<Double> listed) {
    Set<Double> chosen = new LinkedHashSet<>(listed);
    int n = curve.size();
    for (int i = 0; i < Math.min(count, n); i++) {
      chosen.add(curve.threshold(count >= n ? i : (int) Math.round(i * (n - 1.0) / Math.max(1, count - 1))));
    }
    return ThresholdGrid.of(chosen);
  }

  /**
   * The intervals of every IPS figure at the interval grid's thresholds and production, from the
   * replicate sums and the point estimates of {@code slice} (its sums over {@code curveGrid}, which holds
   * every interval threshold): studentized for rates and counts, bias-corrected percentile for amounts
   * and costs ({@link CurveMetric.Kind}).
   */
  public static BootstrapIntervals of(ThresholdGrid grid, ReplicateSums sums, ThresholdGrid curveGrid,
      SliceBuckets slice, CostModel costs, double confidence) {
    int points = grid.size() + 1;
    List<PolicyCurve.Point> curve = PolicyCurve.points(curveGrid, slice);
    // [point][metric][replicate]: each replicate's value, and for count-based figures its standard error
    Double[][][] values = new Double[points][CurveMetric.values().length][sums.replicates()];
    Double[][][] errors = new Double[points][CurveMetric.values().length][sums.replicates()];
    for (int r = 0; r < sums.replicates(); r++) {
      List<PolicyCurve.Point> replicate = PolicyCurve.points(grid, SliceBuckets.ofReplicate(sums, r));
      for (int k = 0; k < points; k++) {
        PolicyCurve.Point at = replicate.get(k);
        ConfusionMatrix matrix = ConfusionMatrix.of(at.blocked(), at.passed(), Estimator.IPS, costs);
        Map<CurveMetric, Double> error = LinearizedError.of(at.blocked(), at.passed(), costs, Source.SAMPLING);
        for (CurveMetric metric : CurveMetric.values()) {
          values[k][metric.ordinal()][r] = metric.of(matrix);
          errors[k][metric.ordinal()][r] = error.get(metric);
        }
      }
    }
    List<Map<CurveMetric, Interval>> intervals = new ArrayList<>();
    for (int k = 0; k < points; k++) {
      PolicyCurve.Point at = curve.get(k < grid.size() ? curveGrid.indexOf(grid.threshold(k)) : curveGrid.size());
      ConfusionMatrix estimate = ConfusionMatrix.of(at.blocked(), at.passed(), Estimator.IPS, costs);
      Map<CurveMetric, Double> error = LinearizedError.of(at.blocked(), at.passed(), costs, Source.SAMPLING);
      Map<CurveMetric, Interval> point = new EnumMap<>(CurveMetric.class);
      for (CurveMetric metric : CurveMetric.values()) {
        Double[] replicates = values[k][metric.ordinal()];
        point.put(metric, metric.kind().countsOnly()
            ? Interval.studentized(replicates, errors[k][metric.ordinal()], metric.of(estimate), error.get(metric),
                confidence, 0, metric.kind().max())
            : Interval.of(replicates, metric.of(estimate), confidence));
      }
      intervals.add(point);
    }
    return new BootstrapIntervals(grid, intervals);
  }

  /**
   * Every replicate's IPS confusion matrices: [replicate][grid thresholds in order, then production].
   * Replicates of two scores drawn with the same seed and unit resample the same clusters, so their
   * differences are paired.
   */
  public static List<List<ConfusionMatrix>> replicateCurves(ThresholdGrid grid, ReplicateSums sums, CostModel costs) {
    List<List<ConfusionMatrix>> curves = new ArrayList<>(sums.replicates());
    for (int r = 0; r < sums.replicates(); r++) {
      List<ConfusionMatrix> curve = new ArrayList<>(grid.size() + 1);
      for (PolicyCurve.Point point : PolicyCurve.points(grid, SliceBuckets.ofReplicate(sums, r))) {
        curve.add(ConfusionMatrix.of(point.blocked(), point.passed(), Estimator.IPS, costs));
      }
      curves.add(curve);
    }
    return curves;
  }

  /** The interval of {@code metric} for the policy at {@code threshold} (null: production), or null off the grid. */
  public Interval get(Double threshold, CurveMetric metric) {
    if (threshold == null) {
      return intervals.get(grid.size()).get(metric);
    }
    int k = grid.indexOf(threshold);
    return k < 0 ? null : intervals.get(k).get(metric);
  }
}
