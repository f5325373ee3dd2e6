package org.cfeval.curve;

import java.io.Serializable;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.ReplicateSums;

/**
 * One slice's statistics: one cell per (score bucket, what the logged production policy did before
 * exploration), accumulated decision by decision in the pass and merged across its tasks. Every sum over
 * cells is taken in bucket order, so the result does not depend on the order Spark returned the cells in.
 */
public final class SliceBuckets implements Serializable {
  private final BucketStats[] productionAllows;
  private final BucketStats[] productionBlocks;

  public SliceBuckets(int buckets) {
    this(new BucketStats[buckets], new BucketStats[buckets]);
    for (int b = 0; b < buckets; b++) {
      productionAllows[b] = new BucketStats();
      productionBlocks[b] = new BucketStats();
    }
  }

  private SliceBuckets(BucketStats[] productionAllows, BucketStats[] productionBlocks) {
    this.productionAllows = productionAllows;
    this.productionBlocks = productionBlocks;
  }


  /** Bootstrap replicate {@code r}'s weighted sums, one cell per (interval bucket, production action). */
  public static SliceBuckets ofReplicate(ReplicateSums sums, int r) {
    return ofReplicate(sums, r, 1);
  }

  /** The same, with the delay-adjusted eventual fraud times {@code eventualScale} ({@link BucketStats#eventualTimes}). */
  public static SliceBuckets ofReplicate(ReplicateSums sums, int r, double eventualScale) {
    SliceBuckets replicate = new SliceBuckets(new BucketStats[sums.buckets()], new BucketStats[sums.buckets()]);
    for (int b = 0; b < sums.buckets(); b++) {
      replicate.productionAllows[b] = sums.cell(b, false, r).eventualTimes(eventualScale);
      replicate.productionBlocks[b] = sums.cell(b, true, r).eventualTimes(eventualScale);
    }
    return replicate;
  }

  public void add(int bucket, boolean productionBlocked, BucketStats stats) {
    (productionBlocked ? productionBlocks : productionAllows)[bucket].add(stats);
  }

  public SliceBuckets merge(SliceBuckets other) {
    if (other.buckets() != buckets()) {
      throw new IllegalArgumentException("cannot merge slices of different grids");
    }
    for (int b = 0; b < buckets(); b++) {
      productionAllows[b].add(other.productionAllows[b]);
      productionBlocks[b].add(other.productionBlocks[b]);
    }
    return this;
  }

  /** The decisions of these sums that are not in {@code part} (a slice value of this whole): exact. */
  public SliceBuckets minus(SliceBuckets part) {
    SliceBuckets rest = new SliceBuckets(buckets());
    for (int b = 0; b < buckets(); b++) {
      rest.productionAllows[b].add(productionAllows[b]).subtract(part.productionAllows[b]);
      rest.productionBlocks[b].add(productionBlocks[b]).subtract(part.productionBlocks[b]);
    }
    return rest;
  }

  public int buckets() {
    return productionAllows.length;
  }

  /** The decisions of bucket {@code b} that production blocks, or allows. */
  public BucketStats cell(int b, boolean productionBlocked) {
    return (productionBlocked ? productionBlocks : productionAllows)[b];
  }

  public BucketStats bucket(int b) {
    return productionAllows[b].copy().add(productionBlocks[b]);
  }

  public BucketStats productionBlocked() {
    return sum(productionBlocks);
  }

  /** The decisions production blocks ({@code true}) or allows. */
  public BucketStats productionSide(boolean productionBlocked) {
    return productionBlocked ? productionBlocked() : productionAllowed();
  }

  public BucketStats productionAllowed() {
    return sum(productionAllows);
  }

  public BucketStats total() {
    BucketStats total = new BucketStats();
    for (int b = 0; b < buckets(); b++) {
      total.add(bucket(b));
    }
    return total;
  }

  private static BucketStats sum(BucketStats[] cells) {
    BucketStats total = new BucketStats();
    for (BucketStats cell : cells) {
      total.add(cell);
    }
    return total;
  }
}
