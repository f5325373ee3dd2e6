package org.cfeval.jobs;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.labels.LabelSources;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/**
 * {@code cfeval ready}: whether an as-of date's input has landed, for a scheduler's sensor. Reads the sources
 * under their contracts and writes nothing; exit 0 when the decision log reaches the day before the date, 5
 * (not ready) while it does not, 3 when a source breaks its contract.
 */
final class ReadyJob implements Job {
  @Override
  public String name() {
    return "ready";
  }

  @Override
  public String summary() {
    return "check that an as-of date's input has landed (the decision log reaches the day before it) and write"
        + " nothing: exit 0 when it has, 5 while it has not (what the Airflow DAG's sensor waits on)";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.LABEL);
  }

  @Override
  public List<Setting<?>> required() {
    return Options.SOURCES_REQUIRED;
  }

  /** It reads the sources only. */
  @Override
  public boolean usesCatalog() {
    return false;
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    Steps steps = new Steps(spark, name());
    // The sources whole: ready chooses no files, so a poke reads no source_files and no decisions_labeled rows.
    LabelSources.Whole sources = LabelSources.whole(spark, store, steps, settings);
    sources.span().requireDayBeforeArrived(sources.asOf());
    // The chargeback feed is sparse (a quiet day has none), so its newest report is shown, not required;
    // the reports_ratio rule judges a thin feed once the night has run.
    Optional<Instant> newest = steps.run("newest chargeback", sources::newestChargeback);
    out.printf("ready for %s: decisions from %s to %s in %s; newest chargeback reported by then %s%n",
        sources.asOf().date(), sources.span().first(), sources.span().last(), sources.decisionsPath(),
        newest.map(Instant::toString).orElse("never"));
    return 0;
  }
}
