package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.curve.ModelComparison;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

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
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    List<Row> rows = new ModelComparison(spark, store, new Steps(spark, name())).run(settings);
    TextTable table = new TextTable("operating_point", "target", "metric", "champion", "challenger", "difference",
        "interval", "verdict");
    for (Row row : rows) {
      String interval = row.isNullAt(15) ? "" : String.format("[%.4f, %.4f]", row.getDouble(15), row.getDouble(16));
      table.row(row.getString(5), row.get(6), row.getString(7), row.get(12), row.get(13), row.get(14), interval,
          row.getString(17));
    }
    out.print(table);
    return 0;
  }
}
