package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.labels.DayRange;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.DriftRow;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * Drift on simulated worlds of 20,000 decisions over four weeks, three seeds each way: in one, velocity_1h
 * (a feature production does not score) gains a Poisson(2) count in the last week; in the other nothing
 * changes. The rule fires on every shifted world, naming velocity_1h, and on no stable one, overall or in
 * any region.
 */
class DriftCheckTest {
  private static final List<String> COLUMNS = List.of(Simulation.VELOCITY_1H, Simulation.REGION,
      DecisionLog.AMOUNT, Simulation.IP_MISMATCH);

  @Test
  void aShiftedFeatureFiresTheDriftRuleAndAStableWorldDoesNot() {
    SparkSession spark = SharedSpark.session();
    for (long seed = 1; seed <= 3; seed++) {
      for (double shift : new double[] {2, 0}) {
        Settings simulation = Settings.defaults().with(Keys.SIM_SIZE, "20000").with(Keys.SIM_DAYS, "28")
            .with(Keys.SIM_SEED, Long.toString(seed)).with(Keys.SIM_SHIFT_DAYS, "7")
            .with(Keys.SIM_VELOCITY_SHIFT, Double.toString(shift));
        WorldParams params = WorldParams.of(simulation);
        Dataset<Row> decisions = Simulation.decisions(spark, params, 2).cache();
        Settings settings = simulation.with(Keys.AS_OF, params.end().toString())
            .with(Keys.DRIFT_COLUMNS, String.join(",", COLUMNS)).with(Keys.SLICES, Simulation.REGION);
        Steps steps = new Steps(spark, "test");
        List<DriftRow> rows = DriftCheck.compute(decisions, "simulated decisions", settings, steps);
        // Score and four columns, overall and in each of the four regions.
        assertThat(rows).hasSize(5 * 5);
        DriftRow velocity = rows.stream().filter(r -> r.sliceKey().equals(Tables.ALL)
            && r.columnName().equals(Simulation.VELOCITY_1H)).findFirst().orElseThrow();
        DeltaStore store = SharedSpark.newStore();
        store.replaceAsOf(Tables.DRIFT, Tables.DRIFT.frame(spark, rows), params.end());
        AlertRow alert = Alerts.evaluate(store, settings, steps).stream().filter(a -> a.rule().equals("drift"))
            .findFirst().orElseThrow();
        System.out.printf("seed %d, shift %s: velocity_1h PSI %.4f, KS %.4f; rule: %s%n", seed, shift,
            velocity.populationStabilityIndex(), velocity.ksTest().statistic(), alert.detail());
        if (shift > 0) {
          assertThat(velocity.populationStabilityIndex()).isGreaterThan(0.2);
          assertThat(velocity.ksTest().statistic()).isCloseTo(exactKs(decisions, params), within(1e-9));
          assertThat(alert.fired()).isTrue();
          assertThat(alert.detail()).contains(Simulation.VELOCITY_1H);
        } else {
          assertThat(alert.fired()).isFalse();
        }
        DriftRow region = rows.stream().filter(r -> r.sliceKey().equals(Tables.ALL)
            && r.columnName().equals(Simulation.REGION)).findFirst().orElseThrow();
        assertThat(region.columnType()).isEqualTo("categorical");
        assertThat(region.chiSquaredTest().pvalue()).isNotNull();
        assertThat(region.newCategoryShare()).isZero();
        decisions.unpersist();
      }
    }
  }

  /**
   * Bad drift input: infinite and NaN values of a numeric column are left out of the reference's edges (the
   * row still compares the finite ones); a column of ids among --drift-columns fails naming it, not bringing
   * every value to the driver.
   */
  @Test
  void nonFiniteValuesAreLeftOutAndAColumnOfIdsIsRefused() {
    SparkSession spark = SharedSpark.session();
    StructType schema = new StructType().add(DecisionLog.DECISION_ID, DataTypes.StringType)
        .add(DecisionLog.DECIDED_AT, DataTypes.TimestampType).add(DecisionLog.SCORE, DataTypes.DoubleType)
        .add("merchant", DataTypes.StringType).add("weird", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 280; i++) {
      double weird = i % 40 == 0 ? Double.POSITIVE_INFINITY : i % 37 == 0 ? Double.NaN : i % 10;
      rows.add(RowFactory.create("d" + i, Timestamp.valueOf(LocalDateTime.of(2026, 1, 18, 0, 0).plusHours(i * 14L * 24 / 280)),
          (double) (i % 100), "m" + i, weird));
    }
    Dataset<Row> decisions = spark.createDataFrame(rows, schema);
    Settings settings = Settings.defaults().with(Keys.AS_OF, "2026-02-01").with(Keys.DRIFT_COLUMNS, "weird");
    DriftRow weird = DriftCheck.compute(decisions, "hand-made decisions", settings, new Steps(spark, "test")).stream()
        .filter(r -> r.columnName().equals("weird")).findFirst().orElseThrow();
    assertThat(weird.populationStabilityIndex()).isNotNull().isFinite();
    assertThat(weird.ksTest().statistic()).isNotNull();

    assertThatThrownBy(() -> DriftCheck.compute(decisions, "hand-made decisions",
        settings.with(Keys.DRIFT_COLUMNS, "merchant").with(Keys.MAX_SLICE_VALUES, "100"), new Steps(spark, "test")))
        .isInstanceOf(ContractException.class)
        .hasMessage("drift-columns: column 'merchant' has more than 100 distinct values in the two periods"
            + " (--max-slice-values); leave it out or raise the limit");
  }

  /**
   * velocity_1h's two-sample KS statistic, straight from the counts of each value in each week (the
   * reference's percentile edges hold every value where the shift moves the distribution most).
   */
  private static double exactKs(Dataset<Row> decisions, WorldParams params) {
    DayRange current = new DayRange(params.end().minusDays(7), params.end());
    DayRange reference = new DayRange(params.end().minusDays(14), params.end().minusDays(7));
    List<Row> counts = decisions.filter(current.contains().or(reference.contains()))
        .groupBy(col(Simulation.VELOCITY_1H)).agg(sum(when(current.contains(), 1L).otherwise(0L)).as("c"),
            sum(when(reference.contains(), 1L).otherwise(0L)).as("r"))
        .orderBy(Simulation.VELOCITY_1H).collectAsList();
    double c = counts.stream().mapToLong(r -> r.getLong(1)).sum();
    double r = counts.stream().mapToLong(row -> row.getLong(2)).sum();
    double below = 0;
    double belowNow = 0;
    double gap = 0;
    for (Row row : counts) {
      belowNow += row.getLong(1) / c;
      below += row.getLong(2) / r;
      gap = Math.max(gap, Math.abs(below - belowNow));
    }
    return gap;
  }
}
