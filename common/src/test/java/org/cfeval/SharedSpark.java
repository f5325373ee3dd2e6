package org.cfeval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.cfeval.spark.Sessions;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Provenance;

/** The one local SparkSession all test classes of a module share (surefire runs them in one JVM). */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      System.setProperty("spark.master", "local[2]");
      System.setProperty("spark.sql.shuffle.partitions", "2");
      System.setProperty("spark.default.parallelism", "2");
      System.setProperty("spark.ui.enabled", "false");
      System.setProperty("spark.databricks.delta.snapshotPartitions", "2");
      // The suite plans thousands of query shapes in one JVM: keep their generated classes rather than Spark's last
      // 100, which the classes evict from each other (three Spark-heavy classes: median 131 s against 156 s).
      System.setProperty("spark.sql.codegen.cache.maxEntries", "5000");
      session = Sessions.getOrCreate("cfeval-tests", newDirectory("spark-warehouse").toString());
    }
    return session;
  }

  /** A fresh warehouse in its own directory under target/, so that mvn clean removes it. */
  public static DeltaStore newStore() {
    return new DeltaStore(session(), newDirectory("warehouse").toString(), "", Provenance.start("test"));
  }

  public static Path newDirectory(String prefix) {
    try {
      return Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), prefix)
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
