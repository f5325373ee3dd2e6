package org.cfeval.contract;

import java.util.Locale;

/** Why an input row broke the contract; the {@code reason} column of the rejects table holds {@link #code()}. */
public enum RejectReason {
  MISSING_VALUE("a required column is null"),
  UNPARSEABLE("a value cannot be read as the column's type"),
  NON_FINITE_SCORE("score is NaN or infinite"),
  NEGATIVE_AMOUNT("amount is below 0"),
  UNKNOWN_ACTION("action is neither allow nor block"),
  UNKNOWN_POLICY_ACTION("policy_action is given but neither allow nor block"),
  P_ALLOW_OUT_OF_RANGE("p_allow is outside [0, 1]"),
  P_ALLOW_ZERO_ON_ALLOW("p_allow = 0 on an allowed decision"),
  P_ALLOW_ONE_ON_BLOCK("p_allow = 1 on a blocked decision"),
  DUPLICATE_DECISION("another row has the same decision_id and an earlier decided_at (the earliest is kept)"),
  UNKNOWN_DECISION("a chargeback whose decision_id is not an accepted decision decided by the as-of date"),
  CHARGEBACK_ON_BLOCKED("a chargeback on a blocked decision, whose outcome was never observable"),
  REPORTED_BEFORE_DECISION("a chargeback reported before its decision was made");

  private final String meaning;

  RejectReason(String meaning) {
    this.meaning = meaning;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String meaning() {
    return meaning;
  }
}
