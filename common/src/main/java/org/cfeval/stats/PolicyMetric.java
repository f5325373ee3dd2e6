package org.cfeval.stats;

import java.util.Locale;
import java.util.function.Function;

/**
 * The figures of a three-action policy that get bootstrap intervals in optimal_policies and whatif; each
 * names its column. Precision, recall and fpr count a challenged decision as flagged, like a blocked one.
 */
public enum PolicyMetric {
  PRECISION(m -> m.flagged().precision(), "fraud among the decisions challenged or blocked (IPS)"),
  RECALL(m -> m.flagged().recall(), "share of fraud challenged or blocked (IPS)"),
  FPR(m -> m.flagged().fpr(), "share of legit decisions challenged or blocked (IPS)"),
  FALSE_BLOCK_RATE(ActionMatrix::falseBlockRate, "share of legit decisions stopped: blocked, or challenged and"
      + " failing (challenge-pass-legit) (IPS)"),
  EXPECTED_COST(ActionMatrix::expectedCost, "cost of the policy over the window under the cost model: missed fraud,"
      + " false blocks and challenges (IPS, reporting currency)"),
  COST_PER_DECISION(ActionMatrix::costPerDecision, "expected_cost / n_decisions (reporting currency)");

  private final Function<ActionMatrix, Double> value;
  private final String description;

  PolicyMetric(Function<ActionMatrix, Double> value, String description) {
    this.value = value;
    this.description = description;
  }

  public String description() {
    return description;
  }

  public Function<ActionMatrix, Double> function() {
    return value;
  }

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }
}
