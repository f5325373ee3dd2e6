package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.AsOf;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.CalibrationRow;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.ModelScoreRow;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * Calibration on {@link MonitoringWorld}, the logged score read as a probability (score / 100; the simulator's score overstates fraud about sevenfold in odds, so it is badly calibrated), judged
 * against the simulator's full truth, blocked decisions included, computed directly in SQL: each bin's
 * fraud rate and the binned ECE. The slope against MLlib's weighted logistic regression on the labelled
 * decisions themselves. A registered model that scored the whole window is judged too, one that scored
 * part of it is left out and named.
 */
class CalibrationCheckTest {
  @Test
  void theLoggedScoreAndARegisteredModelAgainstTheSimulatorsTruth() {
    SparkSession spark = SharedSpark.session();
    MonitoringWorld world = MonitoringWorld.get();
    WorldParams params = world.params();
    DeltaStore store = world.store();
    Settings settings = world.settings().with(Keys.SCORE_SCALE, "100").with(Keys.SLICES, Simulation.REGION);
    Steps steps = new Steps(spark, "test");
    Dataset<Row> truth = world.truth().cache();

    // A model that scored every decision of the window with the same probability, and one that scored half.
    Dataset<Row> window = truth.select(col(DecisionLog.DECISION_ID), col(DecisionLog.DECIDED_AT), col(DecisionLog.SCORE));
    List<ModelScoreRow> scores = window.collectAsList().stream().map(row -> new ModelScoreRow(row.getString(0),
        "full", row.getTimestamp(1).toInstant(), row.getDouble(2) / 100, params.end())).toList();
    store.merge(Tables.MODEL_SCORES, Tables.MODEL_SCORES.frame(spark, scores));
    List<ModelScoreRow> half = scores.stream().filter(s -> s.decisionId().hashCode() % 2 == 0)
        .map(s -> new ModelScoreRow(s.decisionId(), "half", s.decidedAt(), s.score(), s.scoredAsOf())).toList();
    store.merge(Tables.MODEL_SCORES, Tables.MODEL_SCORES.frame(spark, half));

    CalibrationCheck.Result result = CalibrationCheck.run(spark, store, settings, steps, null);
    assertThat(result.skipped()).singleElement().asString().startsWith("half (");
    List<CalibrationRow> logged = result.rows().stream()
        .filter(r -> r.modelId() == null && r.sliceKey().equals(Tables.ALL)).toList();
    List<CalibrationRow> bins = logged.stream().filter(r -> r.bin() != null).toList();
    assertThat(bins).hasSize(10);

    // Each bin's truth: every decision's fraud as of A, blocked ones included; the ECE from those rates.
    long n = truth.count();
    Column binOf = lit(null);
    for (CalibrationRow bin : bins) {
      binOf = when(inBin(col(DecisionLog.SCORE).divide(100), bin), lit(bin.bin())).otherwise(binOf);
    }
    Map<Long, Row> byBin = truth.groupBy(binOf.as("bin")).agg(avg(when(col(Tables.OUTCOME).equalTo(Tables.FRAUD), 1.0)
        .otherwise(0.0)), avg(col(DecisionLog.SCORE).divide(100)), count(lit(1))).collectAsList().stream()
        .collect(Collectors.toMap(row -> row.getLong(0), row -> row));
    double trueEce = 0;
    int covered = 0;
    for (CalibrationRow bin : bins) {
      Row rates = byBin.get(bin.bin());
      assertThat(bin.nDecisions()).isEqualTo(rates.getLong(3));
      assertThat(bin.meanPredicted()).isCloseTo(rates.getDouble(2), within(1e-6));
      trueEce += (double) rates.getLong(3) / n * Math.abs(rates.getDouble(1) - rates.getDouble(2));
      covered += bin.value().lo() <= rates.getDouble(1) && rates.getDouble(1) <= bin.value().hi() ? 1 : 0;
      // Equal shares of the window's decisions (the score has ties, so roughly).
      assertThat((double) bin.nDecisions() / n).isBetween(0.07, 0.13);
    }
    CalibrationRow ece = metric(logged, "ece");
    System.out.printf("calibration of score / 100: ECE %.4f [%.4f, %.4f], truth %.4f; %d of 10 bins cover their"
        + " truth%n", ece.value().value(), ece.value().lo(), ece.value().hi(), trueEce, covered);
    assertThat(covered).isGreaterThanOrEqualTo(8);
    assertThat(ece.value().lo()).isLessThanOrEqualTo(trueEce);
    assertThat(ece.value().hi()).isGreaterThanOrEqualTo(trueEce).isLessThan(trueEce * 1.5);

    // The slope fitted on the bins against MLlib's on the labelled decisions themselves.
    Dataset<Row> labelled = labelledWindow(store, settings).filter(col(Tables.OUTCOME).isin(Tables.FRAUD, Tables.LEGIT))
        .select(logit(col(DecisionLog.SCORE).divide(100)).as("x"),
            when(col(Tables.OUTCOME).equalTo(Tables.FRAUD), 1.0).otherwise(0.0).as("label"),
            lit(1.0).divide(col(DecisionLog.P_ALLOW)).as("w"));
    LogisticRegressionModel exact = new LogisticRegression().setWeightCol("w").setRegParam(0).setStandardization(false)
        .fit(new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("features").transform(labelled));
    double slope = metric(logged, "slope").value().value();
    System.out.printf("slope %.4f (MLlib on the decisions %.4f), intercept %.4f (%.4f)%n", slope,
        exact.coefficients().apply(0), metric(logged, "intercept").value().value(), exact.intercept());
    assertThat(slope).isCloseTo(exact.coefficients().apply(0), within(0.01));
    assertThat(metric(logged, "intercept").value().value()).isCloseTo(exact.intercept(), within(0.05));

    // The registered model's probabilities are the logged score's: the same figures, but for its bins' edges,
    // quantiles to within 1/10,000 of the decisions (percentile_approx), so a few decisions may change bins.
    List<CalibrationRow> full = result.rows().stream()
        .filter(r -> "full".equals(r.modelId()) && r.sliceKey().equals(Tables.ALL)).toList();
    assertThat(metric(full, "ece").value().value()).isCloseTo(ece.value().value(), within(0.001));
    assertThat(metric(full, "slope").value().value()).isCloseTo(slope, within(0.001));
    // Per region too, each region's decisions adding up to the window's.
    assertThat(result.rows().stream().filter(r -> r.modelId() == null && r.sliceKey().equals(Simulation.REGION)
        && r.metric().equals("ece")).mapToLong(CalibrationRow::nDecisions).sum()).isEqualTo(n);

    // The rule judges the logged score: an ECE far above 0.02 fires.
    AlertRow rule = Alerts.evaluate(store, settings, steps).stream().filter(a -> a.rule().equals("calibration"))
        .findFirst().orElseThrow();
    System.out.println("calibration rule: " + rule.detail());
    assertThat(rule.fired()).isTrue();

    // A scale under which scores are not probabilities is refused, naming it and the range.
    assertThatThrownBy(() -> CalibrationCheck.compute(store.read(Tables.DECISIONS_LABELED), store,
        settings.with(Keys.SCORE_SCALE, "10"), steps, null)).isInstanceOf(ContractException.class)
        .hasMessageContaining("--score-scale 10").hasMessageContaining("not a probability");
    truth.unpersist();
  }

  private static Dataset<Row> labelledWindow(DeltaStore store, Settings settings) {
    return Evaluator.scoredWindow(store, new Steps(SharedSpark.session(), "test"),
        store.read(Tables.DECISIONS_LABELED), "", AsOf.of(settings));
  }

  private static Column logit(Column p) {
    Column q = least(greatest(p, lit(1e-6)), lit(1 - 1e-6));
    return log(q.divide(lit(1).minus(q)));
  }

  private static Column inBin(Column p, CalibrationRow bin) {
    Column above = bin.binLower() == null ? lit(true) : p.gt(bin.binLower());
    return above.and(bin.binUpper() == null ? lit(true) : p.leq(bin.binUpper()));
  }

  private static CalibrationRow metric(List<CalibrationRow> rows, String metric) {
    return rows.stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow();
  }
}
