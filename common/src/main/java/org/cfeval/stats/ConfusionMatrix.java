package org.cfeval.stats;

/**
 * The confusion matrix of a policy that blocks some decisions: {@code blocked} holds the decisions it
 * blocks, {@code passed} those it lets through; fraud is the positive class. Cells and their amounts
 * are counted by an {@link Estimator} (null where it is undefined); rates of decisions come from
 * unweighted decision counts.
 */
public record ConfusionMatrix(Double tp, Double fp, Double fn, Double tn, Double tpAmount, Double fpAmount,
    Double fnAmount, Double tnAmount, long decisionsBlocked, long decisions, long population, Double expectedCost) {

  /** Without a cost model: expectedCost is null. */
  public static ConfusionMatrix of(BucketStats blocked, BucketStats passed, Estimator estimator) {
    return of(blocked, passed, estimator, null);
  }

  /** With {@code costs}, expectedCost prices the missed fraud (fn) and the false blocks (fp). */
  public static ConfusionMatrix of(BucketStats blocked, BucketStats passed, Estimator estimator, CostModel costs) {
    Double fp = Ratio.finite(estimator.legit(blocked));
    Double fn = Ratio.finite(estimator.fraud(passed));
    Double fpAmount = Ratio.finite(estimator.legitAmount(blocked));
    Double fnAmount = Ratio.finite(estimator.fraudAmount(passed));
    Double cost = costs == null || fp == null || fn == null || fpAmount == null || fnAmount == null ? null
        : costs.missedFraud(fn, fnAmount) + costs.falseBlocks(fp, fpAmount);
    return new ConfusionMatrix(
        Ratio.finite(estimator.fraud(blocked)), fp, fn, Ratio.finite(estimator.legit(passed)),
        Ratio.finite(estimator.fraudAmount(blocked)), fpAmount, fnAmount, Ratio.finite(estimator.legitAmount(passed)),
        blocked.decisions(), blocked.decisions() + passed.decisions(),
        estimator.population(blocked) + estimator.population(passed), cost);
  }

  /** tp / (tp + fp); null when the policy blocks no labelled decision. */
  public Double precision() {
    return Ratio.of(tp, Ratio.sum(tp, fp));
  }

  /** tp / (tp + fn); null when there is no labelled fraud. */
  public Double recall() {
    return Ratio.of(tp, Ratio.sum(tp, fn));
  }

  /** fp / (fp + tn); null when there is no labelled legit decision. */
  public Double fpr() {
    return Ratio.of(fp, Ratio.sum(fp, tn));
  }

  /** Share of all decisions (labelled or not, unweighted) that the policy blocks; null when there are none. */
  public Double blockRate() {
    return Ratio.of((double) decisionsBlocked, (double) decisions);
  }

  /** The estimated number of fraud decisions, blocked or not: tp + fn. */
  public Double expectedFraud() {
    return Ratio.sum(tp, fn);
  }

  /** expectedCost over the decisions the cells stand for; null without a cost model or decisions. */
  public Double costPerDecision() {
    return Ratio.of(expectedCost, (double) population);
  }

  /** expectedFraud over the decisions the cells stand for; null when there are none. */
  public Double fraudRate() {
    return Ratio.of(expectedFraud(), (double) population);
  }
}
