package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Upkeep;

/** {@code cfeval maintain}: table upkeep, weekly: old rejects deleted, small files compacted, unread files removed. */
final class MaintainJob implements Job {
  @Override
  public String name() {
    return "maintain";
  }

  @Override
  public String summary() {
    return "table upkeep, for a weekly run: delete rejects past --rejects-retention-days, compact every table's"
        + " small files (Delta OPTIMIZE) and remove the files older than --vacuum-retention-days that no version"
        + " reads (VACUUM)";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, List.of(Keys.REJECTS_RETENTION_DAYS, Keys.VACUUM_RETENTION_DAYS));
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    List<Upkeep.Result> results = Upkeep.run(spark, store, settings, new Steps(spark, name()));
    if (results.isEmpty()) {
      out.println("maintain: no table in the warehouse yet");
      return ExitStatus.SUCCESS.code;
    }
    TextTable table = new TextTable("table", "live files before", "after compaction", "files removed",
        "rejects deleted");
    results.forEach(r -> table.row(r.table(), r.filesBefore(), r.filesAfter(), r.filesRemoved(), r.rejectsDeleted()));
    out.print(table);
    return ExitStatus.SUCCESS.code;
  }
}
