package org.cfeval.stats;

import java.io.Serializable;

/**
 * One score's calibration sums on one slice, over fine bins of its predicted probability p: all
 * decisions' count and p, and over labelled decisions, with IPS weights w = 1/p_allow and fraud counted
 * as {@code fraudShare} (1, or the delay model's inflation: "of decisions like this one, that many are
 * eventually fraud"), the sums of w, w y, w logit(p), w^2, w^2 y, w^2 y^2, and the totals of w times
 * the Brier and log-loss terms; the same weights and fraud in every bootstrap replicate, per bin, and
 * the Brier and log-loss totals. Every sum is fixed point (whole units in longs, or in doubles below
 * 2^53 for replicates), so partitions merge in any order to the same bits; a sum that would overflow
 * fails the run rather than wrap.
 */
public final class CalibrationSums implements Serializable {
  /** Probabilities are clipped to [CLIP, 1 - CLIP] for logits and log loss. */
  public static final double CLIP = 1e-6;
  private static final double EXACT = 0x1p53;
  private static final double PREDICTED_UNIT = 1e-7;
  private static final double WEIGHT_UNIT = 1e-6;
  private static final double LOGIT_UNIT = 1e-4;
  private static final double SQUARE_UNIT = 1e-3;

  private final int bins;
  private final int replicates;
  private final long[] decisions;
  private final long[] predicted;
  private final long[] labelled;
  private final long[] weight;
  private final long[] fraud;
  private final long[] logit;
  private final long[] weightSquared;
  private final long[] fraudWeightSquared;
  private final long[] fraudSquaredWeightSquared;
  private long brier;
  private long logLoss;
  // [bin x replicates + r]
  private final double[] weightReplicates;
  private final double[] fraudReplicates;
  private final double[] brierReplicates;
  private final double[] logLossReplicates;

  public CalibrationSums(int bins, int replicates) {
    this.bins = bins;
    this.replicates = replicates;
    decisions = new long[bins];
    predicted = new long[bins];
    labelled = new long[bins];
    weight = new long[bins];
    fraud = new long[bins];
    logit = new long[bins];
    weightSquared = new long[bins];
    fraudWeightSquared = new long[bins];
    fraudSquaredWeightSquared = new long[bins];
    weightReplicates = new double[bins * replicates];
    fraudReplicates = new double[bins * replicates];
    brierReplicates = new double[replicates];
    logLossReplicates = new double[replicates];
  }

  /** Counts a decision in {@code bin} with predicted probability {@code p}, labelled or not. */
  public void count(int bin, double p) {
    decisions[bin]++;
    predicted[bin] = Math.addExact(predicted[bin], units(p, PREDICTED_UNIT));
  }

  /**
   * Adds a labelled decision: IPS weight {@code w}, {@code fraudShare} its fraud (0 for legit), and its
   * resampling unit's {@code multiplicities} (null without replicates).
   */
  public void addLabelled(int bin, double p, double w, double fraudShare, double[] multiplicities) {
    double q = clip(p);
    long w1 = units(w, WEIGHT_UNIT);
    long wy = units(w * fraudShare, WEIGHT_UNIT);
    // Of w decisions like this one, w y are fraud and w (1 - y) legit, y above 1 taking legit ones away.
    long brierTerm = units(w * (fraudShare * (1 - p) * (1 - p) + (1 - fraudShare) * p * p), WEIGHT_UNIT);
    long lossTerm = units(w * (-fraudShare * Math.log(q) - (1 - fraudShare) * Math.log(1 - q)), WEIGHT_UNIT);
    labelled[bin]++;
    weight[bin] = Math.addExact(weight[bin], w1);
    fraud[bin] = Math.addExact(fraud[bin], wy);
    logit[bin] = Math.addExact(logit[bin], units(w * Math.log(q / (1 - q)), LOGIT_UNIT));
    weightSquared[bin] = Math.addExact(weightSquared[bin], units(w * w, SQUARE_UNIT));
    fraudWeightSquared[bin] = Math.addExact(fraudWeightSquared[bin], units(w * w * fraudShare, SQUARE_UNIT));
    fraudSquaredWeightSquared[bin] = Math.addExact(fraudSquaredWeightSquared[bin],
        units(w * w * fraudShare * fraudShare, SQUARE_UNIT));
    brier = Math.addExact(brier, brierTerm);
    logLoss = Math.addExact(logLoss, lossTerm);
    if (multiplicities == null) {
      return;
    }
    int at = bin * replicates;
    for (int r = 0; r < replicates; r++) {
      double m = multiplicities[r];
      weightReplicates[at + r] += m * w1;
      fraudReplicates[at + r] += m * wy;
      brierReplicates[r] += m * brierTerm;
      logLossReplicates[r] += m * lossTerm;
    }
  }

