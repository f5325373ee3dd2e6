package org.cfeval.stats;

import java.io.Serializable;
import java.util.Arrays;
import org.cfeval.contract.ContractException;

/**
 * The accumulator behind {@link BucketStats}: one slice value's decisions summed per (score bucket,
 * production action) cell, one decision at a time, in flat arrays. Weighted sums are kept in fixed
 * point, whole multiples of a unit in longs, so partial sums merge exactly and in any order: a rerun,
 * or a run with other partitioning, gives the same bits. Each term moves by at most half a unit; a sum
 * too large for a long throws rather than wraps. The variance term (1 - p) / p^2 spans too wide a range
 * for a long and is a {@link WideSum}. Memory: cells x 22 x 8 bytes. Decisions arrive as
 * {@link Terms}, so a decision counted in several slices is converted to units once.
 */
public final class BucketSums implements Serializable {
  /** Unit of weights, clipped weights and (1 - p) / p. */
  public static final double WEIGHT_UNIT = 1e-6;
  /** Unit of weighted and unweighted amounts (currency). */
  public static final double AMOUNT_UNIT = 1e-4;
  /** The smallest p_allow of an allowed decision whose variance term (1 - p) / p^2 is summed exactly. */
  public static final double MIN_P_ALLOW = 1e-6;

  private static final int DECISIONS = 0;
  private static final int ALLOWED = 1;
  private static final int PENDING = 2;
  private static final int FRAUD = 3;
  private static final int LEGIT = 4;
  private static final int W_ALLOWED = 5;
  private static final int W_ALLOWED_VARIANCE = 6;
  // Per labelled outcome, from here on: the fraud field, then the legit one at +1.
  private static final int W = 7;
  private static final int CLIPPED = 9;
  private static final int AMOUNT = 11;
  private static final int W_AMOUNT = 13;
  private static final int CLIPPED_AMOUNT = 15;
  private static final int W_LOW_PROPENSITY = 17;
  private static final int PLAIN_FIELDS = 18;
  // (1 - p) / p^2 = w^2 - w per labelled outcome, each a WideSum: fraud at +0, legit at +LONGS.
  private static final int W_EXCESS = 18;
  private static final int FIELDS = W_EXCESS + 2 * WideSum.LONGS;
  /** Decisions allowed with p_allow below this carry weights above 100: the support diagnostic's cut-off. */
  public static final double LOW_PROPENSITY = 0.01;

  private final int buckets;
  private final long[] sums;
  private final double[] maxWeight;

  public BucketSums(int buckets) {
    this.buckets = buckets;
    this.sums = new long[buckets * 2 * FIELDS];
    this.maxWeight = new double[buckets * 2];
  }

  /**
   * One decision's contribution to every sum, in units: computed once per decision, then added to the
   * cell of each slice value it belongs to.
   */
  public static final class Terms {
    private final double cap;
    private final long[] units = new long[FIELDS];
    private double weight;
    private boolean fraud;
    private boolean labelled;

    /** @param cap the weight above which clipped sums count a labelled decision as {@code cap} */
    public Terms(double cap) {
      this.cap = cap;
    }

    /**
     * This decision's terms. {@code fraud}, {@code legit} and {@code pending} say whether it is labelled
     * fraud, labelled legit or allowed and not yet matured; a blocked decision is none of them.
     */
    public Terms of(boolean allowed, boolean fraud, boolean legit, boolean pending, double pAllow, double amount) {
      Arrays.fill(units, 0);
      double w = 1 / pAllow;
      this.weight = w;
      this.fraud = fraud;
      this.labelled = allowed && (fraud || legit);
      units[DECISIONS] = 1;
      if (pAllow > 0) {
        units[W_ALLOWED_VARIANCE] = units(w - 1, WEIGHT_UNIT); // (1 - p) / p
      }
      if (allowed) {
        units[ALLOWED] = 1;
        units[W_ALLOWED] = units(w, WEIGHT_UNIT);
        units[PENDING] = pending ? 1 : 0;
      }
      if (labelled) {
        int outcome = fraud ? 0 : 1;
        double clipped = Math.min(w, cap);
        units[fraud ? FRAUD : LEGIT] = 1;
        if (pAllow < MIN_P_ALLOW) {
          throw new ContractException(String.format("p_allow=%s of an allowed decision is below %s: its weight"
              + " %.3g is too large for exact sums; such decisions cannot be evaluated", pAllow, MIN_P_ALLOW, w));
        }
        units[W + outcome] = units(w, WEIGHT_UNIT);
        WideSum.set(units, W_EXCESS + outcome * WideSum.LONGS, (1 - pAllow) / (pAllow * pAllow));
        units[CLIPPED + outcome] = units(clipped, WEIGHT_UNIT);
        units[AMOUNT + outcome] = units(amount, AMOUNT_UNIT);
        units[W_AMOUNT + outcome] = units(w * amount, AMOUNT_UNIT);
        units[CLIPPED_AMOUNT + outcome] = units(clipped * amount, AMOUNT_UNIT);
        units[W_LOW_PROPENSITY] = pAllow < LOW_PROPENSITY ? units[W + outcome] : 0;
      }
      return this;
    }

