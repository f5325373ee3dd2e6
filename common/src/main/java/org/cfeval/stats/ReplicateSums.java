package org.cfeval.stats;

import java.io.Serializable;

/**
 * Bootstrap replicates of one slice: for every (interval bucket, production action) cell and every
 * replicate, the multiplicity-weighted sums of w over labelled fraud and legit decisions. Sums are
 * fixed point (whole {@link #UNIT}s in longs), so merging partitions in any order gives the same bits.
 * Memory: cells x 2 x replicates longs.
 */
public final class ReplicateSums implements Serializable {
  public static final double UNIT = 1e-6;

  private final int buckets;
  private final int replicates;
  private final long[] sums; // [bucket][production blocks 0/1][fraud 0 / legit 1][replicate]

  public ReplicateSums(int buckets, int replicates) {
    this.buckets = buckets;
    this.replicates = replicates;
    this.sums = new long[buckets * 4 * replicates];
  }

  /** Adds one labelled decision of weight w with its unit's multiplicities. */
  public void add(int bucket, boolean productionBlocks, boolean fraud, double weight, int[] multiplicities) {
    long units = Math.round(weight / UNIT);
    int offset = index(bucket, productionBlocks, fraud);
    for (int r = 0; r < replicates; r++) {
      sums[offset + r] += multiplicities[r] * units;
    }
  }

  public ReplicateSums add(ReplicateSums other) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    return this;
  }

  public int buckets() {
    return buckets;
  }

  public int replicates() {
    return replicates;
  }

  /** Replicate {@code r}'s weighted fraud and legit sums of one cell, as BucketStats. */
  public BucketStats cell(int bucket, boolean productionBlocks, int r) {
    BucketStats stats = new BucketStats();
    stats.weightFraud = sums[index(bucket, productionBlocks, true) + r] * UNIT;
    stats.weightLegit = sums[index(bucket, productionBlocks, false) + r] * UNIT;
    return stats;
  }

  private int index(int bucket, boolean productionBlocks, boolean fraud) {
    return ((bucket * 2 + (productionBlocks ? 1 : 0)) * 2 + (fraud ? 0 : 1)) * replicates;
  }
}
