package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.evaluation.Optimizer;
import org.cfeval.simulate.Simulation;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.FairnessRow;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * On {@link MonitoringWorld}, where LATAM's legit customers are blocked about twice as often as the rest's,
 * and a shard column has nothing to do with the score: the production policy's false-positive rate per
 * value is judged against the simulator's full truth, blocked decisions included, computed directly; the
 * fairness rule fires on LATAM, and stays quiet when only the shards are compared.
 */
class FairnessTest {
  private static final String SHARD = MonitoringWorld.SHARD;

  @Test
  void aRegionBlockedTwiceAsOftenFiresAndANeutralColumnDoesNot() {
    SparkSession spark = SharedSpark.session();
    MonitoringWorld world = MonitoringWorld.get();
    DeltaStore store = world.store();
    Settings settings = world.settings().with(Keys.FAIRNESS_COLUMNS, Simulation.REGION + "," + SHARD);
    Steps steps = new Steps(spark, "test");
    List<String> columns = settings.get(Keys.FAIRNESS_COLUMNS);
    Evaluator.Result evaluation = new Evaluator(spark, store, steps).run(settings, Optimizer.BREAKDOWN_COLUMNS, columns);
    Optimizer.Result optimized = new Optimizer(spark, store, steps).run(settings, evaluation);
    List<FairnessRow> rows = Fairness.run(spark, store, settings, steps, optimized, columns);

    // The truth: of the window's legit decisions (as of A, blocked ones included), the share production blocks.
    Dataset<Row> truth = world.truth().filter(col(Tables.OUTCOME).equalTo(Tables.LEGIT)).cache();
    int covered = 0;
    int judged = 0;
    for (String column : columns) {
      Map<String, Double> truthFpr = truth.groupBy(col(column).cast("string"))
          .agg(avg(when(col(DecisionLog.POLICY_ACTION).equalTo(DecisionLog.BLOCK), 1.0).otherwise(0.0)))
          .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
      for (FairnessRow row : production(rows, column)) {
        double fpr = truthFpr.get(row.sliceValue());
        judged++;
        covered += row.value().lo() <= fpr && fpr <= row.value().hi() ? 1 : 0;
        System.out.printf("%s=%s: FPR %.4f [%.4f, %.4f] truth %.4f; ratio %.3f [%.3f, %.3f] at %.4f%n", column,
            row.sliceValue(), row.value().value(), row.value().lo(), row.value().hi(), fpr, row.ratio().value(),
            row.ratio().lo(), row.ratio().hi(), row.ratioConfidence());
      }
    }
    Row built = truth.agg(avg(when(col(Simulation.REGION).equalTo(MonitoringWorld.BIASED_REGION)
        .and(col(DecisionLog.POLICY_ACTION).equalTo(DecisionLog.BLOCK)), 1.0).when(col(Simulation.REGION)
        .equalTo(MonitoringWorld.BIASED_REGION), 0.0)), avg(when(col(Simulation.REGION).notEqual(
        MonitoringWorld.BIASED_REGION), when(col(DecisionLog.POLICY_ACTION).equalTo(DecisionLog.BLOCK), 1.0)
        .otherwise(0.0)))).first();
    System.out.printf("the world as built: LATAM's legit blocked %.2f times as often as the rest's%n",
        built.getDouble(0) / built.getDouble(1));
    assertThat(built.getDouble(0) / built.getDouble(1)).isBetween(1.8, 2.4);
    truth.unpersist();
    assertThat(judged).isEqualTo(8);
    assertThat(covered).isGreaterThanOrEqualTo(7);
    FairnessRow latam = production(rows, Simulation.REGION).stream().filter(r -> r.sliceValue().equals(MonitoringWorld.BIASED_REGION))
        .findFirst().orElseThrow();
    // Eight values compared (four regions, four shards): each ratio interval at 1 - 0.05 / 8.
    assertThat(latam.ratioConfidence()).isEqualTo(1 - 0.05 / 8, within(1e-12));
    assertThat(latam.ratio().lo()).isGreaterThan(1.5);
    assertThat(production(rows, SHARD)).allSatisfy(row -> assertThat(row.ratio().lo()).isLessThan(1.5));

    // Values resting on too few labels are flagged, left out of the correction, and not judged.
    List<FairnessRow> thin = Fairness.rows(settings.with(Keys.MIN_ESS, "1e9"), optimized, columns);
    assertThat(thin).allSatisfy(row -> assertThat(row.lowSupport()).isTrue())
        .allSatisfy(row -> assertThat(row.ratioConfidence()).isEqualTo(0.95, within(1e-12)));

    AlertRow fired = fairnessAlert(store, settings, steps);
    System.out.println("fairness rule: " + fired.detail());
    assertThat(fired.fired()).isTrue();
    assertThat(fired.sliceValue()).isEqualTo(MonitoringWorld.BIASED_REGION);
    // Compared by shard alone, nothing fires.
    Settings shardsOnly = settings.with(Keys.FAIRNESS_COLUMNS, SHARD);
    Fairness.run(spark, store, shardsOnly, steps, optimized, List.of(SHARD));
    assertThat(fairnessAlert(store, shardsOnly, steps).fired()).isFalse();
  }

  private static AlertRow fairnessAlert(DeltaStore store, Settings settings, Steps steps) {
    return Alerts.evaluate(store, settings, steps).stream().filter(a -> a.rule().equals("fairness")).findFirst()
        .orElseThrow();
  }

  private static List<FairnessRow> production(List<FairnessRow> rows, String column) {
    return rows.stream().filter(r -> r.policy().equals(Tables.POLICY_PRODUCTION) && r.sliceKey().equals(column)
        && r.metric().equals("false_positive_rate")).toList();
  }
}
