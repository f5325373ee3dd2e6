package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Chargebacks;
import org.cfeval.contract.InputFormat;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.Labeler;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.DeltaStore;
import org.junit.jupiter.api.Test;

/**
 * A chargeback feed that stopped a week before the as-of date (the export still runs, but empty): nothing
 * else in the tables says so yet, since the matured window is 60 days old, and the rule fires. The same
 * rule stays quiet on a complete feed (LabelDelayTest).
 */
class ChargebackFeedTest {
  @Test
  void aStoppedFeedFiresWithinTheWeek() {
    SparkSession spark = SharedSpark.session();
    WorldParams params = WorldParams.of(Settings.defaults().with(Keys.SIM_SIZE, "60000").with(Keys.SIM_DAYS, "160"));
    String dir = SharedSpark.newDirectory("stopped-feed").toString();
    Simulation.Output world = Simulation.write(spark, params, dir, InputFormat.PARQUET, 2);
    String stopped = dir + "/chargebacks-stopped";
    spark.read().parquet(world.chargebacks())
        .filter(col(Chargebacks.REPORTED_AT).lt(lit(AsOf.at(params.end().minusDays(7)))))
        .write().parquet(stopped);
    Settings settings = Fixtures.settings(params.end().toString(), world.decisions(), "parquet", stopped, "parquet")
        .with(Keys.BOOTSTRAP, "0");
    DeltaStore store = SharedSpark.newStore();
    Steps steps = new Steps(spark, "test");
    new Labeler(spark, store, steps).run(settings);
    new Evaluator(spark, store, steps).run(settings);

    AlertRow feed = Alerts.evaluate(store, settings, steps).stream()
        .filter(row -> row.rule().equals("chargeback_feed")).findFirst().orElseThrow();
    System.out.println("chargeback-feed rule: " + feed.detail());
    assertThat(feed.value().value()).isZero();
    assertThat(feed.value().hi()).isLessThan(0.5);
    assertThat(feed.fired()).isTrue();
  }
}
