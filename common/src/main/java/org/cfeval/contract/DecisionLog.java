package org.cfeval.contract;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/** The decision log contract: one row per decision. */
public final class DecisionLog {
  public static final String DECISION_ID = "decision_id";
  public static final String DECIDED_AT = "decided_at";
  public static final String SCORE = "score";
  public static final String ACTION = "action";
  public static final String P_ALLOW = "p_allow";
  public static final String AMOUNT = "amount";
  public static final String CLUSTER_ID = "cluster_id";
  public static final String MODEL_ID = "model_id";
  public static final String POLICY_ACTION = "policy_action";

  public static final String ALLOW = "allow";
  public static final String BLOCK = "block";
  /** A column {@link #validate(Dataset, Dataset)} adds when given the decisions kept before. */
  public static final String KEPT_DECIDED_AT = "_kept_decided_at";

  public static final Contract CONTRACT = new Contract("decisions", List.of(
      new ContractColumn(DECISION_ID, DataTypes.StringType, true),
      new ContractColumn(DECIDED_AT, DataTypes.TimestampType, true),
      new ContractColumn(SCORE, DataTypes.DoubleType, true),
      new ContractColumn(ACTION, DataTypes.StringType, true),
      new ContractColumn(P_ALLOW, DataTypes.DoubleType, true),
      new ContractColumn(AMOUNT, DataTypes.DoubleType, true),
      new ContractColumn(CLUSTER_ID, DataTypes.StringType, false),
      new ContractColumn(MODEL_ID, DataTypes.StringType, false),
      new ContractColumn(POLICY_ACTION, DataTypes.StringType, false)));

  private DecisionLog() {}

  /** The value rules of the contract, in the order they are checked. */
  static List<Rule> rules() {
    Column score = col(SCORE);
    Column action = col(ACTION);
    Column pAllow = col(P_ALLOW);
    Column policyAction = col(POLICY_ACTION);
    return List.of(
        new Rule(RejectReason.NON_FINITE_SCORE,
            isnan(score).or(score.equalTo(Double.POSITIVE_INFINITY)).or(score.equalTo(Double.NEGATIVE_INFINITY)),
            concat(lit("score="), score.cast("string"), lit(" is not finite"))),
        new Rule(RejectReason.NEGATIVE_AMOUNT, col(AMOUNT).lt(0),
            concat(lit("amount="), col(AMOUNT).cast("string"), lit(" is negative"))),
        new Rule(RejectReason.UNKNOWN_ACTION, not(action.isin(ALLOW, BLOCK)),
            concat(lit("action='"), action, lit("' is neither allow nor block"))),
        new Rule(RejectReason.UNKNOWN_POLICY_ACTION, policyAction.isNotNull().and(not(policyAction.isin(ALLOW, BLOCK))),
            concat(lit("policy_action='"), policyAction, lit("' is neither allow nor block"))),
        new Rule(RejectReason.P_ALLOW_OUT_OF_RANGE, pAllow.lt(0).or(pAllow.gt(1)).or(isnan(pAllow)),
            concat(lit("p_allow="), pAllow.cast("string"), lit(" is outside [0, 1]"))),
        new Rule(RejectReason.P_ALLOW_ZERO_ON_ALLOW, action.equalTo(ALLOW).and(pAllow.equalTo(0)),
            lit("p_allow=0 on an allowed decision")),
        new Rule(RejectReason.P_ALLOW_ONE_ON_BLOCK, action.equalTo(BLOCK).and(pAllow.equalTo(1)),
            lit("p_allow=1 on a blocked decision")));
  }

  /**
   * Applies the value rules and then rejects duplicate decision ids among the rows still valid: the
   * earliest decided_at is kept (ties broken by the record's text, so reruns keep the same row).
   */
  public static Dataset<Row> validate(Dataset<Row> typed) {
    return validate(typed, null);
  }

  /**
   * The same, where {@code kept} (decision_id, decided_at) are decisions accepted before: a row is a duplicate
   * of one of them decided earlier, and the same decision read again when decided at the same time. Each row
   * then carries {@link #KEPT_DECIDED_AT}: when the kept decision of its id was decided (null: none is kept).
   */
  public static Dataset<Row> validate(Dataset<Row> typed, Dataset<Row> kept) {
    Dataset<Row> ruled = Contract.applyRules(typed, rules());
    String keptBefore = "_kept_before";
    Dataset<Row> ranked = ruled.withColumn(keptBefore, lit(false));
    if (kept != null) {
      Dataset<Row> ids = ruled.select(col(DECISION_ID)).distinct();
      ranked = ranked.unionByName(kept.join(ids, DECISION_ID).select(col(DECISION_ID), col(DECIDED_AT),
          lit(true).as(keptBefore)), true);
    }
    Column valid = col(Contract.REJECT_REASON).isNull();
    WindowSpec sameId = Window.partitionBy(col(DECISION_ID), valid)
        .orderBy(col(DECIDED_AT), col(keptBefore), col(Contract.RECORD));
    Column duplicate = valid.and(row_number().over(sameId).gt(1));
    Column keptAt = first(col(DECIDED_AT)).over(sameId);
    if (kept != null) { // over the same partitions as the ranking, so no second shuffle
      ranked = ranked.withColumn(KEPT_DECIDED_AT, max(when(col(keptBefore), col(DECIDED_AT)))
          .over(Window.partitionBy(col(DECISION_ID), valid)));
    }
    // The detail is set first: both updates must see the reason as it was before this step.
    return ranked
        .withColumn(Contract.REJECT_DETAIL, when(duplicate, concat(lit("decision_id='"), col(DECISION_ID),
            lit("' also decided at "), keptAt.cast("string"), lit(", which is kept")))
            .otherwise(col(Contract.REJECT_DETAIL)))
        .withColumn(Contract.REJECT_REASON, when(duplicate, lit(RejectReason.DUPLICATE_DECISION.code()))
            .otherwise(col(Contract.REJECT_REASON)))
        .filter(not(col(keptBefore))).drop(keptBefore);
  }
}
