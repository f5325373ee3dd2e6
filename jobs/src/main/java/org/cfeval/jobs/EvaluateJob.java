package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.contract.NoMaturedWindowException;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.LoggingHealth;
import org.cfeval.stats.Sum;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval evaluate}: policy_curve and evaluation_windows for an as-of date. */
final class EvaluateJob implements Job {
  /** How many curve points the summary prints when no thresholds were listed explicitly. */
  private static final int SUMMARY_POINTS = 6;

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "estimate every 'block if score > t' policy and the production policy on the matured window";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.EVALUATE, Options.COSTS);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    try {
      print(new Evaluator(spark, store, new Steps(spark, name())).run(settings), settings, out);
    } catch (NoMaturedWindowException young) {
      out.println("evaluation skipped: " + young.getMessage());
    }
    return ExitStatus.SUCCESS.code;
  }

  /** The whole window's logging health and a few policies: the listed thresholds, or a spread of the grid. */
  static void print(Evaluator.Result result, Settings settings, PrintStream out) {
    SliceBuckets overall = result.overall();
    LoggingHealth health = LoggingHealth.of(overall.total(), settings.get(Keys.LOGGING_HEALTH_MAX_Z));
    out.printf("window [%s, %s): %,d decisions, %,d labelled (%,d fraud); logging health %.4f +- %.4f (%s);"
            + " %,d policy_curve rows%n", result.asOf().windowStart(), result.asOf().windowEnd(),
        overall.total().decisions(), overall.total().labeled(), overall.total().count(Sum.FRAUD), health.ratio(),
        health.standardError(), health.healthy() ? "ok" : "WARN", result.curveRows());
    List<Double> listed = settings.get(Keys.THRESHOLDS);
    TextTable table = new TextTable("policy", "block_rate", "ips_precision", "ips_recall", "naive_precision",
        "naive_recall");
    List<PolicyCurve.Point> points = PolicyCurve.points(result.grid(), overall);
    int step = Math.max(1, result.grid().size() / SUMMARY_POINTS);
    for (int k = 0; k < points.size(); k++) {
      PolicyCurve.Point p = points.get(k);
      boolean production = p.threshold() == null;
      boolean shown = production || (listed.isEmpty() ? k % step == 0 : listed.contains(p.threshold()));
      if (shown) {
        ConfusionMatrix ips = ConfusionMatrix.of(p.blocked(), p.passed(), Estimator.IPS);
        ConfusionMatrix naive = ConfusionMatrix.of(p.blocked(), p.passed(), Estimator.NAIVE);
        table.row(production ? "production" : "score > " + p.threshold(), ips.blockRate(), ips.precision(),
            ips.recall(), naive.precision(), naive.recall());
      }
    }
    out.print(table);
  }
}
