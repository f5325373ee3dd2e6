package org.cfeval.curve;

import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;

/**
 * The cheapest policy on a grid under guardrails, by estimated expected cost, from one slice's bucket sums
 * (no pass over the data). Each bucket's cost when allowed, challenged or blocked is priced once;
 * cumulative sums then give every pair of thresholds in constant time, so the search over all
 * t1 <= t2 costs O(thresholds^2) additions.
 */
public final class PolicySearch {
  /** The most a chosen policy may stop of legitimate decisions, and challenge of all decisions. */
  public record Guardrails(double maxFalseBlockRate, double maxChallengeRate) {
    public static Guardrails of(Settings settings) {
      return new Guardrails(settings.get(Keys.MAX_FALSE_BLOCK_RATE), settings.get(Keys.MAX_CHALLENGE_RATE));
    }
  }

  private final ThresholdGrid grid;
  // Over the first j buckets (index j): cost when allowed, when challenged, false blocks when challenged, decisions.
  private final double[] allowCost;
  private final double[] challengeCost;
  private final double[] challengeFalseBlocks;
  private final long[] decisions;
  // Over bucket j and above: cost when blocked, false blocks when blocked.
  private final double[] blockCost;
  private final double[] blockFalseBlocks;
  private final double legit;

  private PolicySearch(ThresholdGrid grid, SliceBuckets slice, Estimator estimator, CostModel costs) {
    this.grid = grid;
    int n = slice.buckets();
    allowCost = new double[n + 1];
    challengeCost = new double[n + 1];
    challengeFalseBlocks = new double[n + 1];
    decisions = new long[n + 1];
    blockCost = new double[n + 1];
    blockFalseBlocks = new double[n + 1];
    BucketStats none = new BucketStats();
    for (int b = 0; b < n; b++) {
      BucketStats bucket = slice.bucket(b);
      ActionMatrix challenged = ActionMatrix.of(none, bucket, none, estimator, costs);
      allowCost[b + 1] = allowCost[b] + ActionMatrix.of(bucket, none, none, estimator, costs).expectedCost();
      challengeCost[b + 1] = challengeCost[b] + challenged.expectedCost();
      challengeFalseBlocks[b + 1] = challengeFalseBlocks[b] + challenged.falseBlocks().count();
      decisions[b + 1] = decisions[b] + bucket.decisions();
    }
    for (int b = n - 1; b >= 0; b--) {
      ActionMatrix blocked = ActionMatrix.of(none, none, slice.bucket(b), estimator, costs);
      blockCost[b] = blockCost[b + 1] + blocked.expectedCost();
      blockFalseBlocks[b] = blockFalseBlocks[b + 1] + blocked.falseBlocks().count();
    }
    legit = estimator.legit(slice.total());
  }

  /**
   * The cheapest policy "block if score > t" (or, with {@code challenge}, "challenge above t1, block
   * above t2", t1 <= t2) on the grid that keeps within the guardrails; null when none does. Ties go to
   * the lower thresholds.
   */
  public static Policy cheapest(String name, ThresholdGrid grid, SliceBuckets slice, CostModel costs,
      Guardrails guardrails, boolean challenge) {
    return cheapest(name, grid, slice, Estimator.IPS, costs, guardrails, challenge);
  }

  /** The same, priced by {@code estimator}. */
  public static Policy cheapest(String name, ThresholdGrid grid, SliceBuckets slice, Estimator estimator,
      CostModel costs, Guardrails guardrails, boolean challenge) {
    return new PolicySearch(grid, slice, estimator, costs).search(name, guardrails, challenge);
  }

  private Policy search(String name, Guardrails guardrails, boolean challenge) {
    int bestChallenge = -1;
    int bestBlock = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int block = 0; block < grid.size(); block++) {
      for (int from = challenge ? 0 : block; from <= block; from++) {
        // Allowed: buckets 0..from; challenged: from+1..block; blocked: block+1 and above.
        int allowedEnd = from + 1;
        int blockedStart = block + 1;
        double cost = allowCost[allowedEnd] + challengeCost[blockedStart] - challengeCost[allowedEnd]
            + blockCost[blockedStart];
        if (cost < bestCost && withinGuardrails(allowedEnd, blockedStart, guardrails)) {
          bestCost = cost;
          bestChallenge = from;
          bestBlock = block;
        }
      }
    }
    if (bestBlock < 0) {
      return null;
    }
    return new Policy(name, bestChallenge == bestBlock ? null : grid.threshold(bestChallenge),
        grid.threshold(bestBlock));
  }

  private boolean withinGuardrails(int allowedEnd, int blockedStart, Guardrails guardrails) {
    double falseBlocks = blockFalseBlocks[blockedStart] + challengeFalseBlocks[blockedStart]
        - challengeFalseBlocks[allowedEnd];
    long challenged = decisions[blockedStart] - decisions[allowedEnd];
    long all = decisions[decisions.length - 1];
    return (legit == 0 || falseBlocks <= guardrails.maxFalseBlockRate() * legit)
        && challenged <= guardrails.maxChallengeRate() * all;
  }
}
