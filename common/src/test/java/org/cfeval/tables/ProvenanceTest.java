package org.cfeval.tables;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.Labeler;
import org.cfeval.spark.Steps;
import org.junit.jupiter.api.Test;

/**
 * Every row names the run, the code and the inputs it came from; the runs table says what each run read and
 * wrote; and a run's tables can be read back as they stood when it ended.
 */
class ProvenanceTest {
  private static final String HEADER = "decision_id,decided_at,score,action,p_allow,amount";
  private final SparkSession spark = SharedSpark.session();
  private final String decisions = Fixtures.source("decisions.csv", List.of(HEADER,
      "a,2026-01-05 10:00:00,80,allow,0.25,100",
      "b,2026-01-06 10:00:00,70,allow,0.5,200",
      "c,2026-01-07 10:00:00,20,allow,1.0,60",
      "d,2026-01-09 10:00:00,90,block,0.2,70"));
  private final String chargebacks = Fixtures.source("chargebacks.csv", List.of("decision_id,reported_at,reason",
      "a,2026-02-01 00:00:00,fraudulent"));
  private final String warehouse = SharedSpark.newDirectory("provenance").toString();

  private Settings at(String thresholds) {
    return Fixtures.settings("2026-04-01", decisions, "csv", chargebacks, "csv").with(Keys.THRESHOLDS, thresholds)
        .with(Keys.THRESHOLD_COUNT, "0").with(Keys.BOOTSTRAP, "0");
  }

  /** A run of its own on the shared warehouse, as a job would make it. */
  private DeltaStore run(String job) {
    return new DeltaStore(spark, warehouse, "", Provenance.start(job));
  }

