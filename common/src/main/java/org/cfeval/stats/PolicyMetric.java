package org.cfeval.stats;

import java.util.Locale;
import java.util.function.Function;

/**
 * The figures of a three-action policy that get bootstrap intervals in optimal_policies and whatif; each
 * names its column (whose meaning optimal_policies documents). Precision, recall and fpr count a
 * challenged decision as flagged, like a blocked one.
 */
public enum PolicyMetric {
  PRECISION(m -> m.flagged().precision()),
  RECALL(m -> m.flagged().recall()),
  FPR(m -> m.flagged().fpr()),
  FALSE_BLOCK_RATE(ActionMatrix::falseBlockRate),
  EXPECTED_COST(ActionMatrix::expectedCost),
  COST_PER_DECISION(ActionMatrix::costPerDecision);

  private final Function<ActionMatrix, Double> value;

  PolicyMetric(Function<ActionMatrix, Double> value) {
    this.value = value;
  }

  public Function<ActionMatrix, Double> function() {
    return value;
  }

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }
}
