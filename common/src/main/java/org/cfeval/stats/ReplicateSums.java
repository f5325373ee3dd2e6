package org.cfeval.stats;

import java.io.Serializable;

/**
 * Bootstrap replicates of one slice: for every (interval bucket, production action) cell and every
 * replicate, the multiplicity-weighted sums of w and of w times amount over labelled fraud and legit
 * decisions. Sums are fixed point, whole units as in {@link BucketSums}, held in doubles: every term is a
 * whole number and every sum stays below 2^53, so each addition is exact and partitions merge in any
 * order to the same bits, while the per-replicate loop runs as vector instructions. Terms are never
 * negative, so a sum that ends below 2^53 never passed it; {@link #checkExact} fails the run otherwise.
 * Each cell also counts its decisions, once, for the rates of all decisions. Memory: cells x 4 x
 * replicates doubles, one array per cell and sum (so the per-replicate loop is a
 * plain loop over one array, which the JIT vectorises).
 */
public final class ReplicateSums implements Serializable {
  private static final double EXACT = 0x1p53;

  private final int buckets;
  private final int replicates;
  // [bucket][production blocks 0/1][fraud 0 / legit 1][weight 0 / weight x amount 1] -> [replicate]
  private final double[][] sums;
  // [bucket][production blocks 0/1] -> decisions: known exactly, the same in every replicate
  private final long[] decisions;

  public ReplicateSums(int buckets, int replicates) {
    this.buckets = buckets;
    this.replicates = replicates;
    this.sums = new double[buckets * 8][replicates];
    this.decisions = new long[buckets * 2];
  }

  /**
   * Counts one decision, labelled or not, in its cell. Decision counts are not resampled: every
   * replicate's cells carry the window's own, so shares of all decisions stay exact.
   */
  public void count(int bucket, boolean productionBlocks) {
    decisions[bucket * 2 + (productionBlocks ? 1 : 0)]++;
  }

  /** Adds one labelled decision (its w and w x amount in units), with its resampling unit's multiplicities. */
  public void add(int bucket, boolean productionBlocks, boolean fraud, double weightUnits, double amountUnits,
      double[] multiplicities) {
    addScaled(sums[index(bucket, productionBlocks, fraud, false)], multiplicities, weightUnits);
    addScaled(sums[index(bucket, productionBlocks, fraud, true)], multiplicities, amountUnits);
  }

  private static void addScaled(double[] sums, double[] multiplicities, double units) {
    for (int r = 0; r < sums.length; r++) {
      sums[r] += multiplicities[r] * units;
    }
  }

  public ReplicateSums merge(ReplicateSums other) {
    for (int i = 0; i < sums.length; i++) {
      addScaled(sums[i], other.sums[i], 1);
    }
    for (int i = 0; i < decisions.length; i++) {
      decisions[i] += other.decisions[i];
    }
    return this;
  }

  /** Fails if any sum reached 2^53 units, where doubles stop holding every whole number. */
  public ReplicateSums checkExact() {
    for (double[] cell : sums) {
      for (double sum : cell) {
        if (!(sum < EXACT)) {
          throw new ArithmeticException("a bootstrap sum reached 2^53 units and can no longer be summed exactly;"
              + " evaluate a shorter window or a finer slice");
        }
      }
    }
    return this;
  }

  public int buckets() {
    return buckets;
  }

  public int replicates() {
    return replicates;
  }

  /** Replicate {@code r}'s weighted sums of one cell, and its decisions, as BucketStats. */
  public BucketStats cell(int bucket, boolean productionBlocks, int r) {
    BucketStats stats = new BucketStats();
    stats.decisions = decisions[bucket * 2 + (productionBlocks ? 1 : 0)];
    stats.weightFraud = sums[index(bucket, productionBlocks, true, false)][r] * BucketSums.WEIGHT_UNIT;
    stats.weightLegit = sums[index(bucket, productionBlocks, false, false)][r] * BucketSums.WEIGHT_UNIT;
    stats.weightAmountFraud = sums[index(bucket, productionBlocks, true, true)][r] * BucketSums.AMOUNT_UNIT;
    stats.weightAmountLegit = sums[index(bucket, productionBlocks, false, true)][r] * BucketSums.AMOUNT_UNIT;
    return stats;
  }

  private int index(int bucket, boolean productionBlocks, boolean fraud, boolean amount) {
    return ((bucket * 2 + (productionBlocks ? 1 : 0)) * 2 + (fraud ? 0 : 1)) * 2 + (amount ? 1 : 0);
  }
}
