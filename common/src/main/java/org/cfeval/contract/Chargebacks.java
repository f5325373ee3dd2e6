package org.cfeval.contract;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;

/** The chargeback contract: one row per chargeback, arriving up to months after the decision. */
public final class Chargebacks {
  public static final String DECISION_ID = "decision_id";
  public static final String REPORTED_AT = "reported_at";
  public static final String REASON = "reason";
  public static final String AMOUNT = "amount";

  public static final Contract CONTRACT = new Contract("chargebacks", List.of(
      new ContractColumn(DECISION_ID, DataTypes.StringType, true),
      new ContractColumn(REPORTED_AT, DataTypes.TimestampType, true),
      new ContractColumn(REASON, DataTypes.StringType, true),
      new ContractColumn(AMOUNT, DataTypes.DoubleType, false)));

  private Chargebacks() {}
}
