package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.monitoring.Alerts;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval alerts}: the monitoring rules against an as-of date's tables, as nightly runs them last. */
final class AlertsJob implements Job {
  @Override
  public String name() {
    return "alerts";
  }

  @Override
  public String summary() {
    return "judge the monitoring rules against the tables of an as-of date, write alerts, and exit with status 4"
        + " when a rule of --fail-on-alert's severity fired (nightly does this last)";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, List.of(Keys.AS_OF), Options.MONITORING);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    return report(Alerts.run(spark, store, settings, new Steps(spark, name())), settings, out);
  }

  /** Prints the rules' rows; the exit status: 4 when a fired rule's severity fails the run, else 0. */
  static int report(List<AlertRow> alerts, Settings settings, PrintStream out) {
    TextTable table = new TextTable("rule", "severity", "slice", "value", "interval", "comparison", "threshold",
        "fired");
    for (AlertRow row : alerts) {
      table.row(row.rule(), row.severity().name().toLowerCase(java.util.Locale.ROOT),
          row.sliceKey() + "=" + row.sliceValue(), row.value().value(),
          TextTable.interval(row.value().lo(), row.value().hi()), row.comparison(),
          row.threshold(), row.fired() ? "FIRED" : "no");
    }
    out.print(table);
    List<AlertRow> failing = Alerts.failing(alerts, settings.get(Keys.FAIL_ON_ALERT));
    if (failing.isEmpty()) {
      return ExitStatus.SUCCESS.code;
    }
    for (AlertRow row : failing) {
      out.printf("alert fired (%s): %s: %s%n", row.severity().name().toLowerCase(java.util.Locale.ROOT), row.rule(),
          row.detail());
    }
    return ExitStatus.ALERT.code;
  }
}
