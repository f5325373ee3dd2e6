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
import org.cfeval.tables.ModelComparisonRow;

/** {@code cfeval compare}: a challenger against a champion, counterfactually, into model_comparison. */
final class CompareJob implements Job {
  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String summary() {
    return "compare a challenger's scores with a champion's at matched operating points, with paired intervals";
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
    List<ModelComparisonRow> rows = new ModelComparison(spark, store, new Steps(spark, name())).run(settings);
    TextTable table = new TextTable("operating_point", "target", "metric", "champion", "challenger", "difference",
        "interval", "verdict");
    for (ModelComparisonRow row : rows) {
      Figure difference = row.difference();
      String interval = difference.lo() == null ? "" : String.format("[%.4f, %.4f]", difference.lo(), difference.hi());
      table.row(row.operatingPoint(), row.targetBlockRate(), row.metric(), row.championValue(), row.challengerValue(),
          difference.value(), interval, row.verdict());
    }
    out.print(table);
    return 0;
  }
}
