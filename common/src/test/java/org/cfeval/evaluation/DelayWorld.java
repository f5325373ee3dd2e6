package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.InputFormat;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.Labeler;
import org.cfeval.simulate.GroundTruth;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;

/**
 * A simulated world with a long tail of late chargebacks, labelled and evaluated as of its end, and what its
 * truth table says about it: chargeback delays log-normal with median 30 days and sigma 0.6 (12% after day
 * 60, 1% after day 120), high scores reported sooner (delay-score-effect -0.3), and wider exploration than
 * the default (P(allow) 0.6 at the threshold, 0.4 at score 100): with the default's weights of up to 40, IPS
 * sampling error alone in F(60) is about 0.012. The truth knows every fraud's report time, blocked
 * decisions' included; fraud counts as eventual if its report comes within the horizon, whenever that is.
 */
record DelayWorld(Dataset<Row> truth, DeltaStore store, Settings settings, Evaluator.Result result) {
  static final double THRESHOLD = 30;
  static final int HORIZON = 120;

  /** Simulates (with {@code seed}), labels and evaluates, "block if score > 30" and the region slices. */
  static DelayWorld of(long seed) {
    SparkSession spark = SharedSpark.session();
    Settings simulation = Settings.defaults().with(Keys.SIM_SIZE, "240000").with(Keys.SIM_DAYS, "160")
        .with(Keys.SIM_DELAY_SIGMA, "0.6").with(Keys.SIM_DELAY_SCORE_EFFECT, "-0.3")
        .with(Keys.SIM_EXPLORE_AT_THRESHOLD, "0.6").with(Keys.SIM_EXPLORE_SLOPE, "0.004")
        .with(Keys.SIM_SEED, Long.toString(seed));
    WorldParams params = WorldParams.of(simulation);
    Simulation.Output world = Simulation.write(spark, params, SharedSpark.newDirectory("delay-world").toString(),
        InputFormat.PARQUET, 2);
    Dataset<Row> truth = spark.read().format("delta").load(world.truth()).cache();
    Settings settings = Fixtures.settings(params.end().toString(), world.decisions(), "parquet", world.chargebacks(),
            "parquet")
        .with(Keys.THRESHOLDS, String.valueOf(THRESHOLD)).with(Keys.THRESHOLD_COUNT, "0")
        .with(Keys.SLICES, Simulation.REGION);
    DeltaStore store = SharedSpark.newStore();
    new Labeler(spark, store, new Steps(spark, "test")).run(settings);
    Evaluator.Result result = new Evaluator(spark, store, new Steps(spark, "test")).run(settings);
    return new DelayWorld(truth, store, settings, result);
  }

  /** Whole days from a decision to its fraud report, had it been allowed. */
  static Column delayDays() {
    return unix_micros(col(Simulation.FRAUD_REPORTED_AT_IF_ALLOWED)).minus(unix_micros(col(DecisionLog.DECIDED_AT)))
        .divide(86_400_000_000L);
  }

  /** Of every fraud whose report comes within the horizon, the share in by {@code days}. */
  double trueReportedShare(int days) {
    Column delay = floor(delayDays());
    return truth.filter(col(Simulation.IS_FRAUD).and(delay.leq(HORIZON)))
        .agg(avg(when(delay.leq(days), 1.0).otherwise(0.0))).first().getDouble(0);
  }

  /** label_delay's overall F({@code days}). */
  double reportedShare(int days) {
    return store.read(Tables.LABEL_DELAY).filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL)
        .and(col("delay_days").equalTo(days))).first().<Double>getAs("reported_share");
  }

  /** Precision of "block if score > 30" on the window, counting eventual fraud. */
  double truePrecision() {
    AsOf asOf = result.asOf();
    Column eventual = col(Simulation.IS_FRAUD).and(delayDays().lt(HORIZON + 1));
    Column blocked = col(DecisionLog.SCORE).gt(THRESHOLD);
    Row window = truth.filter(asOf.inWindow()).agg(sum(when(blocked.and(eventual), 1.0).otherwise(0.0)),
        sum(when(blocked, 1.0).otherwise(0.0))).first();
    return window.getDouble(0) / window.getDouble(1);
  }

  /** policy_curve's precision of "block if score > 30" by {@code estimator}. */
  double precision(String estimator) {
    return store.read(Tables.POLICY_CURVE).filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL)
            .and(col(Tables.MODEL_ID).isNull()).and(col("estimator").equalTo(estimator))
            .and(col("threshold").equalTo(THRESHOLD)))
        .first().<Double>getAs("precision");
  }

  /** The overall cohort_nowcast rows beside each cohort's true eventual fraud, oldest first. */
  List<Row> cohortsWithTruth() {
    return store.read(Tables.COHORT_NOWCAST).filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL)
            .and(col(Tables.MODEL_ID).isNull()))
        .join(GroundTruth.eventualFraudByDay(truth, HORIZON), "cohort_date").orderBy("cohort_date").collectAsList();
  }

  /** Whether a cohort_nowcast row's interval covers its true eventual fraud. */
  static boolean covers(Row cohort) {
    double truth = cohort.<Long>getAs("eventual_fraud");
    return cohort.<Double>getAs("expected_fraud_lo") <= truth && truth <= cohort.<Double>getAs("expected_fraud_hi");
  }

  /** Cohorts aged 7 to 59 days: the young ones the nowcast is for. */
  static boolean young(Row cohort) {
    long age = cohort.<Long>getAs("age_days");
    return age >= 7 && age <= 59;
  }
}
