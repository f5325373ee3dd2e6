package org.cfeval.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.labels.AsOf;
import org.cfeval.report.Report;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval report}: one self-contained HTML page of an as-of date's tables; writes no table. */
final class ReportJob implements Job {
  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "write an HTML report of an as-of date's tables (policy curve, costs, outcomes, nowcast, monitoring,"
        + " trends) to --report";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, List.of(Keys.AS_OF, Keys.REPORT_FILE));
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    write(settings, Report.build(store, AsOf.of(settings).date(), new Steps(spark, name())), out);
    return 0;
  }

  /**
   * Fails unless --report can be written: not a folder, and its nearest existing folder writable (it
   * creates the missing ones), so that a run which would fail at its end fails before reading anything.
   */
  static void requireWritable(Settings settings) {
    Path file = Path.of(settings.get(Keys.REPORT_FILE)).toAbsolutePath();
    if (Files.isDirectory(file)) {
      throw new ConfigException("report: " + file + " is a folder; give the path of the HTML file to write");
    }
    Path folder = file.getParent();
    while (folder != null && !Files.exists(folder)) {
      folder = folder.getParent();
    }
    if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)
        || Files.exists(file) && !Files.isWritable(file)) {
      throw new ConfigException(String.format("report: cannot write %s (%s is not a writable folder)", file, folder));
    }
  }

  /** Writes {@code page} to --report, its folder created if missing, and prints where. */
  static void write(Settings settings, String page, PrintStream out) {
    Path file = Path.of(settings.get(Keys.REPORT_FILE));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file.toAbsolutePath(), e);
    }
    out.println("report: " + file + " (one HTML file: open it in a browser)");
  }
}
