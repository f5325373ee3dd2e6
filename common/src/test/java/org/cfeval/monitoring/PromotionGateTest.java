package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.evaluation.GateThresholds;
import org.cfeval.evaluation.ModelComparison;
import org.cfeval.evaluation.Optimizer;
import org.cfeval.labels.AsOf;
import org.cfeval.simulate.Simulation;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.GateRow;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * The promotion gate on {@link MonitoringWorld}, 10-day windows: a challenger that nearly knows the truth
 * (fraud scores 0.3 to 1, legit 0 to 0.4) and one that scores at random, each at the threshold optimize
 * chose for it on the window before, against the production policy. The first passes every criterion,
 * the second fails on cost and recall; without an earlier optimize run there is no threshold to judge,
 * and the gate says which run is missing.
 */
class PromotionGateTest {
  @Test
  void aBetterChallengerPassesAndARandomOneDoesNot() {
    SparkSession spark = SharedSpark.session();
    MonitoringWorld world = MonitoringWorld.get();
    DeltaStore store = world.store();
    Steps steps = new Steps(spark, "test");
    Settings settings = world.settings().with(Keys.WINDOW_DAYS, "10").with(Keys.BOOTSTRAP, "50");
    Settings earlier = settings.with(Keys.AS_OF, world.params().end().minusDays(10).toString());

    // Scores for every decision of both windows: the first 40 days.
    Dataset<Row> truth = spark.read().format("delta").load(world.truthPath())
        .filter(col(DecisionLog.DECIDED_AT).lt(lit(java.sql.Timestamp.valueOf(world.params().start().plusDays(40)
            .atStartOfDay()))));
    Column u = pmod(xxhash64(col(DecisionLog.DECISION_ID)), lit(10_000)).divide(10_000.0);
    Column informed = when(col(Simulation.IS_FRAUD), lit(0.3).plus(u.multiply(0.7))).otherwise(u.multiply(0.4));
    store.merge(Tables.MODEL_SCORES, scores(truth, "informed", informed, world));
    store.merge(Tables.MODEL_SCORES, scores(truth, "random", u, world));

    // Before optimize has chosen a threshold for it on an earlier window, the gate cannot judge the challenger.
    // (Whether the shared store has an optimal_policies table yet depends on the order tests ran in.)
    GateThresholds none = GateThresholds.of(store, AsOf.of(settings), "", "informed");
    assertThat(none.challenger()).isNull();
    assertThat(none.why()).contains("run optimize --model-id informed for an as-of date whose window ends by");

    for (String model : List.of("informed", "random")) {
      new Optimizer(spark, store, steps).run(earlier.with(Keys.MODEL_ID, model));
    }
    ModelComparison comparison = new ModelComparison(spark, store, steps);
    ModelComparison.Result informedResult = comparison.run(settings.with(Keys.MODEL_ID, "informed"));
    ModelComparison.Result randomResult = comparison.run(settings.with(Keys.MODEL_ID, "random"));
    for (ModelComparison.Result result : List.of(informedResult, randomResult)) {
      for (GateRow row : result.gate()) {
        System.out.printf("%s %s: champion %s challenger %s improvement %s [%s, %s] bound %s margin %s passed %s%n",
            row.challenger(), row.criterion(), row.championValue(), row.challengerValue(), row.improvement().value(),
            row.improvement().lo(), row.improvement().hi(), row.lowerBound(), row.margin(), row.passed());
      }
    }
    assertThat(informedResult.passed()).isTrue();
    assertThat(informedResult.gate()).hasSize(4).allSatisfy(row -> assertThat(row.passed()).isTrue());
    // Judged on this window with the threshold chosen on the one before it.
    assertThat(informedResult.gate().get(0).thresholdChosenAsOf()).isEqualTo(world.params().end().minusDays(10));
    assertThat(randomResult.passed()).isFalse();
    assertThat(randomResult.gate()).filteredOn(row -> !row.passed()).extracting(GateRow::criterion)
        .contains("cost_saving", "recall", "all");
    // The one-sided bound at 95% lies between the two-sided 95% interval's lower end and the estimate.
    GateRow saving = informedResult.gate().get(0);
    assertThat(saving.lowerBound()).isGreaterThan(saving.improvement().lo()).isLessThan(saving.improvement().value());
  }

  private static Dataset<Row> scores(Dataset<Row> truth, String model, Column probability, MonitoringWorld world) {
    return truth.select(col(DecisionLog.DECISION_ID), lit(model).as(Tables.MODEL_ID), col(DecisionLog.DECIDED_AT),
        probability.as(DecisionLog.SCORE), lit(java.sql.Date.valueOf(world.params().end())).as("scored_as_of"));
  }
}
