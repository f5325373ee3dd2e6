package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.labels.Labeler;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval label}: decisions_labeled and rejects for an as-of date. */
final class LabelJob implements Job {
  @Override
  public String name() {
    return "label";
  }

  @Override
  public String summary() {
    return "join decisions with the chargebacks arrived by the as-of date into decisions_labeled; bad rows go to rejects";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.LABEL);
  }

  @Override
  public List<Setting<?>> required() {
    return Options.SOURCES_REQUIRED;
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    Labeler.Result result = new Labeler(spark, store, new Steps(spark, name())).run(settings);
    print(result, out);
    return 0;
  }

  static void print(Labeler.Result result, PrintStream out) {
    out.println(result.decisions());
    out.println(result.chargebacks());
    out.println("decisions_labeled outcomes: " + result.outcomes());
  }
}
