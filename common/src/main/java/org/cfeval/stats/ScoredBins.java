package org.cfeval.stats;

import java.io.Serializable;

/**
 * A probabilistic classifier's labelled predictions summed per probability bin, for weighted ranking
 * and calibration metrics with bootstrap intervals ({@link ModelMetrics}). Slot 0 holds the sums
 * themselves; slots 1..R hold bootstrap replicates (each prediction counted its resampling unit's
 * Poisson(1) multiplicity times). Sums per bin and slot: w over fraud and over legit, w p^2, w p over
 * fraud, -w log p over fraud and -w log(1 - p) over legit, enough for the exact Brier score and log
 * loss. Sums are whole units of 1e-6 held in doubles: exact and order-independent below 2^53, which
 * {@link #checkExact} verifies. Memory: bins x 6 x (R + 1) doubles.
 */
public final class ScoredBins implements Serializable {
  public static final double UNIT = 1e-6;
  /** Probabilities are clamped to [EPSILON, 1 - EPSILON] in the log loss, as is usual. */
  public static final double EPSILON = 1e-12;
  private static final int W_FRAUD = 0;
  private static final int W_LEGIT = 1;
  private static final int W_P_SQUARED = 2;
  private static final int W_P_FRAUD = 3;
  private static final int W_LOSS_FRAUD = 4;
  private static final int W_LOSS_LEGIT = 5;
  private static final int FIELDS = 6;
  private static final double EXACT = 0x1p53;

  private final int bins;
  private final int slots;
  private final double[][] sums; // [bin][field] -> [slot]: a plain loop over one array per sum vectorises

  public ScoredBins(int bins, int replicates) {
    this.bins = bins;
    this.slots = replicates + 1;
    this.sums = new double[bins * FIELDS][slots];
  }

  /** Adds one labelled prediction; {@code multiplicities} has one entry per replicate (ignored when none). */
  public void add(double probability, boolean fraud, double weight, double[] multiplicities) {
    double p = Math.min(1, Math.max(0, probability));
    double clamped = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    int at = bin(p) * FIELDS;
    double[] terms = new double[FIELDS];
    terms[fraud ? W_FRAUD : W_LEGIT] = units(weight);
    terms[W_P_SQUARED] = units(weight * p * p);
    if (fraud) {
      terms[W_P_FRAUD] = units(weight * p);
      terms[W_LOSS_FRAUD] = units(-weight * Math.log(clamped));
    } else {
      terms[W_LOSS_LEGIT] = units(-weight * Math.log(1 - clamped));
    }
    for (int f = 0; f < FIELDS; f++) {
      double term = terms[f];
      if (term == 0) {
        continue;
      }
      double[] field = sums[at + f];
      field[0] += term;
      for (int r = 1; r < slots; r++) {
        field[r] += multiplicities[r - 1] * term;
      }
    }
  }

  public ScoredBins merge(ScoredBins other) {
    for (int i = 0; i < sums.length; i++) {
      for (int r = 0; r < slots; r++) {
        sums[i][r] += other.sums[i][r];
      }
    }
    return this;
  }

  public ScoredBins checkExact() {
    for (double[] field : sums) {
      for (double sum : field) {
        if (!(sum < EXACT)) {
          throw new ArithmeticException("a model-metric sum reached 2^53 units; use a shorter window");
        }
      }
    }
    return this;
  }

  public int bins() {
    return bins;
  }

  public int replicates() {
    return slots - 1;
  }

  double weightFraud(int bin, int slot) {
    return value(bin, W_FRAUD, slot);
  }

  double weightLegit(int bin, int slot) {
    return value(bin, W_LEGIT, slot);
  }

  double weightPSquared(int bin, int slot) {
    return value(bin, W_P_SQUARED, slot);
  }

  double weightPFraud(int bin, int slot) {
    return value(bin, W_P_FRAUD, slot);
  }

  double loss(int bin, int slot) {
    return value(bin, W_LOSS_FRAUD, slot) + value(bin, W_LOSS_LEGIT, slot);
  }

  private double value(int bin, int field, int slot) {
    return sums[bin * FIELDS + field][slot] * UNIT;
  }

  private int bin(double p) {
    return Math.min(bins - 1, (int) (p * bins));
  }

  private static double units(double value) {
    return Math.rint(value * (1 / UNIT));
  }
}
