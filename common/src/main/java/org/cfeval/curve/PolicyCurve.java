package org.cfeval.curve;

import java.util.ArrayList;
import java.util.List;
import org.cfeval.stats.BucketStats;

/**
 * From one slice's bucket statistics to every policy's blocked/passed split, by prefix and suffix sums
 * (both accumulated directly, so no cell is a difference of large sums). O(thresholds) per slice.
 */
public final class PolicyCurve {
  /** One evaluated policy: the threshold (null for the logged production policy) and its two sides. */
  public record Point(Double threshold, BucketStats blocked, BucketStats passed) {}

  private PolicyCurve() {}

  /** The policies "block if score > t" for every t of the grid, in grid order, then the production policy. */
  public static List<Point> points(ThresholdGrid grid, SliceBuckets slice) {
    int buckets = grid.buckets();
    if (slice.buckets() != buckets) {
      throw new IllegalArgumentException("slice has " + slice.buckets() + " buckets, grid needs " + buckets);
    }
    // passedBy[k]: buckets 0..k (score <= t_k); blockedFrom[k]: buckets k+1..K (score > t_k).
    BucketStats[] passedBy = new BucketStats[buckets];
    BucketStats running = new BucketStats();
    for (int b = 0; b < buckets; b++) {
      passedBy[b] = running.add(slice.cell(b, false)).add(slice.cell(b, true)).copy();
    }
    BucketStats[] blockedFrom = new BucketStats[buckets];
    running = new BucketStats();
    for (int b = buckets - 1; b >= 0; b--) {
      blockedFrom[b] = running.copy();
      running.add(slice.cell(b, false)).add(slice.cell(b, true));
    }
    List<Point> points = new ArrayList<>(grid.size() + 1);
    for (int k = 0; k < grid.size(); k++) {
      points.add(new Point(grid.threshold(k), blockedFrom[k], passedBy[k]));
    }
    points.add(new Point(null, slice.productionBlocked(), slice.productionAllowed()));
    return points;
  }
}
