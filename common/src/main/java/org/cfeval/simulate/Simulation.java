package org.cfeval.simulate;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cfeval.contract.Chargebacks;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.InputFormat;

/**
 * Writes a simulated {@link World} as production would hand it to cfeval: a contract-shaped decision
 * log (with region, card_country and four model features as extra columns) and chargebacks, plus the
 * truth table with every decision's real outcome, blocked ones included. Generated in parallel from
 * {@code spark.range}: each table is computed from the same indices, so they agree.
 */
public final class Simulation {
  public static final String REGION = "region";
  public static final String CARD_COUNTRY = "card_country";
  public static final String IP_MISMATCH = "ip_mismatch";
  public static final String DECLINES_24H = "declines_24h";
  public static final String ACCOUNT_AGE_DAYS = "account_age_days";
  public static final String VELOCITY_1H = "velocity_1h";
  /** Truth: whether the decision is fraud, and when its fraud chargeback arrives had it been allowed. */
  public static final String IS_FRAUD = "is_fraud";
  public static final String FRAUD_REPORTED_AT_IF_ALLOWED = "fraud_reported_at_if_allowed";

  public static final StructType DECISIONS_SCHEMA = new StructType()
      .add(DecisionLog.DECISION_ID, DataTypes.StringType)
      .add(DecisionLog.DECIDED_AT, DataTypes.TimestampType)
      .add(DecisionLog.SCORE, DataTypes.DoubleType)
      .add(DecisionLog.ACTION, DataTypes.StringType)
      .add(DecisionLog.P_ALLOW, DataTypes.DoubleType)
      .add(DecisionLog.AMOUNT, DataTypes.DoubleType)
      .add(DecisionLog.CLUSTER_ID, DataTypes.StringType)
      .add(DecisionLog.MODEL_ID, DataTypes.StringType)
      .add(DecisionLog.POLICY_ACTION, DataTypes.StringType)
      .add(REGION, DataTypes.StringType)
      .add(CARD_COUNTRY, DataTypes.StringType)
      .add(IP_MISMATCH, DataTypes.IntegerType)
      .add(DECLINES_24H, DataTypes.IntegerType)
      .add(ACCOUNT_AGE_DAYS, DataTypes.DoubleType)
      .add(VELOCITY_1H, DataTypes.IntegerType);

  public static final StructType TRUTH_SCHEMA = DECISIONS_SCHEMA
      .add(IS_FRAUD, DataTypes.BooleanType)
      .add(FRAUD_REPORTED_AT_IF_ALLOWED, DataTypes.TimestampType);

  public static final StructType CHARGEBACKS_SCHEMA = new StructType()
      .add(Chargebacks.DECISION_ID, DataTypes.StringType)
      .add(Chargebacks.REPORTED_AT, DataTypes.TimestampType)
      .add(Chargebacks.REASON, DataTypes.StringType)
      .add(Chargebacks.AMOUNT, DataTypes.DoubleType);

  /** Where one simulation was written. */
  public record Output(String decisions, String chargebacks, String truth, InputFormat format) {}

  private Simulation() {}

  public static Output write(SparkSession spark, WorldParams params, String outDir, InputFormat format,
      int partitions) {
    World world = new World(params);
    int files = partitions > 0 ? partitions : (int) Math.max(1, params.size() / 500_000);
    Dataset<Long> indices = spark.range(0, params.size(), 1, files);
    Output output = new Output(outDir + "/decisions", outDir + "/chargebacks", outDir + "/truth", format);

    write(decisions(world, indices), output.decisions(), format);
    write(indices.flatMap((FlatMapFunction<Long, Row>) i -> {
      List<Row> rows = new ArrayList<>(2);
      for (World.Chargeback c : world.decision(i).chargebacks()) {
        rows.add(RowFactory.create(c.decisionId(), timestamp(c.reportedAt()), c.reason(), c.amount()));
      }
      return rows.iterator();
    }, Encoders.row(CHARGEBACKS_SCHEMA)), output.chargebacks(), format);
    write(indices.map((MapFunction<Long, Row>) i -> RowFactory.create(decisionValues(world.decision(i), true)),
        Encoders.row(TRUTH_SCHEMA)), output.truth(), InputFormat.DELTA);
    return output;
  }

  /** The world's decision log, computed where it is read rather than written: for checks on a whole world. */
  public static Dataset<Row> decisions(SparkSession spark, WorldParams params, int partitions) {
    return decisions(new World(params), spark.range(0, params.size(), 1, partitions));
  }

  private static Dataset<Row> decisions(World world, Dataset<Long> indices) {
    return indices.map((MapFunction<Long, Row>) i -> RowFactory.create(decisionValues(world.decision(i), false)),
        Encoders.row(DECISIONS_SCHEMA));
  }

  private static Object[] decisionValues(World.Decision d, boolean withTruth) {
    List<Object> values = new ArrayList<>(List.of(d.decisionId(), timestamp(d.decidedAt()), d.score(), d.action(),
        d.pAllow(), d.amount(), d.clusterId(), World.MODEL_ID, d.policyAction(), d.region(), d.cardCountry(),
        d.ipMismatch(), d.declines24h(), d.accountAgeDays(), d.velocity1h()));
    if (withTruth) {
      values.add(d.fraud());
      values.add(timestamp(d.fraudReportedAtIfAllowed()));
    }
    return values.toArray();
  }

  private static Timestamp timestamp(LocalDateTime utc) {
    return utc == null ? null : Timestamp.from(utc.toInstant(ZoneOffset.UTC));
  }

  private static void write(Dataset<Row> rows, String path, InputFormat format) {
    var writer = rows.write().mode("overwrite").format(format.sparkName());
    if (format == InputFormat.CSV) {
      writer = writer.option("header", "true");
    }
    writer.save(path);
  }
}
