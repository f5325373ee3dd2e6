package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval sql "SELECT ..."}: runs SQL over the warehouse's tables, registered by name. */
final class SqlJob implements Job {
  /** Rows printed at most; a query wanting more belongs in a notebook or a table. */
  private static final int MAX_ROWS = 1000;

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String summary() {
    return "run a SQL statement over the warehouse tables (policy_curve, decisions_labeled, ...) and print the result";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, List.of(Keys.RUN));
  }

  @Override
  public Setting<?> positional() {
    return Keys.QUERY;
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.QUERY);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    String run = settings.get(Keys.RUN);
    try (DeltaStore.Shown shown = run.isEmpty() ? new DeltaStore.Shown(spark, List.of()) : store.showAsOfRun(run)) {
      Dataset<Row> result;
      try {
        result = spark.sql(settings.get(Keys.QUERY));
      } catch (Exception e) {
        if (e instanceof AnalysisException) { // the statement is wrong, not cfeval
          throw new ConfigException("query: " + e.getMessage());
        }
        throw e;
      }
      List<Row> rows = result.limit(MAX_ROWS + 1).collectAsList();
      TextTable table = new TextTable(result.columns());
      rows.stream().limit(MAX_ROWS).forEach(row -> table.row(cells(row)));
      out.print(table);
      out.printf(rows.size() > MAX_ROWS ? "(first %d rows shown)%n" : rows.size() == 1 ? "(%d row)%n" : "(%d rows)%n",
          Math.min(rows.size(), MAX_ROWS));
    }
    return 0;
  }

  private static Object[] cells(Row row) {
    Object[] cells = new Object[row.length()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = row.get(i);
    }
    return cells;
  }
}
