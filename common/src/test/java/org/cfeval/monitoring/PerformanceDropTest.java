package org.cfeval.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.InputFormat;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.Labeler;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.DeltaStore;
import org.junit.jupiter.api.Test;

/**
 * The precision- and recall-drop rules compare the window with the one before it (ending where it starts).
 * In a world where fraud the score does not see begins part-way through the window (5% of the decisions
 * of the last 75 days), recall falls and its rule fires; on the unchanged {@link MonitoringWorld} neither
 * rule fires; without an evaluation of the window before, the rules say so and stay quiet.
 */
class PerformanceDropTest {
  @Test
  void recallFallingFromTheWindowBeforeFires() {
    SparkSession spark = SharedSpark.session();
    WorldParams params = WorldParams.of(Settings.defaults().with(Keys.SIM_SIZE, "60000").with(Keys.SIM_DAYS, "120")
        .with(Keys.SIM_UNSEEN_FRAUD_DAYS, "75").with(Keys.SIM_UNSEEN_FRAUD_RATE, "0.05"));
    Simulation.Output world = Simulation.write(spark, params, SharedSpark.newDirectory("recall-drop").toString(),
        InputFormat.PARQUET, 2);
    Settings settings = Fixtures.settings(params.end().toString(), world.decisions(), "parquet", world.chargebacks(),
        "parquet");
    DeltaStore store = SharedSpark.newStore();
    Steps steps = new Steps(spark, "test");
    new Labeler(spark, store, steps).run(settings);
    new Evaluator(spark, store, steps).run(settings);
    assertThat(rule(store, settings, steps, "recall_drop").detail()).contains("no evaluation as of "
        + params.end().minusDays(30) + " of the window before");

    new Evaluator(spark, store, steps).run(settings.with(Keys.AS_OF, params.end().minusDays(30).toString()));
    AlertRow recall = rule(store, settings, steps, "recall_drop");
    System.out.println("recall_drop: " + recall.detail());
    assertThat(recall.fired()).isTrue();
    assertThat(recall.value().lo()).isGreaterThan(0.05);
  }

  @Test
  void anUnchangedWorldFiresNeither() {
    SparkSession spark = SharedSpark.session();
    MonitoringWorld world = MonitoringWorld.get();
    Settings settings = world.settings().with(Keys.WINDOW_DAYS, "20");
    Steps steps = new Steps(spark, "test");
    DeltaStore store = world.store();
    for (int back : new int[] {20, 0}) {
      new Evaluator(spark, store, steps).run(settings.with(Keys.AS_OF, world.params().end().minusDays(back).toString()));
    }
    for (String name : List.of("precision_drop", "recall_drop")) {
      AlertRow row = rule(store, settings, steps, name);
      System.out.println(name + ": " + row.detail());
      assertThat(row.value().value()).isNotNull();
      assertThat(row.fired()).isFalse();
    }
  }

  private static AlertRow rule(DeltaStore store, Settings settings, Steps steps, String name) {
    return Alerts.evaluate(store, settings, steps).stream().filter(a -> a.rule().equals(name)).findFirst().orElseThrow();
  }
}