  /** One warehouse, three runs: label, evaluate at one threshold, evaluate again at three. */
  @Test
  void rowsNameTheirRunCodeAndInputsRunsSayWhatEachWroteAndARunReadsBackAsItEnded() throws Exception {
    DeltaStore label = run("label");
    new Labeler(spark, label, new Steps(spark, "test")).run(at("50"));
    label.recordRun("label", 0, Map.of("as-of", "2026-04-01"));
    Row labeled = label.read(Tables.DECISIONS_LABELED).first();
    long labeledVersion = latestVersion(Tables.DECISIONS_LABELED);
    DeltaStore first = run("evaluate");
    new Evaluator(spark, first, new Steps(spark, "test")).run(at("50"));
    first.recordRun("evaluate", 0, Map.of("thresholds", "50"));
    List<Row> firstCurve = first.read(Tables.POLICY_CURVE).collectAsList();
    long firstCurveVersion = latestVersion(Tables.POLICY_CURVE);
    DeltaStore second = run("evaluate");
    new Evaluator(spark, second, new Steps(spark, "test")).run(at("30,50,70"));
    second.recordRun("evaluate", 0, Map.of("thresholds", "30,50,70"));
    // A later label run: decisions_labeled changes after the first evaluation, which did not write it.
    new Labeler(spark, run("label"), new Steps(spark, "test")).run(at("50").with(Keys.AS_OF, "2026-05-01"));

    assertThat(labeled.<String>getAs(Provenance.RUN_ID)).startsWith("label-").isEqualTo(label.provenance().runId());
    assertThat(labeled.<String>getAs(Provenance.CFEVAL_VERSION)).isEqualTo(Provenance.version()).isNotBlank();
    // The files read, counted by walking the folders here rather than through Hadoop's listing.
    assertThat(labeled.<String, String>getJavaMap(labeled.fieldIndex(Provenance.INPUTS)))
        .containsEntry("decisions", filesRead(decisions)).containsEntry("chargebacks", filesRead(chargebacks));
    assertThat(firstCurve).isNotEmpty().allSatisfy(row -> {
      assertThat(row.<String>getAs(Provenance.RUN_ID)).isEqualTo(first.provenance().runId());
      assertThat(row.<String, String>getJavaMap(row.fieldIndex(Provenance.INPUTS))).containsEntry(
          "decisions_labeled", "delta version " + labeledVersion + " of " + warehouse + "/decisions_labeled");
    });
    // Both evaluations read the same inputs, and their rows say so.
    Row secondRow = second.read(Tables.POLICY_CURVE).first();
    assertThat(secondRow.<String, String>getJavaMap(secondRow.fieldIndex(Provenance.INPUTS)))
        .isEqualTo(firstCurve.get(0).getJavaMap(firstCurve.get(0).fieldIndex(Provenance.INPUTS)));

    Map<String, Row> runs = second.read(Tables.RUNS).collectAsList().stream()
        .collect(java.util.stream.Collectors.toMap(r -> r.<String>getAs(Provenance.RUN_ID), r -> r));
    assertThat(runs).containsOnlyKeys(label.provenance().runId(), first.provenance().runId(),
        second.provenance().runId());
    Row evaluated = runs.get(first.provenance().runId());
    assertThat(evaluated.<String>getAs("job")).isEqualTo("evaluate");
    assertThat(evaluated.<Long>getAs("exit_status")).isZero();
    assertThat(evaluated.<String, String>getJavaMap(evaluated.fieldIndex("settings"))).containsEntry("thresholds", "50");
    assertThat(evaluated.<java.sql.Timestamp>getAs("ended_at").toInstant())
        .isAfterOrEqualTo(evaluated.<java.sql.Timestamp>getAs("started_at").toInstant());
    assertThat(evaluated.<String, Long>getJavaMap(evaluated.fieldIndex("table_versions")))
        .containsEntry("policy_curve", firstCurveVersion);
    assertThat(evaluated.<String, Long>getJavaMap(evaluated.fieldIndex("rows_written")))
        .containsEntry("policy_curve", (long) firstCurve.size());
    Row labelRun = runs.get(label.provenance().runId());
    assertThat(labelRun.<String, Long>getJavaMap(labelRun.fieldIndex("rows_written")))
        .containsEntry("decisions_labeled", 4L); // every decision inserted by the first write

    DeltaStore reader = run("sql");
    try (DeltaStore.Shown shown = reader.showAsOfRun(first.provenance().runId())) {
      assertThat(spark.sql("SELECT COUNT(*) FROM policy_curve").first().getLong(0)).isEqualTo(firstCurve.size())
          .isLessThan(second.read(Tables.POLICY_CURVE).count());
      assertThat(spark.sql("SELECT DISTINCT run_id FROM policy_curve").collectAsList()).singleElement()
          .satisfies(r -> assertThat(r.getString(0)).isEqualTo(first.provenance().runId()));
      // A table the run did not write, as committed before its end: labelled as of the first label run.
      assertThat(spark.sql("SELECT DISTINCT labeled_as_of FROM decisions_labeled").collectAsList()).singleElement()
          .satisfies(r -> assertThat(r.getDate(0).toString()).isEqualTo("2026-04-01"));
      // runs as it stood then: the label run's row and the first evaluation's own.
      assertThat(spark.sql("SELECT COUNT(*) FROM runs").first().getLong(0)).isEqualTo(2);
      assertThatThrownBy(() -> reader.showAsOfRun("no-such-run")).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("run: no run 'no-such-run' in " + warehouse + "/runs");
      assertThat(shown.views()).contains("policy_curve", "runs");
    }
    // Closed, the views are gone: the name is the table's again (the session is shared with later tests).
    assertThat(spark.catalog().getTable("policy_curve").isTemporary()).isFalse();
  }

  private long latestVersion(TableSpec<?> table) {
    return spark.sql(String.format("DESCRIBE HISTORY delta.`%s/%s`", warehouse, table.name()))
        .agg(org.apache.spark.sql.functions.max(col("version"))).first().getLong(0);
  }

  private static String filesRead(String folder) {
    try (Stream<Path> files = Files.walk(Path.of(folder))) {
      List<Path> data = files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("_"))
          .toList();
      long bytes = 0;
      long newest = 0;
      for (Path file : data) {
        bytes += Files.size(file);
        newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
      }
      return String.format("%d files, %d bytes, newest modified %s, under %s", data.size(), bytes,
          Instant.ofEpochMilli(newest), folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
