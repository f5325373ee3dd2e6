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

/**
 * Bootstrap intervals of every figure at every interval threshold (and production) of one slice, by each
 * estimator of the run. Delay-adjusted estimates also carry the delay curve's error: replicate r scales
 * the eventual fraud it resamples by exp(-s Z_r), s the curve's log standard error at the maturity (the
 * window's youngest reports, the least sure) and Z_r the run's draw shared with the nowcast.
 */
public final class BootstrapIntervals {
  private final ThresholdGrid grid;
  /** [estimator] -> [point: grid thresholds then production][metric] */
  private final Map<Estimator, List<Map<CurveMetric, Interval>>> intervals;

  private BootstrapIntervals(ThresholdGrid grid, Map<Estimator, List<Map<CurveMetric, Interval>>> intervals) {
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
   * The intervals of every figure by each of {@code estimators} at the interval grid's thresholds and
   * production, from the replicate sums and the point estimates of {@code slice} (its sums over
   * {@code curveGrid}, which holds every interval threshold): studentized for rates and counts (by the IPS
   * figure's linearized error, the same scale for the point and each replicate), bias-corrected percentile
   * for amounts and costs ({@link CurveMetric.Kind}). {@code eventualScale}: each replicate's factor on
   * delay-adjusted eventual fraud (null: none).
   */
  public static BootstrapIntervals of(ThresholdGrid grid, ReplicateSums sums, ThresholdGrid curveGrid,
      SliceBuckets slice, CostModel costs, double confidence, List<Estimator> estimators, double[] eventualScale) {
    int points = grid.size() + 1;
    int metrics = CurveMetric.values().length;
    List<PolicyCurve.Point> curve = PolicyCurve.points(curveGrid, slice);
    // [estimator][point][metric][replicate]: each replicate's value; [point][metric][replicate]: its error
    Double[][][][] values = new Double[estimators.size()][points][metrics][sums.replicates()];
    Double[][][] errors = new Double[points][metrics][sums.replicates()];
    CurveMetric[] figures = CurveMetric.values();
    for (int r = 0; r < sums.replicates(); r++) {
      // The replicate's eventual fraud carries its draw of the delay error; only delay-adjusted estimators read it.
      double scale = eventualScale == null ? 1 : eventualScale[r];
      List<PolicyCurve.Point> replicate = PolicyCurve.points(grid, SliceBuckets.ofReplicate(sums, r, scale));
      for (int k = 0; k < points; k++) {
        PolicyCurve.Point at = replicate.get(k);
        ConfusionMatrix ips = ConfusionMatrix.of(at.blocked(), at.passed(), Estimator.IPS, costs);
        Map<CurveMetric, Double> error = LinearizedError.of(ips, at.blocked(), at.passed(), Source.SAMPLING);
        for (int e = 0; e < estimators.size(); e++) {
          Estimator estimator = estimators.get(e);
          ConfusionMatrix matrix = estimator == Estimator.IPS ? ips
              : ConfusionMatrix.of(at.blocked(), at.passed(), estimator, costs);
          for (CurveMetric metric : figures) {
            values[e][k][metric.ordinal()][r] = metric.of(matrix);
          }
        }
        for (CurveMetric metric : figures) {
          errors[k][metric.ordinal()][r] = error.get(metric);
        }
      }
    }
    Map<Estimator, List<Map<CurveMetric, Interval>>> intervals = new EnumMap<>(Estimator.class);
    for (int e = 0; e < estimators.size(); e++) {
      List<Map<CurveMetric, Interval>> byPoint = new ArrayList<>();
      for (int k = 0; k < points; k++) {
        PolicyCurve.Point at = curve.get(k < grid.size() ? curveGrid.indexOf(grid.threshold(k)) : curveGrid.size());
        ConfusionMatrix estimate = ConfusionMatrix.of(at.blocked(), at.passed(), estimators.get(e), costs);
        Map<CurveMetric, Double> error = LinearizedError.of(at.blocked(), at.passed(), costs, Source.SAMPLING);
        Map<CurveMetric, Interval> point = new EnumMap<>(CurveMetric.class);
        for (CurveMetric metric : CurveMetric.values()) {
          Double[] replicates = values[e][k][metric.ordinal()];
          point.put(metric, metric.kind().countsOnly()
              ? Interval.studentized(replicates, errors[k][metric.ordinal()], metric.of(estimate), error.get(metric),
                  confidence, 0, metric.kind().max())
              : Interval.of(replicates, metric.of(estimate), confidence));
        }
        byPoint.add(point);
      }
      intervals.put(estimators.get(e), byPoint);
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

  /**
   * The interval of {@code metric} by {@code estimator} for the policy at {@code threshold} (null:
   * production), or null off the grid or for an estimator the run had not.
   */
  public Interval get(Estimator estimator, Double threshold, CurveMetric metric) {
    List<Map<CurveMetric, Interval>> byPoint = intervals.get(estimator);
    if (byPoint == null) {
      return null;
    }
    if (threshold == null) {
      return byPoint.get(grid.size()).get(metric);
    }
    int k = grid.indexOf(threshold);
    return k < 0 ? null : byPoint.get(k).get(metric);
  }
}