    /** Whether the decision is labelled fraud or legit: only those enter the bootstrap. */
    public boolean labelled() {
      return labelled;
    }

    public boolean fraud() {
      return fraud;
    }

    /** w in weight units (labelled decisions). */
    public long weightUnits() {
      return units[W + (fraud ? 0 : 1)];
    }

    /** w x amount in amount units (labelled decisions). */
    public long weightAmountUnits() {
      return units[W_AMOUNT + (fraud ? 0 : 1)];
    }
  }

  /** Adds one decision's terms to its cell. */
  public void add(int bucket, boolean productionBlocks, Terms decision) {
    int cell = cell(bucket, productionBlocks);
    int at = cell * FIELDS;
    for (int i = 0; i < PLAIN_FIELDS; i++) {
      sums[at + i] = Math.addExact(sums[at + i], decision.units[i]);
    }
    for (int f = W_EXCESS; f < FIELDS; f += WideSum.LONGS) {
      WideSum.add(sums, at + f, decision.units, f);
    }
    if (decision.labelled) {
      maxWeight[cell] = Math.max(maxWeight[cell], decision.weight);
    }
  }

  public BucketSums merge(BucketSums other) {
    if (other.buckets != buckets) {
      throw new IllegalArgumentException("cannot merge sums of different grids");
    }
    for (int at = 0; at < sums.length; at += FIELDS) {
      for (int i = 0; i < PLAIN_FIELDS; i++) {
        sums[at + i] = Math.addExact(sums[at + i], other.sums[at + i]);
      }
      for (int f = W_EXCESS; f < FIELDS; f += WideSum.LONGS) {
        WideSum.add(sums, at + f, other.sums, at + f);
      }
    }
    for (int i = 0; i < maxWeight.length; i++) {
      maxWeight[i] = Math.max(maxWeight[i], other.maxWeight[i]);
    }
    return this;
  }

  public int buckets() {
    return buckets;
  }

  /** The statistics of one cell. */
  public BucketStats stats(int bucket, boolean productionBlocks) {
    int cell = cell(bucket, productionBlocks);
    int at = cell * FIELDS;
    BucketStats s = new BucketStats();
    s.decisions = sums[at + DECISIONS];
    s.allowed = sums[at + ALLOWED];
    s.pending = sums[at + PENDING];
    s.fraud = sums[at + FRAUD];
    s.legit = sums[at + LEGIT];
    s.weightAllowed = sums[at + W_ALLOWED] * WEIGHT_UNIT;
    s.weightAllowedVariance = sums[at + W_ALLOWED_VARIANCE] * WEIGHT_UNIT;
    s.weightFraud = sums[at + W] * WEIGHT_UNIT;
    s.weightLegit = sums[at + W + 1] * WEIGHT_UNIT;
    s.excessFraud = WideSum.value(sums, at + W_EXCESS);
    s.excessLegit = WideSum.value(sums, at + W_EXCESS + WideSum.LONGS);
    s.clippedFraud = sums[at + CLIPPED] * WEIGHT_UNIT;
    s.clippedLegit = sums[at + CLIPPED + 1] * WEIGHT_UNIT;
    s.amountFraud = sums[at + AMOUNT] * AMOUNT_UNIT;
    s.amountLegit = sums[at + AMOUNT + 1] * AMOUNT_UNIT;
    s.weightAmountFraud = sums[at + W_AMOUNT] * AMOUNT_UNIT;
    s.weightAmountLegit = sums[at + W_AMOUNT + 1] * AMOUNT_UNIT;
    s.clippedAmountFraud = sums[at + CLIPPED_AMOUNT] * AMOUNT_UNIT;
    s.clippedAmountLegit = sums[at + CLIPPED_AMOUNT + 1] * AMOUNT_UNIT;
    s.weightLowPropensity = sums[at + W_LOW_PROPENSITY] * WEIGHT_UNIT;
    s.maxWeight = maxWeight[cell];
    return s;
  }

  /** {@code value} in whole units; fails rather than saturating when it does not fit a long. */
  static long units(double value, double unit) {
    double scaled = Math.rint(value * (1 / unit));
    if (!(Math.abs(scaled) < 0x1p63)) {
      throw new ArithmeticException(value + " is too large to sum in units of " + unit);
    }
    return (long) scaled;
  }

  private static int cell(int bucket, boolean productionBlocks) {
    return bucket * 2 + (productionBlocks ? 1 : 0);
  }
}
