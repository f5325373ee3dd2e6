package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.models.Trainer;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ModelMetrics.Estimate;
import org.cfeval.stats.ModelMetrics.Metric;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval train}: fit a model on weighted matured decisions and register it in models. */
final class TrainJob implements Job {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "fit a model on the weighted labelled decisions of the training window; register it in models";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.TRAIN, Options.COSTS, Options.GUARDRAILS);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    Trainer.Result result = new Trainer(spark, store, new Steps(spark, name())).train(settings);
    out.printf("model %s %s fitted on %,d labelled decisions, saved to %s%n", result.modelId(), result.params(),
        result.trainRows(), result.path());
    TextTable table = new TextTable("window", "pr_auc", "pr_auc_interval", "roc_auc", "brier", "log_loss");
    table.row(row("validation", result.validation()));
    table.row(row("test", result.test()));
    out.print(table);
    return 0;
  }

  private static Object[] row(String window, Map<Metric, Estimate> metrics) {
    Estimate prAuc = metrics.get(Metric.PR_AUC);
    String interval = prAuc.interval() == null ? "" : String.format("[%.3f, %.3f]", prAuc.interval().lo(),
        prAuc.interval().hi());
    return new Object[] {window, prAuc.value(), interval, metrics.get(Metric.ROC_AUC).value(),
        metrics.get(Metric.BRIER).value(), metrics.get(Metric.LOG_LOSS).value()};
  }
}
