package org.cfeval.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;

/**
 * What a report's sections read: named columns of a table's rows for the logged score (where the table
 * has scores), of the as-of date or of every date up to it. A table not in the warehouse has no rows.
 */
final class ReportRows {
  private final DeltaStore store;
  private final LocalDate asOf;
  private final Steps steps;

  ReportRows(DeltaStore store, LocalDate asOf, Steps steps) {
    this.store = store;
    this.asOf = asOf;
    this.steps = steps;
  }

  LocalDate asOf() {
    return asOf;
  }

  boolean has(TableSpec<?> table) {
    return store.exists(table);
  }

  /** The as-of date's rows where {@code where} holds. */
  List<Row> of(TableSpec<?> table, Column where, String... columns) {
    return read(table, col(Tables.AS_OF_DATE).equalTo(lit(asOf)).and(where), columns);
  }

  /** The rows of every as-of date up to the report's, oldest first, where {@code where} holds. */
  List<Row> through(TableSpec<?> table, Column where, String... columns) {
    return read(table, col(Tables.AS_OF_DATE).leq(lit(asOf)).and(where), columns);
  }

  private List<Row> read(TableSpec<?> table, Column where, String... columns) {
    for (String column : columns) {
      table.column(column); // fails on a column the table does not define
    }
    if (!store.exists(table)) {
      return List.of();
    }
    Column loggedScore = table.columnNames().contains(Tables.MODEL_ID) ? col(Tables.MODEL_ID).isNull() : lit(true);
    return steps.run("read " + table.name(), () -> {
      Dataset<Row> rows = store.read(table).filter(where.and(loggedScore));
      if (table.columnNames().contains(Tables.AS_OF_DATE)) {
        rows = rows.orderBy(Tables.AS_OF_DATE);
      }
      return rows.select(Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new)).collectAsList();
    });
  }

  /** A date column's value (Spark hands dates over as java.sql.Date or, with its Java 8 API, LocalDate). */
  static LocalDate date(Row row, String column) {
    Object value = row.getAs(column);
    return value instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) value;
  }
}
