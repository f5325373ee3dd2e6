package org.cfeval.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.LinearizedError;
import org.cfeval.stats.LinearizedError.Source;

/** Precision and recall of "block if score > t" from the logged data (IPS and naive) beside the truth. */
public final class TruthComparison {
  /** One threshold's figures; the estimates are null where their denominator is zero. */
  public record Row(double threshold, Double truthPrecision, Double ipsPrecision, Double ipsPrecisionSe,
      Double naivePrecision, Double truthRecall, Double ipsRecall, Double ipsRecallSe, Double naiveRecall) {

    /** Whether both IPS figures are within {@code z} standard errors of the truth. */
    public boolean ipsWithin(double z) {
      return near(ipsPrecision, truthPrecision, z * ipsPrecisionSe) && near(ipsRecall, truthRecall, z * ipsRecallSe);
    }

    /** Whether a naive figure is further than {@code z} IPS standard errors from the truth. */
    public boolean naiveOutside(double z) {
      return !near(naivePrecision, truthPrecision, z * ipsPrecisionSe) || !near(naiveRecall, truthRecall, z * ipsRecallSe);
    }

    private static boolean near(Double estimate, Double truth, double tolerance) {
      return estimate != null && truth != null && Math.abs(estimate - truth) <= tolerance + 1e-12;
    }
  }

  private TruthComparison() {}

  /** Rows for each of {@code thresholds}, which must be in {@code grid}. */
  public static List<Row> compare(ThresholdGrid grid, SliceBuckets logged, SliceBuckets truth, List<Double> thresholds) {
    List<PolicyCurve.Point> estimated = PolicyCurve.points(grid, logged);
    List<PolicyCurve.Point> actual = PolicyCurve.points(grid, truth);
    List<Row> rows = new ArrayList<>();
    for (double t : thresholds) {
      int k = grid.bucketOf(t);
      if (k >= grid.size() || grid.threshold(k) != t) {
        throw new IllegalArgumentException("threshold " + t + " is not in the grid");
      }
      PolicyCurve.Point point = estimated.get(k);
      ConfusionMatrix ips = ConfusionMatrix.of(point.blocked(), point.passed(), Estimator.IPS);
      ConfusionMatrix naive = ConfusionMatrix.of(point.blocked(), point.passed(), Estimator.NAIVE);
      ConfusionMatrix real = ConfusionMatrix.of(actual.get(k).blocked(), actual.get(k).passed(), Estimator.IPS);
      Map<CurveMetric, Double> errors = LinearizedError.of(point.blocked(), point.passed(), null, Source.DESIGN);
      rows.add(new Row(t, real.precision(), ips.precision(), errors.get(CurveMetric.PRECISION), naive.precision(),
          real.recall(), ips.recall(), errors.get(CurveMetric.RECALL), naive.recall()));
    }
    return rows;
  }
}
