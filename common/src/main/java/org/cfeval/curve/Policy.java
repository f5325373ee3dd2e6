package org.cfeval.curve;

import java.util.ArrayList;
import java.util.List;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;

/**
 * A decision policy on scores: allow a decision with score <= challengeAbove, challenge it up to
 * blockAbove, block it above ("block if score > blockAbove", strict as in the data contract). Without
 * challengeAbove it only allows and blocks. The production policy is what the log says production
 * would have done (policy_action), whatever the thresholds.
 */
public record Policy(String name, Double challengeAbove, Double blockAbove) {
  public static final String PRODUCTION = "production";

  public Policy {
    if (challengeAbove != null && (blockAbove == null || challengeAbove > blockAbove)) {
      throw new ConfigException(String.format("challenge-above: must not exceed block-above (%s), got %s",
          blockAbove, challengeAbove));
    }
  }

  public static Policy production() {
    return new Policy(PRODUCTION, null, null);
  }

  /**
   * The policy --threshold, or --block-above with an optional --challenge-above, describe; fails naming
   * the options when they are missing or contradict each other.
   */
  public static Policy proposed(Settings settings) {
    Double threshold = settings.find(Keys.THRESHOLD).orElse(null);
    Double blockAbove = settings.find(Keys.BLOCK_ABOVE).orElse(null);
    if ((threshold == null) == (blockAbove == null)) {
      throw new ConfigException("threshold: give the proposed policy as --threshold T or as --block-above T"
          + " (with --challenge-above T1 <= T to challenge below it), not both and not neither");
    }
    Double challengeAbove = settings.find(Keys.CHALLENGE_ABOVE).orElse(null);
    if (threshold != null && challengeAbove != null) {
      throw new ConfigException("challenge-above: goes with --block-above, not --threshold");
    }
    return new Policy("proposed", challengeAbove, threshold != null ? threshold : blockAbove);
  }

  public boolean isProduction() {
    return blockAbove == null;
  }

  /** The thresholds a grid needs to evaluate this policy. */
  public List<Double> thresholds() {
    List<Double> thresholds = new ArrayList<>();
    if (challengeAbove != null) {
      thresholds.add(challengeAbove);
    }
    if (blockAbove != null) {
      thresholds.add(blockAbove);
    }
    return thresholds;
  }

  /** The IPS matrix of this policy on a slice's buckets of {@code grid}; null when a threshold is off the grid. */
  public ActionMatrix matrix(ThresholdGrid grid, SliceBuckets slice, CostModel costs) {
    return matrix(grid, slice, Estimator.IPS, costs);
  }

  /** The same by {@code estimator}. */
  public ActionMatrix matrix(ThresholdGrid grid, SliceBuckets slice, Estimator estimator, CostModel costs) {
    if (isProduction()) {
      return ActionMatrix.of(slice.productionAllowed(), new BucketStats(), slice.productionBlocked(), estimator,
          costs);
    }
    int block = grid.indexOf(blockAbove);
    int challenge = challengeAbove == null ? block : grid.indexOf(challengeAbove);
    if (block < 0 || challenge < 0) {
      return null;
    }
    // Bucket b holds the scores above b thresholds: "score > t_k" is "bucket > k".
    BucketStats allowed = new BucketStats();
    BucketStats challenged = new BucketStats();
    BucketStats blocked = new BucketStats();
    for (int b = 0; b < slice.buckets(); b++) {
      (b <= challenge ? allowed : b <= block ? challenged : blocked).add(slice.bucket(b));
    }
    return ActionMatrix.of(allowed, challenged, blocked, estimator, costs);
  }
}
