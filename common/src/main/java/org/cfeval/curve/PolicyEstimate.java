package org.cfeval.curve;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.Ratio;
import org.cfeval.stats.ReplicateSums;

/**
 * A policy's action-by-outcome matrix on one slice by one estimator, and the same matrix in every bootstrap replicate
 * (empty when intervals are off or the policy's thresholds are not on the interval grid): any figure of
 * the matrix with its interval, and any difference between two policies with a paired interval, since
 * replicate r of both resamples the same clusters.
 */
public final class PolicyEstimate {
  private final Policy policy;
  private final ActionMatrix point;
  private final List<ActionMatrix> replicates;

  private PolicyEstimate(Policy policy, ActionMatrix point, List<ActionMatrix> replicates) {
    this.policy = policy;
    this.point = point;
    this.replicates = replicates;
  }

  /**
   * {@code policy} on one slice's sums over {@code grid}, and on each replicate of {@code replicateSums}
   * (over {@code intervalGrid}; null: no intervals), a delay-adjusted estimator's eventual fraud times the
   * replicate's {@code eventualScale} (null: none).
   */
  public static PolicyEstimate of(Policy policy, ThresholdGrid grid, SliceBuckets slice, ThresholdGrid intervalGrid,
      ReplicateSums replicateSums, Estimator estimator, CostModel costs, double[] eventualScale) {
    ActionMatrix point = policy.matrix(grid, slice, estimator, costs);
    if (point == null) {
      throw new IllegalArgumentException("policy " + policy + " has a threshold off the evaluated grid");
    }
    List<ActionMatrix> replicates = new ArrayList<>();
    if (replicateSums != null) {
      for (int r = 0; r < replicateSums.replicates(); r++) {
        double scale = eventualScale != null && estimator.delayAdjusted() ? eventualScale[r] : 1;
        ActionMatrix replicate = policy.matrix(intervalGrid, SliceBuckets.ofReplicate(replicateSums, r, scale),
            estimator, costs);
        if (replicate == null) {
          replicates.clear();
          break;
        }
        replicates.add(replicate);
      }
    }
    return new PolicyEstimate(policy, point, replicates);
  }

  public Policy policy() {
    return policy;
  }

  public ActionMatrix point() {
    return point;
  }

  /** Whether this estimate has bootstrap replicates, so intervals. */
  public boolean hasIntervals() {
    return !replicates.isEmpty();
  }

  /** The bootstrap interval of {@code figure} ({@link Interval#of}); null without replicates. */
  public Interval interval(Function<ActionMatrix, Double> figure, double confidence) {
    return Interval.of(replicates.stream().map(figure).toArray(Double[]::new), figure.apply(point), confidence);
  }

  /** What a policy saves against a baseline: the baseline's expected cost minus its own, with a paired interval. */
  public record Saving(Double value, Interval interval) {}

  public Saving savingAgainst(PolicyEstimate baseline, double confidence) {
    Double mine = point.expectedCost();
    Double theirs = baseline.point.expectedCost();
    return new Saving(mine == null || theirs == null ? null : theirs - mine,
        baseline.difference(ActionMatrix::expectedCost, this, confidence));
  }

  /** The paired interval of {@code figure} here minus in {@code baseline}; null unless both have replicates. */
  public Interval difference(Function<ActionMatrix, Double> figure, PolicyEstimate baseline, double confidence) {
    return paired(figure, baseline, confidence, (mine, theirs) -> mine - theirs);
  }

  /** {@code figure} here over in {@code baseline}, null where undefined ({@link #ratioInterval} is its interval). */
  public Double ratio(Function<ActionMatrix, Double> figure, PolicyEstimate baseline) {
    return Ratio.of(figure.apply(point), figure.apply(baseline.point));
  }

  /** The paired interval of {@link #ratio}; null unless both have replicates. */
  public Interval ratioInterval(Function<ActionMatrix, Double> figure, PolicyEstimate baseline, double confidence) {
    return paired(figure, baseline, confidence, Ratio::of);
  }

  /**
   * The interval of {@code combine}(figure here, figure in baseline) from replicate pairs drawn with the
   * same clusters; undefined figures and combinations are left out, and counted.
   */
  private Interval paired(Function<ActionMatrix, Double> figure, PolicyEstimate baseline, double confidence,
      BinaryOperator<Double> combine) {
    if (replicates.isEmpty() || replicates.size() != baseline.replicates.size()) {
      return null;
    }
    Double[] combined = new Double[replicates.size()];
    for (int r = 0; r < combined.length; r++) {
      combined[r] = combinedOrNull(figure.apply(replicates.get(r)), figure.apply(baseline.replicates.get(r)), combine);
    }
    return Interval.of(combined, combinedOrNull(figure.apply(point), figure.apply(baseline.point), combine),
        confidence);
  }

  private static Double combinedOrNull(Double mine, Double theirs, BinaryOperator<Double> combine) {
    return mine == null || theirs == null ? null : combine.apply(mine, theirs);
  }
}
