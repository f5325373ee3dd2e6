package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.tables.DeltaStore;

/**
 * A cfeval job: its name, the options it takes, and a run that prints a short summary. Every option
 * is parsed and checked before Spark starts ({@link Options#check}); a run checks what needs the
 * sources' schemas and dates before its first write, so a run that is going to fail writes nothing.
 */
interface Job {
  String name();

  String summary();

  List<Setting<?>> options();

  /** The options that must be given (on the command line or in a --conf file). */
  default List<Setting<?>> required() {
    return List.of();
  }

  /** The positional argument, if the job takes one. */
  default Setting<?> positional() {
    return null;
  }

  /** Whether the rules between options ({@link Options#check}) apply: they belong to jobs that run on them. */
  default boolean checksRulesBetweenOptions() {
    return true;
  }

  /** Whether run needs a SparkSession and the warehouse; when false both are null. */
  default boolean needsSpark() {
    return true;
  }

  /**
   * Whether the job reads or writes the warehouse's tables, and so opens its catalog (registering what
   * it lacks): every job with --warehouse, unless it says otherwise.
   */
  default boolean usesCatalog() {
    return options().contains(Keys.WAREHOUSE);
  }

  /** Runs the job; returns the process exit code. */
  int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out);
}
