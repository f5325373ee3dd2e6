package org.cfeval.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.spark.Steps;

/**
 * Table upkeep, for a weekly run: rejects past their retention deleted, each table's small files compacted
 * (Delta OPTIMIZE), and files no version within the vacuum retention reads removed (VACUUM). The retention
 * is what cfeval sql --run and time travel can reach back to.
 */
public final class Upkeep {
  /** What upkeep did to one table. */
  public record Result(String table, long filesBefore, long filesAfter, long filesRemoved, long rejectsDeleted) {}

  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
  /** Delta refuses a shorter vacuum retention unless its check is lifted. */
  private static final int DELTA_MINIMUM_DAYS = 7;

  private Upkeep() {}

  public static List<Result> run(SparkSession spark, DeltaStore store, Settings settings, Steps steps) {
    int vacuumDays = settings.get(Keys.VACUUM_RETENTION_DAYS);
    List<Result> results = new ArrayList<>();
    for (TableSpec<?> table : Tables.EVERY_TABLE) {
      if (!store.exists(table)) {
        continue;
      }
      String path = store.path(table);
      long versionBefore = latestVersion(spark, path);
      long deleted = table == Tables.REJECTS
          ? steps.run("rejects past " + settings.get(Keys.REJECTS_RETENTION_DAYS) + " days",
              () -> deleteOldRejects(spark, store, settings.get(Keys.REJECTS_RETENTION_DAYS)))
          : 0;
      long before = liveFiles(spark, path);
      steps.run("optimize " + table.name(), () -> {
        DeltaTable.forPath(spark, path).optimize().executeCompaction();
      });
      long after = liveFiles(spark, path);
      long onDisk = dataFiles(spark, path);
      steps.run("vacuum " + table.name() + ", keeping " + vacuumDays + " days", () -> vacuum(spark, path, vacuumDays));
      results.add(new Result(table.name(), before, after, onDisk - dataFiles(spark, path), deleted));
      long versionAfter = latestVersion(spark, path);
      for (long version = versionBefore + 1; version <= versionAfter; version++) { // what upkeep committed
        store.provenance().wrote(table.name(), version);
      }
    }
    return results;
  }

  /** Deletes the rejects of label runs more than {@code days} before the newest; returns how many rows went. */
  private static long deleteOldRejects(SparkSession spark, DeltaStore store, int days) {
    Row newest = store.read(Tables.REJECTS).agg(max(col(Tables.AS_OF_DATE))).first();
    if (newest.isNullAt(0)) {
      return 0;
    }
    org.apache.spark.sql.Column old = col(Tables.AS_OF_DATE).lt(date_sub(lit(newest.getDate(0)), days));
    long count = store.read(Tables.REJECTS).filter(old).count();
    if (count > 0) {
      DeltaTable.forPath(spark, store.path(Tables.REJECTS)).delete(old);
    }
    return count;
  }

  private static void vacuum(SparkSession spark, String path, int days) {
    String check = spark.conf().get(RETENTION_CHECK, "true");
    String listing = spark.conf().get(LISTING_PARALLELISM, "10000");
    if (days < DELTA_MINIMUM_DAYS) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    // VACUUM lists the table's folders in this many tasks, 10,000 by default: 15 to 25 s of scheduling for a
    // table of a few folders. A task per core lists cfeval's tables (a folder per as-of date) quickly enough.
    spark.conf().set(LISTING_PARALLELISM, String.valueOf(spark.sparkContext().defaultParallelism()));
    try {
      DeltaTable.forPath(spark, path).vacuum(days * 24.0);
    } finally {
      spark.conf().set(RETENTION_CHECK, check);
      spark.conf().set(LISTING_PARALLELISM, listing);
    }
  }

  private static long latestVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).first().getLong(0);
  }

  /** Files the table's current version reads. */
  private static long liveFiles(SparkSession spark, String path) {
    return spark.sql(String.format("DESCRIBE DETAIL delta.`%s`", path)).first().<Long>getAs("numFiles");
  }

  /** Data files in the table's folder, its log aside: what VACUUM can remove. */
  private static long dataFiles(SparkSession spark, String path) {
    return Provenance.visibleFiles(spark, path).size();
  }
}
