package org.cfeval.tables;

import io.delta.tables.DeltaTable;
import java.io.File;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.NotReadyException;

/**
 * The warehouse: each table is a Delta table in its own folder, {@code <warehouse>/<table name>}, and
 * is registered by name in the session catalog (or the metastore, when the session has one) so that
 * SQL can read it as {@code SELECT ... FROM policy_curve}.
 */
public final class DeltaStore {
  private final SparkSession spark;
  private final String warehouse;
  private final String database;

  public DeltaStore(SparkSession spark, String warehouse, String database) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.database = database;
  }

  public static DeltaStore of(SparkSession spark, Settings settings) {
    return new DeltaStore(spark, location(settings.get(Keys.WAREHOUSE)), settings.get(Keys.DATABASE));
  }

  /** A warehouse without a URI scheme is a local directory, made absolute so any working directory finds it. */
  public static String location(String warehouse) {
    return warehouse.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") ? warehouse : new File(warehouse).getAbsolutePath();
  }

  public String path(TableSpec<?> table) {
    return beside(table.name());
  }

  /** A path under the warehouse, for what is kept beside the tables (saved models). */
  public String beside(String relative) {
    return warehouse + "/" + relative;
  }

  public boolean exists(TableSpec<?> table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  public Dataset<Row> read(TableSpec<?> table) {
    if (!exists(table)) {
      throw new NotReadyException(String.format("table %s not found at %s: run the job that writes it first",
          table.name(), path(table)));
    }
    return spark.read().format("delta").load(path(table));
  }

  /**
   * Replaces this as-of date's rows of {@code table} with {@code rows}, so a rerun leaves the same table.
   * Columns a newer cfeval added are added to an existing table (older rows read them as null).
   */
  public void replaceAsOf(TableSpec<?> table, Dataset<Row> rows, LocalDate asOf) {
    replaceAsOf(table, rows, asOf, "TRUE");
  }

  /** The same, for the rows of the as-of date that also satisfy {@code condition} (SQL) only. */
  public void replaceAsOf(TableSpec<?> table, Dataset<Row> rows, LocalDate asOf, String condition) {
    table.conform(rows).write().format("delta").mode("overwrite")
        .option("mergeSchema", "true")
        .partitionBy(Tables.AS_OF_DATE)
        .option("replaceWhere", String.format("%s = DATE'%s' AND (%s)", Tables.AS_OF_DATE, asOf, condition))
        .save(path(table));
    register(table);
  }

  /** Upserts {@code rows} on the table's merge keys: matched rows are updated, new ones inserted, none duplicated. */
  public void merge(TableSpec<?> table, Dataset<Row> rows) {
    Dataset<Row> conformed = table.conform(rows);
    if (!exists(table)) {
      conformed.write().format("delta").save(path(table));
    } else {
      String matched = String.join(" AND ", table.mergeKeys().stream()
          .map(key -> String.format("target.`%s` = source.`%s`", key, key)).toList());
      DeltaTable.forPath(spark, path(table)).as("target")
          .merge(conformed.as("source"), matched)
          .whenMatched().updateAll()
          .whenNotMatched().insertAll()
          .withSchemaEvolution()
          .execute();
    }
    register(table);
  }

  /** Registers every table that exists in the warehouse; a fresh embedded session starts with an empty catalog. */
  public void registerExisting() {
    Tables.EVERY_TABLE.stream().filter(this::exists).forEach(this::register);
  }

  /** (Re)creates the views over {@code table}: each reads it under its registered name. */
  private void registerViews(TableSpec<?> table) {
    Tables.EVERY_VIEW.stream().filter(view -> view.over() == table).forEach(view -> spark.sql(String.format(
        "CREATE OR REPLACE VIEW %s AS %s", qualified(view.name()), view.sqlOver(qualified(table.name())))));
  }

  private String qualified(String name) {
    return database.isEmpty() ? name : database + "." + name;
  }

  /**
   * Points the table's name at this warehouse's folder (a name registered elsewhere is re-pointed), and
   * its views at the table.
   */
  private void register(TableSpec<?> table) {
    String name = qualified(table.name());
    boolean here = false;
    if (spark.catalog().tableExists(name)) {
      String registered = spark.sql("DESCRIBE DETAIL " + name).first().getAs("location");
      here = localPath(registered).equals(localPath(path(table)));
      if (!here) {
        spark.sql("DROP TABLE " + name); // registered with a LOCATION, so external: only the name goes
      }
    }
    if (!here) {
      spark.sql(String.format("CREATE TABLE %s USING delta LOCATION '%s'", name, path(table).replace("'", "\\'")));
    }
    registerViews(table);
  }

  private static String localPath(String location) {
    return location.replaceFirst("^file:(//)?", "").replaceAll("/+$", "");
  }
}
