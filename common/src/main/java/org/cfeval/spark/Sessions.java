package org.cfeval.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession for a job. Under spark-submit the master and any {@code --conf} come from
 * it; run directly (scripts/cfeval, tests) it is embedded Spark in local mode. Either way Delta Lake
 * is enabled and timestamps are UTC, as the data contract says.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession getOrCreate(String appName, String warehouse) {
    SparkConf submitted = new SparkConf(); // holds spark.* system properties, which spark-submit sets
    SparkSession.Builder builder = SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", warehouse);
    if (!submitted.contains("spark.master")) {
      builder.master("local[*]");
      // Small local data: Spark's default of 200 shuffle partitions would be mostly scheduling overhead.
      setIfAbsent(builder, submitted, "spark.sql.shuffle.partitions", "8");
      // Delta rebuilds and filters its log's file list in this many tasks for every query; its default of 50
      // cost 0.2-0.3 s a query at 10M decisions (scripts/bench), where a few suffice for a local log.
      setIfAbsent(builder, submitted, "spark.databricks.delta.snapshotPartitions", "2");
    }
    // Spark's progress bar where someone watches (a terminal), the log's step lines where nobody does.
    setIfAbsent(builder, submitted, "spark.ui.showConsoleProgress", String.valueOf(System.console() != null));
    return builder.getOrCreate();
  }

  private static void setIfAbsent(SparkSession.Builder builder, SparkConf submitted, String key, String value) {
    if (!submitted.contains(key)) {
      builder.config(key, value);
    }
  }
}
