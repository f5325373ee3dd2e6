package org.cfeval.stats;

/**
 * What the outcome of a decision costs, in the reporting currency. Every cost is linear in the count of
 * decisions and their amount, so the IPS sums of weights and of weighted amounts price any policy
 * without another pass: a missed fraud costs a share of its amount plus the chargeback fee; blocking a
 * legitimate charge costs a fixed amount (support, a lost customer) plus a share of its amount (lost
 * margin); a challenge costs a fixed amount, and turns the legitimate customers who fail it into false
 * blocks and the fraudsters who pass it into missed fraud. Blocked fraud and allowed legitimate charges
 * cost nothing.
 */
public record CostModel(double missedFraudAmountShare, double chargebackFee, double falseBlockCost,
    double falseBlockAmountShare, double challengeCost, double challengePassLegit, double challengePassFraud) {

  /** The cost of {@code count} allowed fraudulent decisions of total amount {@code amount}. */
  public double missedFraud(double count, double amount) {
    return missedFraudAmountShare * amount + chargebackFee * count;
  }

  /** The cost of {@code count} blocked legitimate decisions of total amount {@code amount}. */
  public double falseBlocks(double count, double amount) {
    return falseBlockCost * count + falseBlockAmountShare * amount;
  }

  /** The friction cost of challenging {@code count} decisions, before their outcomes. */
  public double challenges(double count) {
    return challengeCost * count;
  }
}
