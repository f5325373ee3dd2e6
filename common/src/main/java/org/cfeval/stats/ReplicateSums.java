package org.cfeval.stats;

import java.io.Serializable;

/**
 * Bootstrap replicates of one slice: for every (interval bucket, production action) cell and every
 * replicate, the multiplicity-weighted sums of w, of w times amount and of w^2 - w (for each replicate's
 * own standard error) over labelled fraud and legit decisions, and of the delay-adjusted w and w times
 * amount over labelled fraud. Sums are fixed point, whole units held in
 * doubles: every term is a whole number and every sum stays below 2^53, so each addition is exact and
 * partitions merge in any order to the same bits, while the per-replicate loop runs as vector
 * instructions. Terms are never negative, so a sum that ends below 2^53 never passed it;
 * {@link #checkExact} fails the run otherwise. Each cell also counts its decisions, once, for the rates
 * of all decisions. Memory: cells x 8 x replicates doubles, one array per cell and sum (so the
 * per-replicate loop is a plain loop over one array, which the JIT vectorises); the w^2 - w arrays only
 * where an explored decision (p_allow < 1) lands, since only those have a non-zero term.
 */
public final class ReplicateSums implements Serializable {
  private static final double EXACT = 0x1p53;
  /**
   * The sums a replicate resamples: the IPS cells and amounts, their delay-adjusted fraud (non-zero only
   * for fraud, a small share of the labelled), and the variance terms. Every other sum of a replicate is
   * zero.
   */
  private static final Sum[] RESAMPLED = {Sum.WEIGHT_FRAUD, Sum.WEIGHT_LEGIT, Sum.WEIGHT_AMOUNT_FRAUD,
      Sum.WEIGHT_AMOUNT_LEGIT, Sum.WEIGHT_FRAUD_EVENTUAL, Sum.WEIGHT_AMOUNT_FRAUD_EVENTUAL, Sum.EXCESS_FRAUD,
      Sum.EXCESS_LEGIT};
  /**
   * The unit of w^2 - w in replicates, coarser than the point sums' so that sums of (1 - p) / p^2 stay
   * below 2^53 units: a term is exact to 5e-4 absolute, beside which every term with a weight above 1.01
   * is large; the scale of a replicate's standard error needs no more.
   */
  static final double EXCESS_UNIT = 1e-3;
  /** Length of a decision's {@link #terms}. */
  public static final int TERMS = RESAMPLED.length;

  private final int buckets;
  private final int replicates;
  // [(bucket x 2 + production blocks 0/1) x RESAMPLED.length + resampled sum] -> [replicate]
  private final double[][] sums;
  // [bucket x 2 + production blocks 0/1] -> decisions: known exactly, the same in every replicate
  private final long[] decisions;

  public ReplicateSums(int buckets, int replicates) {
    this.buckets = buckets;
    this.replicates = replicates;
    this.sums = new double[buckets * 2 * RESAMPLED.length][];
    this.decisions = new long[buckets * 2];
  }

  /**
   * Counts one decision, labelled or not, in its cell. Decision counts are not resampled: every
   * replicate's cells carry the window's own, so shares of all decisions stay exact.
   */
  public void count(int bucket, boolean productionBlocks) {
    decisions[cell(bucket, productionBlocks)]++;
  }

  /**
   * A labelled decision's resampled terms in replicate units, into {@code terms} (of {@link #TERMS}):
   * computed once per decision, then added to the replicates of every slice value it belongs to.
   */
  public static double[] terms(BucketStats decision, double[] terms) {
    for (int i = 0; i < RESAMPLED.length; i++) {
      Sum sum = RESAMPLED[i];
      terms[i] = sum.unit() == Sum.Unit.WIDE ? Math.rint(decision.get(sum) / EXCESS_UNIT) : decision.units(sum);
    }
    return terms;
  }

  /** Adds one labelled decision's {@link #terms} with its resampling unit's multiplicities. */
  public void add(int bucket, boolean productionBlocks, double[] terms, double[] multiplicities) {
    int at = cell(bucket, productionBlocks) * RESAMPLED.length;
    for (int i = 0; i < RESAMPLED.length; i++) {
      double units = terms[i];
      if (units != 0) {
        if (sums[at + i] == null) {
          sums[at + i] = new double[replicates];
        }
        addScaled(sums[at + i], multiplicities, units);
      }
    }
  }


  private static void addScaled(double[] sums, double[] multiplicities, double units) {
    for (int r = 0; r < sums.length; r++) {
      sums[r] += multiplicities[r] * units;
    }
  }

  public ReplicateSums merge(ReplicateSums other) {
    for (int i = 0; i < sums.length; i++) {
      if (other.sums[i] != null) {
        if (sums[i] == null) {
          sums[i] = other.sums[i].clone();
        } else {
          addScaled(sums[i], other.sums[i], 1);
        }
      }
    }
    for (int i = 0; i < decisions.length; i++) {
      decisions[i] += other.decisions[i];
    }
    return this;
  }

  /**
   * The replicates of the decisions of these sums that are not in {@code part} (a slice value of this
   * whole, drawn with the same multiplicities): exact, every term being whole units below 2^53.
   */
  public ReplicateSums minus(ReplicateSums part) {
    ReplicateSums rest = new ReplicateSums(buckets, replicates).merge(this);
    for (int i = 0; i < sums.length; i++) {
      if (part.sums[i] != null) {
        addScaled(rest.sums[i], part.sums[i], -1);
      }
    }
    for (int i = 0; i < decisions.length; i++) {
      rest.decisions[i] -= part.decisions[i];
    }
    return rest;
  }

  /** Fails if any sum reached 2^53 units, where doubles stop holding every whole number. */
  public ReplicateSums checkExact() {
    for (double[] cell : sums) {
      for (double sum : cell == null ? new double[0] : cell) {
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

  /** Replicate {@code r}'s cell: its resampled sums and its decisions (whole numbers of units below 2^53). */
  public BucketStats cell(int bucket, boolean productionBlocks, int r) {
    int cell = cell(bucket, productionBlocks);
    BucketStats stats = new BucketStats().setUnits(Sum.DECISIONS, decisions[cell]);
    for (int i = 0; i < RESAMPLED.length; i++) {
      double[] sum = sums[cell * RESAMPLED.length + i];
      if (sum == null) {
        continue;
      }
      if (RESAMPLED[i].unit() == Sum.Unit.WIDE) {
        stats.set(RESAMPLED[i], sum[r] * EXCESS_UNIT);
      } else {
        stats.setUnits(RESAMPLED[i], (long) sum[r]);
      }
    }
    return stats;
  }

  private static int cell(int bucket, boolean productionBlocks) {
    return bucket * 2 + (productionBlocks ? 1 : 0);
  }
}
