package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.evaluation.Optimizer;
import org.cfeval.labels.LabelSources;
import org.cfeval.labels.Labeler;
import org.cfeval.monitoring.Alerts;
import org.cfeval.monitoring.CalibrationCheck;
import org.cfeval.monitoring.Fairness;
import org.cfeval.monitoring.DriftCheck;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.CalibrationRow;
import org.cfeval.tables.DriftRow;
import org.cfeval.tables.FairnessRow;
import org.cfeval.tables.Tables;

/** {@code cfeval nightly}: label, evaluate, optimize and alerts for one as-of date; the unit a scheduler runs. */
final class NightlyJob implements Job {
  @Override
  public String name() {
    return "nightly";
  }

  @Override
  public String summary() {
    return "label, evaluate, optimize, fairness, calibration, drift, then judge the monitoring rules for one as-of date (what a nightly"
        + " scheduler calls); exits with status 4 when a rule of --fail-on-alert's severity fired";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.LABEL, Options.EVALUATE, Options.PRICING, Options.COSTS,
        Options.GUARDRAILS, Options.CALIBRATION, Options.FAIRNESS, Options.DRIFT, Options.MONITORING);
  }

  @Override
  public List<Setting<?>> required() {
    return Options.SOURCES_REQUIRED;
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    return night(spark, store, settings, new Steps(spark, name()), out).status();
  }

  /** What a night did: its evaluation (null when there was no matured window yet) and its exit status. */
  record Night(Evaluator.Result evaluation, int status) {}

  /** The nightly pipeline for the settings' sources and as-of date, printing each stage's lines to {@code out}. */
  static Night night(SparkSession spark, DeltaStore store, Settings settings, Steps steps, PrintStream out) {
    Labeler labeler = new Labeler(spark, store, steps);
    // Everything that can fail on the sources' schemas and span fails here, before the first write.
    LabelSources sources = labeler.open(settings);
    Evaluator.requireSlices(sources.labeledColumns(), "decisions source " + sources.decisionsPath(), settings);
    Contract.requireColumns(sources.labeledColumns(), "decisions source " + sources.decisionsPath(),
        Keys.DRIFT_COLUMNS.name(), settings.get(Keys.DRIFT_COLUMNS));
    List<String> fairness = Fairness.columns(settings, sources.labeledColumns(),
        "decisions source " + sources.decisionsPath());
    sources.span().requireWindowArrived(sources.asOf());
    LabelJob.print(labeler.run(sources), out);
    Evaluator.Result evaluation = null;
    if (sources.span().hasMaturedWindow(sources.asOf())) {
      // One pass over the window serves evaluate and optimize.
      evaluation = new Evaluator(spark, store, steps).run(settings, Optimizer.BREAKDOWN_COLUMNS, fairness);
      EvaluateJob.print(evaluation, settings, out);
      Optimizer.Result optimized = new Optimizer(spark, store, steps).run(settings, evaluation);
      OptimizeJob.print(optimized, out);
      printFairness(Fairness.run(spark, store, settings, steps, optimized, fairness), out);
      printCalibration(CalibrationCheck.run(spark, store, settings, steps, evaluation.delays()), out);
    } else {
      out.println("evaluation skipped: " + sources.span().noMaturedWindow(sources.asOf()).getMessage());
    }
    // Drift needs no labels: it watches the newest decisions from the first night.
    printDrift(DriftCheck.run(spark, store, settings, steps), out);
    // Last, once every table is written: a fired rule fails the task only after the tables are there to read.
    return new Night(evaluation, AlertsJob.report(Alerts.run(spark, store, settings, steps), settings, out));
  }

  /**
   * One line per fairness column: the value whose production false-positive-rate ratio lies furthest up
   * (its interval's lower end, or the ratio without one), as the fairness rule picks it.
   */
  static void printFairness(List<FairnessRow> rows, PrintStream out) {
    rows.stream().filter(row -> row.policy().equals(Tables.POLICY_PRODUCTION) && row.metric().equals("false_positive_rate")
            && !row.lowSupport() && row.ratio().value() != null)
        .collect(java.util.stream.Collectors.groupingBy(FairnessRow::sliceKey, java.util.TreeMap::new,
            java.util.stream.Collectors.maxBy(java.util.Comparator.comparingDouble(
                row -> row.ratio().lo() != null ? row.ratio().lo() : row.ratio().value()))))
        .forEach((column, worst) -> worst.ifPresent(row -> out.printf("fairness by %s: the production policy's"
            + " false-positive rate is highest on %s, %s times the rest's%n", column, row.sliceValue(),
            TextTable.figure(row.ratio()))));
  }

  /** One line per score calibration judged: its ECE and slope, and the models left out. */
  static void printCalibration(CalibrationCheck.Result result, PrintStream out) {
    result.rows().stream().filter(row -> row.sliceKey().equals(Tables.ALL) && row.metric().equals("ece"))
        .forEach(ece -> {
          CalibrationRow slope = result.rows().stream().filter(row -> row.sliceKey().equals(Tables.ALL)
              && row.metric().equals("slope") && java.util.Objects.equals(row.modelId(), ece.modelId())).findFirst()
              .orElseThrow();
          out.printf("calibration of %s: ECE %s, slope %s, over %,d decisions%n",
              ece.modelId() == null ? "the logged score" : "model " + ece.modelId(), TextTable.figure(ece.value()),
              TextTable.figure(slope.value()), ece.nDecisions());
        });
    if (!result.skipped().isEmpty()) {
      out.println("calibration: left out models that did not score the whole window: " + String.join(", ",
          result.skipped()));
    }
  }

  /** One line on the drift table: its rows, the periods, and the largest PSI. */
  static void printDrift(List<DriftRow> rows, PrintStream out) {
    rows.stream().filter(row -> row.populationStabilityIndex() != null)
        .max(java.util.Comparator.comparingDouble(DriftRow::populationStabilityIndex))
        .ifPresentOrElse(top -> out.printf("drift: %d %s, current period from %s against [%s, %s); largest PSI"
                + " %.4f (%s on %s=%s)%n", rows.size(), rows.size() == 1 ? "row" : "rows", top.currentStart(),
                top.referenceStart(), top.referenceEnd(),
                top.populationStabilityIndex(), top.columnName(), top.sliceKey(), top.sliceValue()),
            () -> out.printf("drift: %d rows, none with decisions in both periods%n", rows.size()));
  }
}
