package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.evaluation.Optimizer;
import org.cfeval.labels.Labeler;
import org.cfeval.monitoring.Alerts;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval nightly}: label, evaluate, optimize and alerts for one as-of date; the unit a scheduler runs. */
final class NightlyJob implements Job {
  @Override
  public String name() {
    return "nightly";
  }

  @Override
  public String summary() {
    return "label, evaluate, optimize, then judge the monitoring rules for one as-of date (what a nightly scheduler"
        + " calls); exits with status 4 when a rule of --fail-on-alert's severity fired";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.LABEL, Options.EVALUATE, Options.PRICING, Options.COSTS,
        Options.GUARDRAILS, Options.MONITORING);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF, Keys.DECISIONS, Keys.LABELS);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    Steps steps = new Steps(spark, name());
    Labeler labeler = new Labeler(spark, store, steps);
    // Everything that can fail on the sources' schemas and span fails here, before the first write.
    Labeler.Sources sources = labeler.open(settings);
    Evaluator.requireSlices(sources.labeledColumns(), "decisions source " + sources.decisionsPath(), settings);
    sources.span().requireWindowArrived(sources.asOf());
    LabelJob.print(labeler.run(sources), out);
    if (!sources.span().hasMaturedWindow(sources.asOf())) {
      out.println("evaluation skipped: " + sources.span().noMaturedWindow(sources.asOf()).getMessage());
      return ExitStatus.SUCCESS.code;
    }
    // One pass over the window serves evaluate and optimize.
    Evaluator.Result evaluation = new Evaluator(spark, store, steps).run(settings, Optimizer.BREAKDOWN_COLUMNS);
    EvaluateJob.print(evaluation, settings, out);
    OptimizeJob.print(new Optimizer(spark, store, steps).run(settings, evaluation), out);
    // Last, once every table is written: a fired rule fails the task only after the tables are there to read.
    return AlertsJob.report(Alerts.run(spark, store, settings, steps), settings, out);
  }
}
