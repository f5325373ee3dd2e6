package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.evaluation.ModelComparison;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Figure;
import org.cfeval.tables.GateRow;
import org.cfeval.tables.ModelComparisonRow;

/** {@code cfeval compare}: a challenger against a champion, counterfactually, into model_comparison. */
final class CompareJob implements Job {
  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String summary() {
    return "compare a challenger's scores with a champion's at matched operating points, with paired intervals, and"
        + " judge the promotion gate (exit status 4 when it fails under --fail-on-gate true)";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.COMPARE);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF, Keys.MODEL_ID);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    ModelComparison.Result result = new ModelComparison(spark, store, new Steps(spark, name())).run(settings);
    TextTable table = new TextTable("operating_point", "target", "metric", "champion", "challenger", "difference",
        "interval", "verdict");
    for (ModelComparisonRow row : result.comparison()) {
      Figure difference = row.difference();
      String interval = difference.lo() == null ? "" : String.format("[%.4f, %.4f]", difference.lo(), difference.hi());
      table.row(row.operatingPoint(), row.targetBlockRate(), row.metric(), row.championValue(), row.challengerValue(),
          difference.value(), interval, row.verdict());
    }
    out.print(table);
    out.println();
    GateRow verdict = result.gate().get(result.gate().size() - 1);
    if (!result.judged()) {
      out.println("promotion gate not judged: " + verdict.detail());
    } else {
      out.printf("promotion gate: the challenger at score > %.4f (chosen by optimize as of %s) against %s:%n",
          verdict.challengerThreshold(), verdict.thresholdChosenAsOf(), verdict.championThreshold() == null
              ? "the production policy" : String.format("the champion at score > %.4f", verdict.championThreshold()));
      TextTable gate = new TextTable("criterion", "champion", "challenger", "improvement", "interval", "lower_bound",
          "margin", "passed");
      for (GateRow row : result.gate().subList(0, result.gate().size() - 1)) {
        gate.row(row.criterion(), row.championValue(), row.challengerValue(), row.improvement().value(),
            TextTable.interval(row.improvement().lo(), row.improvement().hi()), row.lowerBound(), row.margin(),
            row.passed() ? "yes" : "NO");
      }
      out.print(gate);
    }
    out.println(result.passed() ? "promotion gate: passed" : "promotion gate: NOT passed");
    return status(result, settings);
  }

  /**
   * 0 unless the challenger did not pass and --fail-on-gate asks: then 4 when the gate failed it, 5 when
   * the gate could not be judged yet (no earlier optimize run for it).
   */
  static int status(ModelComparison.Result result, Settings settings) {
    if (result.passed() || !settings.get(Keys.FAIL_ON_GATE)) {
      return 0;
    }
    return result.judged() ? ExitStatus.ALERT.code : ExitStatus.NOT_READY.code;
  }
}
