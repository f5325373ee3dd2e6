package org.cfeval.spark;

import java.nio.file.Path;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.NotReadyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the SparkSession for a job. Under spark-submit the master and any {@code --conf} come from
 * it; run directly (scripts/cfeval, tests) it is embedded Spark in local mode. Either way Delta Lake
 * is enabled, timestamps are UTC, as the data contract says, and the tables' names live in Hive's
 * metastore ({@link #catalog}).
 */
public final class Sessions {
  /** The folder under a local warehouse that holds the embedded metastore (Derby) and its log. */
  public static final String CATALOG_FOLDER = "_catalog";
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final String CATALOG_IMPLEMENTATION = "spark.sql.catalogImplementation";
  private static final String METASTORE_URL = "spark.hadoop.javax.jdo.option.ConnectionURL";
  /** Settings that say a metastore is configured: Hive's own, passed as spark.hadoop.* or spark.hive.*. */
  private static final List<String> METASTORE_SETTINGS = List.of("spark.hadoop.hive.metastore.",
      "spark.hive.metastore.", "spark.hadoop.javax.jdo.option.", "spark.hive.javax.jdo.option.");

  private Sessions() {}

  /** @param warehouse the warehouse the job writes and registers tables of, or null for a job without one */
  public static SparkSession getOrCreate(String appName, String warehouse) {
    SparkConf submitted = new SparkConf(); // holds spark.* system properties, which spark-submit sets
    SparkSession.Builder builder = SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC");
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
    if (warehouse == null) {
      builder.config(CATALOG_IMPLEMENTATION, "in-memory");
    } else {
      builder.config("spark.sql.warehouse.dir", warehouse);
      catalog(builder, submitted, warehouse);
    }
    return builder.getOrCreate();
  }

  /**
   * Hive's metastore, so that the tables' names outlive the job and another session (spark-sql, a
   * notebook, cfeval sql) finds {@code cfeval.policy_curve} by name. Unless a metastore is configured
   * (hive-site.xml, {@code spark.hadoop.hive.metastore.uris} or {@code spark.hadoop.javax.jdo.option.*}),
   * an embedded Derby database under the warehouse's {@value #CATALOG_FOLDER}/: it serves one JVM at a
   * time, so concurrent sessions need an external metastore. {@code spark.sql.catalogImplementation=in-memory}
   * keeps the names within the session (the tables are found by path either way).
   */
  private static void catalog(SparkSession.Builder builder, SparkConf submitted, String warehouse) {
    String chosen = submitted.get(CATALOG_IMPLEMENTATION, "hive");
    if (!chosen.equals("hive")) {
      return;
    }
    if (!hiveOnClasspath()) {
      LOG.warn("Spark's Hive support is not on the classpath: table names last only as long as the session");
      return;
    }
    builder.enableHiveSupport();
    boolean configured = Arrays.stream(submitted.getAll()).anyMatch(setting -> METASTORE_SETTINGS.stream()
        .anyMatch(setting._1()::startsWith))
        || Thread.currentThread().getContextClassLoader().getResource("hive-site.xml") != null;
    if (configured) {
      return;
    }
    Path local = localPath(warehouse);
    if (local == null) {
      LOG.warn("warehouse {} is not a local folder and no metastore is configured (hive.metastore.uris or"
          + " javax.jdo.option.ConnectionURL): table names last only as long as the session", warehouse);
      builder.config(CATALOG_IMPLEMENTATION, "in-memory");
      return;
    }
    Path folder = local.resolve(CATALOG_FOLDER);
    builder.config(METASTORE_URL, "jdbc:derby:;databaseName=" + folder.resolve("metastore_db") + ";create=true");
    // Held by another JVM, Derby stays held for as long as that job runs: fail soon (exit 5, see
    // catalogInUse), after one retry 2 s later rather than ten (Hive's client fails to start with none).
    builder.config("spark.hadoop.hive.hmshandler.retry.attempts", "1");
    // Derby writes derby.log into its home, by default the working directory. Only for the JVM's first
    // session: a later getOrCreate returns it with its catalog as it was.
    if (SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
      System.setProperty("derby.system.home", folder.toString());
    }
  }

  /**
   * What a failure to reach the catalog becomes: the embedded metastore held by another JVM (a job still
   * running, a notebook) is input not ready, since a retry after it ends succeeds; anything else as it was.
   * Hive's wrapping keeps nothing of Derby's reason, so Derby is asked directly.
   */
  public static RuntimeException catalogInUse(Exception e, String warehouse) {
    Path local = localPath(warehouse);
    if (local != null && heldByAnother(local.resolve(CATALOG_FOLDER).resolve("metastore_db"))) {
      NotReadyException busy = new NotReadyException(String.format("the catalog's database under %s/%s is held by"
          + " another process (embedded Derby serves one JVM at a time): retry when that job ends, or configure a"
          + " shared metastore (README: Tables by name)", warehouse, CATALOG_FOLDER));
      busy.initCause(e);
      return busy;
    }
    return ContractException.unwrap(e);
  }

  /** Whether Derby refuses to boot {@code database} because another JVM has (its SQL state XSDB6). */
  private static boolean heldByAnother(Path database) {
    if (!Files.isDirectory(database)) {
      return false;
    }
    try (Connection connection = DriverManager.getConnection("jdbc:derby:;databaseName=" + database)) {
      return false;
    } catch (SQLException refused) {
      for (SQLException each = refused; each != null; each = each.getNextException()) {
        if ("XSDB6".equals(each.getSQLState())) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean hiveOnClasspath() {
    try {
      Class.forName("org.apache.spark.sql.hive.HiveSessionStateBuilder", false, Sessions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The warehouse's local folder, or null when it is on another file system. */
  private static Path localPath(String warehouse) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(warehouse).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return null;
    }
    return Path.of(uri.getPath()).toAbsolutePath();
  }

  private static void setIfAbsent(SparkSession.Builder builder, SparkConf submitted, String key, String value) {
    if (!submitted.contains(key)) {
      builder.config(key, value);
    }
  }
}
