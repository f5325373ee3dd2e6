package org.cfeval.stats;

import java.util.Arrays;

/**
 * Labelled decisions held back, a few hundred at a time, and then added to their {@link ReplicateSums}
 * cell by cell rather than as they come. A slice value's replicate sums run to megabytes (a cell's sums
 * are 1.6 KB each at 200 replicates), so adding each decision where it lands streams kilobytes from
 * memory per decision; taken in (sums, cell) order, a cell's arrays stay in the core's cache for all
 * the batch's decisions that land there. Each decision's multiplicities are drawn once, for all its
 * sums. The sums are exact whole units (see {@link ReplicateSums}), so the order of adding changes no
 * bit of them.
 */
public final class ReplicateBatch {
  /** Decisions per batch: their multiplicities (8 x replicates bytes each) stay within a core's cache. */
  static final int CAPACITY = 256;
  // An order key packs a decision's cell (bucket x 2 + action: below 2^20, there being at most 20,001
  // buckets) and its index in the batch (below 2^12) under the sums' identity hash.
  private static final int CELL_BITS = 20;

  private final long seed;
  private final double[][] multiplicities;
  private final long[] units = new long[CAPACITY];
  private final double[][] terms = new double[CAPACITY][ReplicateSums.TERMS];
  // [key][decision]: the sums a decision is added to for each key (null: none) and its bucket there
  private final ReplicateSums[][] targets;
  private final int[][] buckets;
  private final boolean[] productionBlocks = new boolean[CAPACITY];
  private final long[] order = new long[CAPACITY];
  private int size;

  /** A batch for decisions added to up to {@code keys} sums each, with {@code replicates} replicates. */
  public ReplicateBatch(long seed, int replicates, int keys) {
    this.seed = seed;
    this.multiplicities = new double[CAPACITY][replicates];
    this.targets = new ReplicateSums[keys][CAPACITY];
    this.buckets = new int[keys][CAPACITY];
  }

  /**
   * Holds one labelled decision: its resampling unit's hash ({@link Multiplicities#hash}), its
   * {@link ReplicateSums#terms}, and for each key the sums it goes to (null for none) and its bucket in
   * them. Adds the batch to its sums when it is full.
   */
  public void add(long unitHash, double[] decisionTerms, boolean blocks, ReplicateSums[] to, int[] bucketIn) {
    units[size] = unitHash;
    System.arraycopy(decisionTerms, 0, terms[size], 0, ReplicateSums.TERMS);
    productionBlocks[size] = blocks;
    for (int k = 0; k < targets.length; k++) {
      targets[k][size] = to[k];
      buckets[k][size] = bucketIn[k];
    }
    if (++size == CAPACITY) {
      flush();
    }
  }

  /** Adds every held decision to its sums. */
  public void flush() {
    for (int i = 0; i < size; i++) {
      Multiplicities.fill(seed, units[i], multiplicities[i]);
    }
    for (int k = 0; k < targets.length; k++) {
      ReplicateSums[] to = targets[k];
      int held = 0;
      for (int i = 0; i < size; i++) {
        if (to[i] != null) {
          // Sorted by sums (their identity hash: two sums sharing one only interleave), then cell.
          long cell = buckets[k][i] * 2L + (productionBlocks[i] ? 1 : 0);
          order[held++] = (long) System.identityHashCode(to[i]) << 32 | cell << (32 - CELL_BITS) | i;
        }
      }
      Arrays.sort(order, 0, held);
      for (int j = 0; j < held; j++) {
        int i = (int) (order[j] & ((1 << (32 - CELL_BITS)) - 1));
        to[i].add(buckets[k][i], productionBlocks[i], terms[i], multiplicities[i]);
        to[i] = null;
      }
    }
    size = 0;
  }
}
