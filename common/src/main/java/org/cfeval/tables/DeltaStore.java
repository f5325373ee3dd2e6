package org.cfeval.tables;

import io.delta.tables.DeltaTable;
import java.io.File;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.functions;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.InputFormat;
import org.cfeval.contract.NotReadyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse: each table is a Delta table in its own folder, {@code <warehouse>/<table name>}, and
 * is registered by name in the session catalog (or the metastore, when the session has one) so that
 * SQL can read it as {@code SELECT ... FROM policy_curve}.
 */
public final class DeltaStore {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaStore.class);
  private static final int RUNS_ATTEMPTS = 3;
  private final SparkSession spark;
  private final String warehouse;
  private final Provenance provenance;
  private final Catalog catalog;

  /** The warehouse as one run sees it: what it reads is recorded in, and what it writes stamped with, {@code provenance}. */
  public DeltaStore(SparkSession spark, String warehouse, String database, Provenance provenance) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.provenance = provenance;
    this.catalog = new Catalog(spark, warehouse, database, this::path);
  }

  public static DeltaStore of(SparkSession spark, Settings settings, Provenance provenance) {
    return new DeltaStore(spark, location(settings.get(Keys.WAREHOUSE)), settings.get(Keys.DATABASE), provenance);
  }

  public Provenance provenance() {
    return provenance;
  }

  /** Records a source the run reads: a Delta source's version, or the files under a path. */
  public void recordSource(String name, String path, InputFormat format) {
    if (format == InputFormat.DELTA) {
      provenance.readDelta(name, path, version(path));
    } else {
      provenance.readFiles(spark, name, path);
    }
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
    spark.read().format("delta").load(path(table)); // brings this session's view of the log up to date
    long version = version(path(table));
    provenance.readDelta(table.name(), path(table), version);
    // Pinned, so that what the run reads is the version it records, whatever another job commits meanwhile.
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(path(table));
    LocalDate floor = table.floor().map(f -> floor(table, f)).orElse(null);
    if (floor == null) {
      return rows;
    }
    String column = table.floor().get().column();
    return rows.withColumn(column, functions.greatest(functions.col(column), functions.lit(java.sql.Date.valueOf(floor))));
  }

  /** The table's floor on its column, as its latest version this session saw holds it; null if none is set. */
  private LocalDate floor(TableSpec<?> table, TableSpec.Floor floor) {
    scala.Option<String> value = DeltaLog.forTable(spark, path(table)).unsafeVolatileSnapshot().metadata()
        .configuration().get(floor.property());
    return value.isDefined() ? LocalDate.parse(value.get()) : null;
  }

  /** Raises the table's floor ({@link TableSpec#floor}) to {@code value}; a lower value leaves it as it is. */
  public void raiseFloor(TableSpec<?> table, LocalDate value) {
    TableSpec.Floor floor = table.floor().orElseThrow(() -> new IllegalArgumentException(table + " has no floor"));
    LocalDate current = floor(table, floor);
    if (current != null && !current.isBefore(value)) {
      return;
    }
    spark.sql(String.format("ALTER TABLE delta.`%s` SET TBLPROPERTIES ('%s' = '%s')", path(table).replace("`", "``"),
        floor.property(), value));
    provenance.wrote(table.name(), version(path(table)));
  }

  /** The version of the Delta table at {@code path} this session last saw (its latest, after a load or a write). */
  private long version(String path) {
    return DeltaLog.forTable(spark, path).unsafeVolatileSnapshot().version();
  }

  /** The table's rows as this run writes them: conformed to its columns, stamped with the run's provenance. */
  private Dataset<Row> stamped(TableSpec<?> table, Dataset<Row> rows) {
    Dataset<Row> conformed = table.conform(rows);
    List<Column> columns = new ArrayList<>();
    for (String name : conformed.columns()) {
      columns.add(conformed.col(Contract.quote(name)));
    }
    columns.addAll(provenance.stamp());
    return conformed.select(columns.toArray(Column[]::new));
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
    stamped(table, rows).write().format("delta").mode("overwrite")
        .option("mergeSchema", "true")
        .partitionBy(Tables.AS_OF_DATE)
        .option("replaceWhere", String.format("%s = DATE'%s' AND (%s)", Tables.AS_OF_DATE, asOf, condition))
        .save(path(table));
    provenance.wrote(table.name(), version(path(table)));
    catalog.register(table);
    describe(table);
  }

  /** Upserts {@code rows} on the table's merge keys: matched rows are updated, new ones inserted, none duplicated. */
  public void merge(TableSpec<?> table, Dataset<Row> rows) {
    merge(table, rows, null);
  }

  /**
   * The same, where {@code rows} can match only stored rows whose partition column holds one of
   * {@code partitionValues}: the MERGE reads those partitions' files alone.
   */
  public void mergeWithin(TableSpec<?> table, Dataset<Row> rows, List<?> partitionValues) {
    merge(table, rows, functions.col("target." + table.partition().orElseThrow().column()).isin(partitionValues.toArray()));
  }

  private void merge(TableSpec<?> table, Dataset<Row> rows, Column targetWithin) {
    Dataset<Row> conformed = stamped(table, rows);
    List<String> partitionColumns = table.partition().map(p -> List.of(p.column())).orElse(List.of());
    if (!exists(table)) {
      conformed.write().format("delta").partitionBy(partitionColumns.toArray(String[]::new)).save(path(table));
    } else {
      relayout(table, partitionColumns);
      Column matched = functions.expr(String.join(" AND ", table.mergeKeys().stream()
          .map(key -> String.format("target.`%s` = source.`%s`", key, key)).toList()));
      DeltaTable.forPath(spark, path(table)).as("target")
          .merge(conformed.as("source"), targetWithin == null ? matched : targetWithin.and(matched))
          .whenMatched().updateAll()
          .whenNotMatched().insertAll()
          .withSchemaEvolution()
          .execute();
    }
    provenance.wrote(table.name(), version(path(table)));
    catalog.register(table);
    describe(table);
  }

  /**
   * Rewrites a table written before it was partitioned as it is now, in one commit: the same rows, each
   * with its provenance, the partition column derived. A no-op on a table already laid out so.
   */
  private void relayout(TableSpec<?> table, List<String> partitionColumns) {
    if (partitionColumns.isEmpty()) { // every table without a partition was always written so
      return;
    }
    String path = path(table);
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    List<String> current = detail.getList(detail.fieldIndex("partitionColumns"));
    if (current.equals(partitionColumns)) {
      return;
    }
    Dataset<Row> stored = spark.read().format("delta").load(path);
    LOG.info("{}: partitioned by {}, was by {}: rewriting its {} files once", table.name(), partitionColumns, current,
        detail.<Long>getAs("numFiles"));
    List<Column> columns = new ArrayList<>();
    for (String name : stored.columns()) {
      columns.add(stored.col(Contract.quote(name)));
    }
    // The derived column where a new table has it: after the row's column before it.
    table.partition().ifPresent(p -> {
      List<String> names = table.columnNames();
      int before = names.indexOf(p.column()) - 1;
      int at = before < 0 ? 0 : List.of(stored.columns()).indexOf(names.get(before)) + 1;
      columns.add(at == 0 && before >= 0 ? columns.size() : at, functions.expr(p.expression()).as(p.column()));
    });
    stored.select(columns.toArray(Column[]::new)).write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true").partitionBy(partitionColumns.toArray(String[]::new)).save(path);
    provenance.wrote(table.name(), version(path));
  }

  /**
   * Writes this run's row of runs, if it wrote any table (a run that stopped before its first write leaves
   * nothing): its times, exit status, given options, inputs, and per table the version and rows it wrote.
   */
  public void recordRun(String job, int exitStatus, Map<String, String> settings) {
    Map<String, List<Long>> writes = provenance.writes();
    if (writes.isEmpty()) {
      return;
    }
    Map<String, Long> versions = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    writes.forEach((table, written) -> {
      versions.put(table, written.get(written.size() - 1));
      rows.put(table, rowsWritten(beside(table), written));
    });
    LOG.info("{} wrote {} (rows by table), run {}", job, rows, provenance.runId());
    RunRow run = new RunRow(job, provenance.started(), Instant.now(), (long) exitStatus, settings, versions, rows);
    // Jobs of other dates may end at the same moment: a conflicting commit (or the table's creation) is
    // retried; the merge on run_id makes a retry harmless.
    for (int attempt = 1; ; attempt++) {
      try {
        merge(Tables.RUNS, Tables.RUNS.frame(spark, List.of(run)));
        return;
      } catch (RuntimeException conflict) {
        if (attempt == RUNS_ATTEMPTS) {
          throw conflict;
        }
        LOG.warn("runs: attempt {} to record run {} failed ({}); trying again", attempt, provenance.runId(),
            conflict.toString());
      }
    }
  }

  /** Rows the commits {@code versions} of the table at {@code path} wrote, from Delta's operation metrics. */
  private long rowsWritten(String path, List<Long> versions) {
    long rows = 0;
    for (Row commit : DeltaTable.forPath(spark, path).history().filter(functions.col("version").isin(versions.toArray()))
        .select("operationMetrics").collectAsList()) {
      Map<String, String> metrics = commit.getJavaMap(0);
      rows += metrics.containsKey("numTargetRowsInserted") // a merge: what it inserted and updated
          ? Long.parseLong(metrics.get("numTargetRowsInserted")) + Long.parseLong(metrics.get("numTargetRowsUpdated"))
          : Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
    }
    return rows;
  }

  /**
   * Shows this session every table (and view) as it stood when run {@code runId} ended, under its own name: the
   * version the run wrote, else the last one committed before its end; a table created later reads empty.
   */
  public Shown showAsOfRun(String runId) {
    List<Row> runs = read(Tables.RUNS).filter(functions.col(Provenance.RUN_ID).equalTo(runId))
        .select("ended_at", "table_versions").collectAsList();
    if (runs.isEmpty()) {
      throw new ConfigException(String.format("run: no run '%s' in %s", runId, path(Tables.RUNS)));
    }
    Instant ended = runs.get(0).getTimestamp(0).toInstant();
    Map<String, Long> versions = runs.get(0).getJavaMap(1);
    List<String> shown = new ArrayList<>();
    for (TableSpec<?> table : Tables.EVERY_TABLE) {
      if (!exists(table)) {
        continue;
      }
      Long version = versions.get(table.name());
      Dataset<Row> then;
      if (table == Tables.RUNS) { // written just after each run ends: the runs that had ended by then
        then = read(Tables.RUNS).filter(functions.col("ended_at").leq(functions.lit(java.sql.Timestamp.from(ended))));
      } else if (version != null) {
        then = spark.read().format("delta").option("versionAsOf", version).load(path(table));
      } else {
        Row commits = DeltaTable.forPath(spark, path(table)).history()
            .agg(functions.min("timestamp"), functions.max("timestamp")).first();
        then = spark.read().format("delta").load(path(table));
        if (commits.getTimestamp(0).toInstant().isAfter(ended)) {
          then = then.limit(0); // created after the run
        } else if (commits.getTimestamp(1).toInstant().isAfter(ended)) {
          then = spark.read().format("delta").option("timestampAsOf", ended.toString()).load(path(table));
        }
      }
      then.createOrReplaceTempView(table.name());
      shown.add(table.name());
      Tables.EVERY_VIEW.stream().filter(view -> view.over() == table).forEach(view -> {
        spark.sql(String.format("CREATE OR REPLACE TEMP VIEW %s AS %s", view.name(), view.sqlOver(table.name())));
        shown.add(view.name());
      });
    }
    return new Shown(spark, shown);
  }

  /** The temporary views {@link #showAsOfRun} made, which hide the tables of the same names until closed. */
  public record Shown(SparkSession spark, List<String> views) implements AutoCloseable {
    @Override
    public void close() {
      views.forEach(view -> spark.catalog().dropTempView(view));
    }
  }

  /**
   * For a warehouse with tables: makes the database the session's current one, so SQL names the tables
   * unqualified, and registers every table the catalog lacks (a warehouse written before it had a catalog, a session
   * catalog) or has elsewhere. A name the metastore already points here is left as it is.
   */
  public void registerExisting() {
    List<TableSpec<?>> existing = Tables.EVERY_TABLE.stream().filter(this::exists).toList();
    if (existing.isEmpty()) { // nothing to name, so nothing created: a refused first run leaves no trace
      return;
    }
    existing.forEach(catalog::register);
    catalog.use(existing.size());
  }

  /**
   * Gives a table this run wrote its comment, the meaning of a row, where it lacks it: Delta keeps it as the
   * table's description, which the catalog shows. A commit of its own, recorded as one of the run's, made
   * once in a table's life (again only if the meaning changes).
   */
  private void describe(TableSpec<?> table) {
    String comment = "cfeval. One row: " + table.rowMeaning();
    if (!comment.equals(DeltaLog.forTable(spark, path(table)).unsafeVolatileSnapshot().metadata().description())) {
      try {
        spark.sql(String.format("COMMENT ON TABLE %s IS %s", catalog.qualified(table.name()), Catalog.literal(comment)));
        provenance.wrote(table.name(), version(path(table)));
      } catch (RuntimeException conflict) { // a concurrent writer's commit: the comment waits for a later run
        LOG.warn("{}: the table's comment was not set this time ({})", table.name(), conflict.toString());
      }
    }
  }

}
