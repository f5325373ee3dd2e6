package org.cfeval.stats;

import java.util.EnumMap;
import java.util.Map;

/**
 * Standard errors of the count-based figures of a policy's IPS confusion matrix, treating decisions as
 * independent (the delta method): a figure f of the four weighted counts (fraud and legit, blocked and
 * passed) varies as the sum over cells of (df/dW_cell)^2 times the cell's sum of a per-decision term,
 * which depends on what is taken as random ({@link Source}). The derivatives are forward differences of
 * the figure itself, one count cell of the matrix moved at a time, so every figure keeps one definition
 * ({@link ConfusionMatrix}); figures are linear in the counts (exact) or ratios of them, for which a step
 * of a millionth of the count (at least 1e-6) gives the derivative to about 1e-6 relative: ample for a
 * standard error. Clustering makes the true error larger: the cluster bootstrap
 * calibrates the ratio of error to this scale (see {@link Interval#studentized}).
 */
public final class LinearizedError {
  private static final Sum[] WEIGHTS = {Sum.WEIGHT_FRAUD, Sum.WEIGHT_LEGIT};
  private static final Sum[] EXCESS = {Sum.EXCESS_FRAUD, Sum.EXCESS_LEGIT};

  /** What varies from one run of the world to the next. */
  public enum Source {
    /**
     * Only the logging policy's coin flips, outcomes fixed: the error against the true figure of these
     * very decisions. Term w^2 - w = (1 - p) / p^2, unbiased for each decision's Var(1{allowed} / p);
     * always-allowed decisions add nothing, their outcome is seen with certainty.
     */
    DESIGN,
    /**
     * The decisions too, as independent draws from the population the window stands for (what the
     * bootstrap resamples): term w^2 = (w^2 - w) + w, the sandwich estimator.
     */
    SAMPLING
  }

  private LinearizedError() {}

  /** The standard error of every count-based figure (null where the figure or a neighbour is undefined). */
  public static Map<CurveMetric, Double> of(BucketStats blocked, BucketStats passed, CostModel costs, Source source) {
    return of(ConfusionMatrix.of(blocked, passed, Estimator.IPS, costs), blocked, passed, source);
  }

  /**
   * The same, given {@code at}, the IPS matrix of these two sides: the count cells tp, fp, fn and tn are
   * the four weighted counts, so each derivative moves one cell of it.
   */
  public static Map<CurveMetric, Double> of(ConfusionMatrix at, BucketStats blocked, BucketStats passed,
      Source source) {
    BucketStats[] sides = {blocked, passed};
    ConfusionMatrix[][] up = new ConfusionMatrix[2][2];
    double[][] step = new double[2][2];
    double[][] squares = new double[2][2];
    for (int side = 0; side < 2; side++) {
      for (int outcome = 0; outcome < 2; outcome++) {
        double weight = sides[side].get(WEIGHTS[outcome]);
        squares[side][outcome] = sides[side].get(EXCESS[outcome]) + (source == Source.SAMPLING ? weight : 0);
        Double cell = cell(at, side, outcome);
        if (cell != null) {
          double moved = cell + 1e-6 * Math.max(1, weight);
          step[side][outcome] = moved - cell; // the step the doubles took, not the one asked for
          up[side][outcome] = moved(at, side, outcome, moved);
        }
      }
    }
    Map<CurveMetric, Double> errors = new EnumMap<>(CurveMetric.class);
    for (CurveMetric metric : CurveMetric.values()) {
      if (metric.kind().countsOnly()) {
        errors.put(metric, error(metric, at, up, step, squares));
      }
    }
    return errors;
  }

  private static Double error(CurveMetric metric, ConfusionMatrix at, ConfusionMatrix[][] up, double[][] step,
      double[][] squares) {
    Double value = metric.of(at);
    if (value == null) {
      return null;
    }
    double variance = 0;
    for (int side = 0; side < 2; side++) {
      for (int outcome = 0; outcome < 2; outcome++) {
        Double above = up[side][outcome] == null ? null : metric.of(up[side][outcome]);
        if (above == null) {
          return null;
        }
        double slope = (above - value) / step[side][outcome];
        variance += slope * slope * squares[side][outcome];
      }
    }
    return Math.sqrt(variance);
  }

  /** The weighted count of {@code outcome} (fraud 0, legit 1) on {@code side} (blocked 0, passed 1). */
  private static Double cell(ConfusionMatrix m, int side, int outcome) {
    return side == 0 ? (outcome == 0 ? m.tp() : m.fp()) : (outcome == 0 ? m.fn() : m.tn());
  }

  private static ConfusionMatrix moved(ConfusionMatrix m, int side, int outcome, double value) {
    return new ConfusionMatrix(side == 0 && outcome == 0 ? value : m.tp(), side == 0 && outcome == 1 ? value : m.fp(),
        side == 1 && outcome == 0 ? value : m.fn(), side == 1 && outcome == 1 ? value : m.tn(), m.tpAmount(),
        m.fpAmount(), m.fnAmount(), m.tnAmount(), m.decisionsBlocked(), m.decisions(), m.population(),
        m.expectedCost());
  }
}
