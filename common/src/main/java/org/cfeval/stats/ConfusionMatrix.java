package org.cfeval.stats;

/**
 * The confusion matrix of a policy that blocks some decisions: {@code blocked} holds the decisions it
 * blocks, {@code passed} those it lets through; fraud is the positive class. Cells are counted by an
 * {@link Estimator}; rates come from unweighted decision counts.
 */
public record ConfusionMatrix(double tp, double fp, double fn, double tn, long decisionsBlocked, long decisions) {

  public static ConfusionMatrix of(BucketStats blocked, BucketStats passed, Estimator estimator) {
    return new ConfusionMatrix(
        estimator.fraud(blocked), estimator.legit(blocked),
        estimator.fraud(passed), estimator.legit(passed),
        blocked.decisions, blocked.decisions + passed.decisions);
  }

  /** tp / (tp + fp); null when the policy blocks no labelled decision. */
  public Double precision() {
    return Ratio.of(tp, tp + fp);
  }

  /** tp / (tp + fn); null when there is no labelled fraud. */
  public Double recall() {
    return Ratio.of(tp, tp + fn);
  }

  /** fp / (fp + tn); null when there is no labelled legit decision. */
  public Double fpr() {
    return Ratio.of(fp, fp + tn);
  }

  /** Share of all decisions (labelled or not, unweighted) that the policy blocks; null when there are none. */
  public Double blockRate() {
    return Ratio.of(decisionsBlocked, decisions);
  }
}
