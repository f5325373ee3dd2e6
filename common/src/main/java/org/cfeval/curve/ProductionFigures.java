package org.cfeval.curve;

import org.cfeval.stats.CostModel;

/**
 * A cohort's eventual fraud on each side of the production policy, and the policy's figures from them: one
 * formula for the estimate and for every bootstrap replicate. A figure is null where it is undefined.
 */
public record ProductionFigures(long decisions, long blockedDecisions, double blockedAmount, double blockedFraud,
    double allowedFraud, double blockedFraudAmount, double allowedFraudAmount) {
  public double fraud() {
    return blockedFraud + allowedFraud;
  }

  public double fraudAmount() {
    return blockedFraudAmount + allowedFraudAmount;
  }

  public Double fraudRate() {
    return decisions == 0 ? null : fraud() / decisions;
  }

  /** Fraud among the decisions production blocks. */
  public Double precision() {
    return blockedDecisions == 0 ? null : blockedFraud / blockedDecisions;
  }

  /** Share of the cohort's fraud production blocks. */
  public Double recall() {
    return fraud() <= 0 ? null : blockedFraud / fraud();
  }

  /** Share of the cohort's legitimate decisions production blocks. */
  public Double falseBlockRate() {
    double legit = decisions - fraud();
    return legit <= 0 ? null : (blockedDecisions - blockedFraud) / legit;
  }

  /** Missed fraud and false blocks under {@code costs}. */
  public double expectedCost(CostModel costs) {
    return costs.missedFraud(allowedFraud, allowedFraudAmount)
        + costs.falseBlocks(blockedDecisions - blockedFraud, blockedAmount - blockedFraudAmount);
  }
}
