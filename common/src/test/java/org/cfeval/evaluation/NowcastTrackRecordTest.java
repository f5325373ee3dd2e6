package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.InputFormat;
import org.cfeval.labels.Labeler;
import org.cfeval.simulate.GroundTruth;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The nowcast's track record, as a nightly schedule would build it: one simulated world (the default's
 * delays, 400,000 decisions over 240 days), labelled once (outcomes are as of each evaluated date
 * whatever the label run), then evaluated for every as-of date at which a cohort of days 144 to 180 was
 * 7, 14 or 30 days old, and for the last day, when all of them have matured. The
 * cohort_nowcast_track_record view lines them up; each is judged against the simulator's eventual fraud.
 * About ten minutes: run by scripts/validate, not by the test command.
 */
@EnabledIfSystemProperty(named = NowcastTrackRecordTest.PROPERTY, matches = "true")
class NowcastTrackRecordTest {
  /** Set to true by scripts/validate, which runs the nowcast's slow checks outside the test command. */
  static final String PROPERTY = "cfeval.nowcast";
  private static final int FIRST_COHORT = 144;
  private static final int LAST_COHORT = 180;

  @Test
  void earlyEstimatesLineUpWithTheMaturedValueAndTheTruth() {
    SparkSession spark = SharedSpark.session();
    WorldParams params = WorldParams.of(Settings.defaults().with(Keys.SIM_SIZE, "400000").with(Keys.SIM_DAYS, "240"));
    Simulation.Output world = Simulation.write(spark, params, SharedSpark.newDirectory("track-world").toString(),
        InputFormat.PARQUET, 2);
    Settings base = Fixtures.settings(params.end().toString(), world.decisions(), "parquet", world.chargebacks(),
        "parquet").with(Keys.THRESHOLD_COUNT, "21").with(Keys.SCORE_RANGE, "0,100").with(Keys.BOOTSTRAP, "0");
    DeltaStore store = SharedSpark.newStore();
    new Labeler(spark, store, new Steps(spark, "test")).run(base);
    Set<LocalDate> asOfDates = new TreeSet<>(List.of(params.end()));
    for (int day = FIRST_COHORT; day <= LAST_COHORT; day++) {
      for (int age : Tables.TRACK_RECORD_AGES) {
        asOfDates.add(params.start().plusDays(day + age));
      }
    }
    Evaluator evaluator = new Evaluator(spark, store, new Steps(spark, "test"));
    for (LocalDate asOf : asOfDates) {
      evaluator.run(base.with(Keys.AS_OF, asOf.toString()));
    }
    Dataset<Row> truth = GroundTruth.eventualFraudByDay(spark.read().format("delta").load(world.truth()), 120);
    Dataset<Row> track = spark.sql("SELECT * FROM cohort_nowcast_track_record WHERE slice_key = 'all'")
        .filter(col("cohort_date").between(java.sql.Date.valueOf(params.start().plusDays(FIRST_COHORT)),
            java.sql.Date.valueOf(params.start().plusDays(LAST_COHORT))))
        .join(truth, "cohort_date");
    // What the labels alone said at each age: the IPS-weighted fraud reported by then.
    Dataset<Row> labelsAlone = store.read(Tables.COHORT_NOWCAST).filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL))
        .groupBy("cohort_date").pivot("age_days", List.<Object>of(7L, 14L, 30L)).agg(first("reported_fraud"));
    System.out.println("Nowcast track record, cohorts of days " + FIRST_COHORT + " to " + LAST_COHORT + ":");
    for (int age : Tables.TRACK_RECORD_AGES) {
      String at = "at_" + age + "_days";
      Row summary = track.join(labelsAlone.select(col("cohort_date"), col(String.valueOf(age)).as("labels")),
              "cohort_date")
          .agg(count(lit(1)), avg(abs(col(at).minus(col("eventual_fraud"))).divide(col("eventual_fraud"))),
              avg(when(col(at + "_lo").leq(col("eventual_fraud")).and(col(at + "_hi").geq(col("eventual_fraud"))), 1.0)
                  .otherwise(0.0)),
              avg(abs(col(at).minus(col("matured"))).divide(col("matured"))),
              avg(col("labels").divide(col("eventual_fraud"))))
          .first();
      System.out.printf("age %2d: %d cohorts; mean |error| %.1f%% of the eventual fraud, interval covering it %.0f%%;"
              + " %.1f%% from the matured value; labels alone showed %.1f%% of it%n", age, summary.getLong(0),
          100 * summary.getDouble(1), 100 * summary.getDouble(2), 100 * summary.getDouble(3), 100 * summary.getDouble(4));
      assertThat(summary.getLong(0)).isEqualTo(LAST_COHORT - FIRST_COHORT + 1);
      assertThat(summary.getDouble(2)).as("coverage at %d days", age).isGreaterThanOrEqualTo(0.85);
    }
    Row matured = track.agg(avg(abs(col("matured").minus(col("eventual_fraud"))).divide(col("eventual_fraud"))),
        avg(col("matured_age_days"))).first();
    System.out.printf("matured (age %.0f days on average): mean |error| %.1f%% of the eventual fraud%n",
        matured.getDouble(1), 100 * matured.getDouble(0));
  }
}
