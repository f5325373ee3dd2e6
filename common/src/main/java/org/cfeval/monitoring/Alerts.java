package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.FailOn;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.config.Severity;
import org.cfeval.curve.Slice;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts step: every {@link AlertRule} not set to off, against the rows its table holds for the as-of
 * date (the logged score's, in tables that hold other models' too), written to {@code alerts}. Reading the tables rather than a run's memory lets
 * {@code alerts} re-judge any date, and keeps each rule's inputs where a SQL reader sees them too.
 */
public final class Alerts {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  private Alerts() {}

  /** Evaluates the rules and replaces the as-of date's rows of alerts. */
  public static List<AlertRow> run(SparkSession spark, DeltaStore store, Settings settings, Steps steps) {
    List<AlertRow> rows = evaluate(store, settings, steps);
    LocalDate asOf = settings.get(Keys.AS_OF);
    steps.run("write alerts", () -> store.replaceAsOf(Tables.ALERTS, Tables.ALERTS.frame(spark, rows), asOf));
    for (AlertRow row : rows) {
      if (row.fired()) {
        LOG.warn("alert {} ({}): {}", row.rule(), row.severity().name().toLowerCase(java.util.Locale.ROOT),
            row.detail());
      }
    }
    return rows;
  }

  /** Each rule's row for the as-of date, without writing them. */
  public static List<AlertRow> evaluate(DeltaStore store, Settings settings, Steps steps) {
    LocalDate asOf = settings.get(Keys.AS_OF);
    List<AlertRow> rows = new ArrayList<>();
    for (AlertRule rule : AlertRule.values()) {
      Severity severity = settings.get(rule.severity());
      if (severity == Severity.OFF) {
        continue;
      }
      AlertRule.Reading reading;
      AlertRule.TableReader tables = (table, date) -> ofAsOf(store, table, date);
      Dataset<Row> tableRows = tables.read(rule.table(), asOf);
      if (tableRows == null) {
        reading = AlertRule.Reading.none(Slice.ALL, Double.NaN, "there is no " + rule.table().name() + " table yet");
      } else {
        reading = steps.run("alert rule " + rule.columnValue(), () -> rule.read(tableRows, settings, tables));
      }
      Bounded value = reading.value();
      rows.add(new AlertRow(asOf, rule.columnValue(), severity, rule.table().name(), rule.metric(),
          reading.slice().key(), reading.slice().value(), value, rule.comparison().columnValue(),
          Double.isNaN(reading.threshold()) ? null : reading.threshold(),
          rule.comparison().fires(value, reading.threshold()), reading.detail()));
    }
    return rows;
  }

  /** A table's rows for the as-of date and the logged score; a merged table's all; null before it exists. */
  private static Dataset<Row> ofAsOf(DeltaStore store, TableSpec<?> table, LocalDate asOf) {
    if (!store.exists(table)) {
      return null;
    }
    Dataset<Row> rows = store.read(table);
    if (!table.columnNames().contains(Tables.AS_OF_DATE)) {
      return rows; // decisions_labeled's model_id is the logged score's version, not whose scores were judged
    }
    rows = rows.filter(col(Tables.AS_OF_DATE).equalTo(lit(java.sql.Date.valueOf(asOf))));
    return table.columnNames().contains(Tables.MODEL_ID) ? rows.filter(col(Tables.MODEL_ID).isNull()) : rows;
  }

  /** The fired rows whose severity fails the run under {@code failOn}. */
  public static List<AlertRow> failing(List<AlertRow> rows, FailOn failOn) {
    return rows.stream().filter(row -> row.fired() && failOn.fails(row.severity())).toList();
  }
}
