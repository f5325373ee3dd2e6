package org.cfeval.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.OutputFormat;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.config.SqlScript;
import org.cfeval.tables.DeltaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cfeval sql "SELECT ..."} or {@code cfeval sql --file review.sql}: runs SQL over the warehouse's
 * tables, registered by name, and prints each statement's result as a table, CSV or JSON lines.
 */
final class SqlJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(SqlJob.class);
  /** Rows printed at most per statement; a query wanting more belongs in a notebook or a table. */
  private static final int MAX_ROWS = 1000;

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String summary() {
    return "run SQL (one statement, or a file of them) over the warehouse tables (policy_curve, decisions_labeled,"
        + " ...) and print the results";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, List.of(Keys.SQL_FILE, Keys.OUTPUT_FORMAT, Keys.RUN));
  }

  @Override
  public Setting<?> positional() {
    return Keys.QUERY;
  }

  /**
   * The statements to run: the query argument, or those of --file (exactly one of the two); checked
   * before Spark starts, so a missing file or an empty script costs nothing.
   */
  static List<String> statements(Settings settings) {
    boolean query = settings.find(Keys.QUERY).isPresent();
    String file = settings.get(Keys.SQL_FILE);
    if (query == !file.isEmpty()) {
      throw new ConfigException("sql: give one statement as the argument or a file of them with --file, "
          + (query ? "not both" : "got neither"));
    }
    if (query) {
      return List.of(settings.get(Keys.QUERY));
    }
    List<String> statements;
    try {
      statements = SqlScript.statements(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("file: cannot read " + file + ": " + e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("file: " + file + ": " + e.getMessage());
    }
    if (statements.isEmpty()) {
      throw new ConfigException("file: " + file + " holds no SQL statement");
    }
    return statements;
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    List<String> statements = statements(settings);
    OutputFormat format = settings.get(Keys.OUTPUT_FORMAT);
    String run = settings.get(Keys.RUN);
    try (DeltaStore.Shown shown = run.isEmpty() ? new DeltaStore.Shown(spark, List.of()) : store.showAsOfRun(run)) {
      for (int i = 0; i < statements.size(); i++) {
        if (i > 0) { // a blank line between results, whatever the format
          out.println();
        }
        print(spark, statements.get(i), statements.size() == 1 ? "" : "statement " + (i + 1) + ": ", format, out);
      }
    }
    return 0;
  }

  private static void print(SparkSession spark, String statement, String which, OutputFormat format, PrintStream out) {
    Dataset<Row> result;
    try {
      result = spark.sql(statement);
    } catch (Exception e) {
      if (e instanceof AnalysisException) { // the statement is wrong, not cfeval
        throw new ConfigException("query: " + which + e.getMessage());
      }
      throw e;
    }
    switch (format) {
      case JSON -> printAll(result.toJSON().limit(MAX_ROWS + 1).collectAsList(), out::println, which);
      case CSV -> {
        out.println(OutputFormat.csvLine(result.columns()));
        // As Spark casts to text: timestamps in the session's time zone (UTC), maps and arrays in its notation.
        // Renamed by position first: a result may repeat a column name.
        String[] positions = IntStream.range(0, result.columns().length).mapToObj(i -> "c" + i).toArray(String[]::new);
        Column[] text = Arrays.stream(positions).map(c -> col(c).cast("string")).toArray(Column[]::new);
        printAll(result.toDF(positions).select(text).limit(MAX_ROWS + 1).collectAsList(),
            row -> out.println(OutputFormat.csvLine(cells(row))), which);
      }
      case TABLE -> {
        List<Row> rows = result.limit(MAX_ROWS + 1).collectAsList();
        TextTable table = new TextTable(result.columns());
        rows.stream().limit(MAX_ROWS).forEach(row -> table.row(cells(row)));
        out.print(table);
        out.printf(rows.size() > MAX_ROWS ? "(first %d rows shown)%n" : rows.size() == 1 ? "(%d row)%n" : "(%d rows)%n",
            Math.min(rows.size(), MAX_ROWS));
      }
    }
  }

  /** Prints up to {@link #MAX_ROWS} of {@code rows}; a longer result is cut there, and the log says so. */
  private static <T> void printAll(List<T> rows, Consumer<T> print, String which) {
    rows.stream().limit(MAX_ROWS).forEach(print);
    if (rows.size() > MAX_ROWS) {
      LOG.warn("sql: {}only the first {} rows were printed", which, MAX_ROWS);
    }
  }

  private static Object[] cells(Row row) {
    Object[] cells = new Object[row.length()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = row.get(i);
    }
    return cells;
  }
}
