package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval config}: prints every setting a run would use and where its value came from. */
final class ConfigJob implements Job {
  @Override
  public String name() {
    return "config";
  }

  @Override
  public String summary() {
    return "print every setting as a --conf properties file, noting values not from the defaults";
  }

  @Override
  public List<Setting<?>> options() {
    return Keys.all().stream().filter(k -> k != Keys.QUERY).toList();
  }

  /** It prints every key, each value checked; which keys go together is for the job that runs on them. */
  @Override
  public boolean checksRulesBetweenOptions() {
    return false;
  }

  @Override
  public boolean needsSpark() {
    return false;
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    out.print(settings.render());
    return 0;
  }
}