  /** {@code value} in whole units; fails rather than saturate where a long cannot hold it. */
  private static long units(double value, double unit) {
    double scaled = Math.rint(value / unit);
    if (!(Math.abs(scaled) < 0x1p62)) {
      throw new ArithmeticException("cannot sum " + value + " exactly in calibration (a weight 1/p_allow too large?)");
    }
    return (long) scaled;
  }

  public CalibrationSums merge(CalibrationSums other) {
    for (int b = 0; b < bins; b++) {
      decisions[b] = Math.addExact(decisions[b], other.decisions[b]);
      predicted[b] = Math.addExact(predicted[b], other.predicted[b]);
      labelled[b] = Math.addExact(labelled[b], other.labelled[b]);
      weight[b] = Math.addExact(weight[b], other.weight[b]);
      fraud[b] = Math.addExact(fraud[b], other.fraud[b]);
      logit[b] = Math.addExact(logit[b], other.logit[b]);
      weightSquared[b] = Math.addExact(weightSquared[b], other.weightSquared[b]);
      fraudWeightSquared[b] = Math.addExact(fraudWeightSquared[b], other.fraudWeightSquared[b]);
      fraudSquaredWeightSquared[b] = Math.addExact(fraudSquaredWeightSquared[b], other.fraudSquaredWeightSquared[b]);
    }
    brier = Math.addExact(brier, other.brier);
    logLoss = Math.addExact(logLoss, other.logLoss);
    add(weightReplicates, other.weightReplicates);
    add(fraudReplicates, other.fraudReplicates);
    add(brierReplicates, other.brierReplicates);
    add(logLossReplicates, other.logLossReplicates);
    return this;
  }

  private static void add(double[] into, double[] from) {
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }

  /** Fails if a replicate sum reached 2^53 units, where doubles stop holding every whole number. */
  public CalibrationSums checkExact() {
    for (double[] sums : new double[][] {weightReplicates, fraudReplicates, brierReplicates, logLossReplicates}) {
      for (double sum : sums) {
        if (!(Math.abs(sum) < EXACT)) {
          throw new ArithmeticException("a calibration bootstrap sum reached 2^53 units; evaluate a shorter window");
        }
      }
    }
    return this;
  }

  static double clip(double p) {
    return Math.min(1 - CLIP, Math.max(CLIP, p));
  }

  public int bins() {
    return bins;
  }

  public int replicates() {
    return replicates;
  }

  public long decisions(int bin) {
    return decisions[bin];
  }

  public double predicted(int bin) {
    return predicted[bin] * PREDICTED_UNIT;
  }

  public long labelled(int bin) {
    return labelled[bin];
  }

  public double weight(int bin) {
    return weight[bin] * WEIGHT_UNIT;
  }

  public double fraud(int bin) {
    return fraud[bin] * WEIGHT_UNIT;
  }

  /** The sum of w logit(p) over the bin's labelled decisions. */
  public double logit(int bin) {
    return logit[bin] * LOGIT_UNIT;
  }

  /** Sums of w^2, w^2 y and w^2 y^2: the bin's effective size and its rate's variance without clusters. */
  public double weightSquared(int bin) {
    return weightSquared[bin] * SQUARE_UNIT;
  }

  public double fraudWeightSquared(int bin) {
    return fraudWeightSquared[bin] * SQUARE_UNIT;
  }

  public double fraudSquaredWeightSquared(int bin) {
    return fraudSquaredWeightSquared[bin] * SQUARE_UNIT;
  }

  /** The sum of w (p - y)^2 over labelled decisions. */
  public double brier() {
    return brier * WEIGHT_UNIT;
  }

  /** The sum of w (-y ln p - (1 - y) ln(1 - p)) over labelled decisions. */
  public double logLoss() {
    return logLoss * WEIGHT_UNIT;
  }

  public double weight(int bin, int r) {
    return weightReplicates[bin * replicates + r] * WEIGHT_UNIT;
  }

  public double fraud(int bin, int r) {
    return fraudReplicates[bin * replicates + r] * WEIGHT_UNIT;
  }

  public double brier(int r) {
    return brierReplicates[r] * WEIGHT_UNIT;
  }

  public double logLoss(int r) {
    return logLossReplicates[r] * WEIGHT_UNIT;
  }
}
