package org.cfeval.labels;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * A label run reads only the files no run for an earlier date read whole, and leaves the tables as a run
 * reading everything (--full) would: night after night, with a decision file arriving late, a duplicate
 * decision in a later file, a chargeback for an unknown decision, and a file rewritten with a new day's rows
 * (or holding rows after the as-of date) read again. Its rejects are those of the rows it read, and the stored
 * rows that rows read now replace.
 */
class IncrementalLabelTest {
  private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");
  private static final int DECISIONS_PER_DAY = 12;
  private final SparkSession spark = SharedSpark.session();
  private final Path root = SharedSpark.newDirectory("incremental");
  private final Path decisions = root.resolve("decisions");
  private final Path chargebacks = root.resolve("chargebacks");
  /** Chargebacks by the day they are reported, written into the source as their day arrives. */
  private final List<List<String>> reportedOn = new ArrayList<>();
  private final Map<LocalDate, List<String>> decisionWeeks = new HashMap<>();

  private Settings at(LocalDate asOf, boolean full) {
    return Fixtures.settings(asOf.toString(), decisions.toString(), "csv", chargebacks.toString(), "csv")
        .with(Keys.FULL, Boolean.toString(full)).with(Keys.THRESHOLDS, "50,60").with(Keys.THRESHOLD_COUNT, "0")
        .with(Keys.BOOTSTRAP, "20").with(Keys.MAX_REJECT_SHARE, "1").with(Keys.MASK_COLUMNS, "amount");
  }

  @Test
  void nightAfterNightTheTablesEqualAFullRunsAndRejectsCountTheNewRowsOnly() {
    Random random = new Random(7);
    for (int day = 0; day < 140; day++) {
      reportedOn.add(new ArrayList<>());
    }
    LocalDate firstNight = LocalDate.parse("2026-04-20");
    for (LocalDate day = FIRST_DAY; !day.isAfter(firstNight); day = day.plusDays(1)) {
      writeDay(day, random);
    }
    // A chargeback for a decision that never was: rejected once by the incremental run, every night by the full
    // one; and one for a decision whose file arrives late, on night two: unknown on night one, fraud after.
    reportedOn.get(dayIndex(LocalDate.parse("2026-04-19"))).add("ghost,2026-04-19 08:00:00,fraudulent");
    reportedOn.get(dayIndex(LocalDate.parse("2026-03-01"))).add("late1,2026-03-01 10:00:00,fraudulent");
    writeChargebacksUpTo(firstNight);
    DeltaStore incremental = SharedSpark.newStore();
    DeltaStore full = SharedSpark.newStore();

    Labeler.Result first = label(incremental, firstNight, false);
    label(full, firstNight, true);
    assertSameTables(incremental, full);
    long decisionFiles = first.decisions().read();
    assertThat(rejectReasons(incremental, firstNight)).containsExactly("unknown_decision", "unknown_decision");

    // Night two: the day's files, the late decision file, with a second decision of an existing id, decided later,
    // and one decided earlier, in another month: it replaces the stored row.
    LocalDate secondNight = firstNight.plusDays(1);
    writeDay(secondNight, random);
    write(decisions.resolve("week=2026-02-09/late.csv"), List.of(header(),
        "late1,2026-02-10 09:00:00,80,allow,0.5,120",
        "d2026-01-05-3,2026-01-06 09:00:00,30,allow,1.0,10",
        "d2026-01-02-4,2025-12-31 09:00:00,40,allow,1.0,20"));
    writeChargebacksUpTo(secondNight);
    String replacedDecidedAt = decidedAt(incremental, "d2026-01-02-4").get(0);
    long beforeSecondNight = DeltaTable.forPath(spark, incremental.path(Tables.DECISIONS_LABELED)).history(1)
        .first().<Long>getAs("version");
    Labeler.Result second = label(incremental, secondNight, false);
    label(full, secondNight, true);
    assertSameTables(incremental, full);
    // Read: the late file (2 rows) and the week's file, rewritten with night two's day (2026-04-20 is a Monday).
    assertThat(second.decisions().read()).isEqualTo(3 + 2 * DECISIONS_PER_DAY).isLessThan(decisionFiles);
    // The later duplicate read now, and the stored row the earlier one replaces: the full run's duplicates too.
    assertThat(rejectReasons(incremental, secondNight)).containsExactly("duplicate_decision", "duplicate_decision");
    Row replaced = rejects(incremental, secondNight).filter(col("source").equalTo("decisions_labeled")).first();
    assertThat(replaced.<String>getAs("source_path")).isEqualTo(incremental.path(Tables.DECISIONS_LABELED));
    assertThat(replaced.<String>getAs("source_file")).isNull();
    assertThat(replaced.<String>getAs("detail")).isEqualTo("decision_id='d2026-01-02-4' also decided at 2025-12-31"
        + " 09:00:00, which is kept: it replaces this row of decisions_labeled");
    // Its log columns, the masked one as the source's rejects show it; none of decisions_labeled's own.
    assertThat(replaced.<String>getAs("record")).startsWith("{\"decision_id\":\"d2026-01-02-4\",\"decided_at\":\""
        + replacedDecidedAt.substring(0, 19)).contains("\"amount\":\"***\"", "\"week\":")
        .doesNotContain("outcome", "ipw", "decided_month", "run_id", "labeled_as_of");
    // A rerun of the night, which reads the same files but finds the row replaced already, keeps that reject; one
    // after a run that stopped before its MERGE (decisions_labeled as it was) finds it again, and keeps it once.
    List<String> secondRejects = rowsOf(rejects(incremental, secondNight));
    label(incremental, secondNight, false);
    assertThat(rowsOf(rejects(incremental, secondNight))).isEqualTo(secondRejects);
    DeltaTable.forPath(spark, incremental.path(Tables.DECISIONS_LABELED)).restoreToVersion(beforeSecondNight);
    label(incremental, secondNight, false);
    assertThat(rowsOf(rejects(incremental, secondNight))).isEqualTo(secondRejects);
    assertThat(rejectReasons(full, secondNight))
        .containsExactlyInAnyOrder("duplicate_decision", "duplicate_decision", "unknown_decision");
    assertThat(decidedAt(incremental, "d2026-01-02-4")).containsExactly("2025-12-31T09:00:00Z");
    assertThat(outcome(incremental, "late1")).isEqualTo("fraud@2026-03-01T10:00:00Z");

    assertThat(evaluate(incremental, secondNight)).isEqualTo(evaluate(full, secondNight));
  }

  @Test
  void aDeltaSourceIsReadByTheDataFilesItsNewVersionsAdded() {
    String deltaDecisions = root.resolve("delta-decisions").toString();
    String csvChargebacks = Fixtures.source("chargebacks.csv", List.of("decision_id,reported_at,reason",
        "a1,2026-02-01 00:00:00,fraudulent", "b1,2026-04-12 00:00:00,fraudulent"));
    appendDecisions(deltaDecisions, header(), "a1,2026-01-05 10:00:00,80,allow,0.25,100",
        "a2,2026-01-06 10:00:00,20,allow,1.0,50", "a3,2026-03-01 10:00:00,90,block,0.2,70");
    DeltaStore incremental = SharedSpark.newStore();
    DeltaStore full = SharedSpark.newStore();
    Settings night = Fixtures.settings("2026-04-10", deltaDecisions, "delta", csvChargebacks, "csv");
    new Labeler(spark, incremental, new Steps(spark, "test")).run(night);
    new Labeler(spark, full, new Steps(spark, "test")).run(night);

    appendDecisions(deltaDecisions, header(), "b1,2026-04-10 10:00:00,85,allow,0.2,40",
        "b2,2026-04-10 11:00:00,15,allow,1.0,30");
    Settings next = Fixtures.settings("2026-04-13", deltaDecisions, "delta", csvChargebacks, "csv");
    Labeler.Result second = new Labeler(spark, incremental, new Steps(spark, "test")).run(next);
    new Labeler(spark, full, new Steps(spark, "test")).run(next.with(Keys.FULL, "true"));
    assertThat(second.decisions().read()).as("the appended version's rows only").isEqualTo(2);
    assertSameTables(incremental, full);
    assertThat(outcome(incremental, "b1")).isEqualTo("fraud@2026-04-12T00:00:00Z");

    // The next night, before its files arrive: label would read no chargeback file, yet the newest report (what
    // `cfeval ready` shows) is still found.
    LabelSources quiet = new Labeler(spark, incremental, new Steps(spark, "test"))
        .open(Fixtures.settings("2026-04-14", deltaDecisions, "delta", csvChargebacks, "csv"));
    assertThat(quiet.chargebackFiles().toRead()).isEmpty();
    assertThat(LabelSources.whole(spark, incremental, new Steps(spark, "test"),
        Fixtures.settings("2026-04-14", deltaDecisions, "delta", csvChargebacks, "csv")).newestChargeback())
        .contains(java.time.Instant.parse("2026-04-12T00:00:00Z"));
  }

  /** Appends rows (CSV lines under {@code header}) to the Delta table at {@code path}: one version, new files. */
  private void appendDecisions(String path, String header, String... lines) {
    List<String> all = new ArrayList<>(List.of(header));
    all.addAll(List.of(lines));
    spark.read().option("header", "true")
        .schema("decision_id STRING, decided_at TIMESTAMP, score DOUBLE, action STRING, p_allow DOUBLE, amount DOUBLE")
        .csv(Fixtures.source("rows.csv", all)).write().format("delta").mode("append").save(path);
  }

  /**
   * One day's decisions, added to their week's file (a week's file is rewritten as its days arrive), and their
   * chargebacks queued for the days they are reported.
   */
  private void writeDay(LocalDate day, Random random) {
    LocalDate week = weekOf(day);
    List<String> lines = decisionWeeks.computeIfAbsent(week, w -> new ArrayList<>(List.of(header())));
    for (int i = 0; i < DECISIONS_PER_DAY; i++) {
      String id = "d" + day + "-" + i;
      LocalDateTime at = day.atTime(1 + i, random.nextInt(60));
      double score = 100 * random.nextDouble();
      boolean explored = score > 50;
      double pAllow = explored ? 0.2 : 1.0;
      boolean allowed = random.nextDouble() < pAllow;
      lines.add(String.format("%s,%s,%.2f,%s,%s,%.2f", id, at.toString().replace('T', ' ') + ":00", score,
          allowed ? "allow" : "block", pAllow, 10 + 90 * random.nextDouble()));
      if (allowed && random.nextDouble() < score / 150) {
        int delay = 1 + random.nextInt(100);
        LocalDateTime reported = at.plusDays(delay);
        int index = dayIndex(reported.toLocalDate());
        if (index < reportedOn.size()) {
          String reason = random.nextDouble() < 0.8 ? "fraudulent" : "product_not_received";
          reportedOn.get(index).add(id + "," + reported.toString().replace('T', ' ') + ":00," + reason);
        }
      }
    }
    write(decisions.resolve("week=" + week + "/part.csv"), lines);
  }

  private static LocalDate weekOf(LocalDate day) {
    return day.minusDays(day.getDayOfWeek().getValue() - 1);
  }

  /** The chargebacks reported up to {@code last}, a file per week (rewritten only when it changed). */
  private void writeChargebacksUpTo(LocalDate last) {
    for (LocalDate week = weekOf(FIRST_DAY); !week.isAfter(last); week = week.plusWeeks(1)) {
      List<String> lines = new ArrayList<>(List.of("decision_id,reported_at,reason"));
      for (LocalDate day = week; day.isBefore(week.plusWeeks(1)) && !day.isAfter(last); day = day.plusDays(1)) {
        if (!day.isBefore(FIRST_DAY)) {
          lines.addAll(reportedOn.get(dayIndex(day)));
        }
      }
      Path file = chargebacks.resolve("week=" + week + "/part.csv");
      try {
        if (!Files.exists(file) || !Files.readAllLines(file).equals(lines)) {
          write(file, lines);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static int dayIndex(LocalDate day) {
    return (int) (day.toEpochDay() - FIRST_DAY.toEpochDay());
  }

  private static String header() {
    return "decision_id,decided_at,score,action,p_allow,amount";
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Labeler.Result label(DeltaStore store, LocalDate asOf, boolean full) {
    return new Labeler(spark, store, new Steps(spark, "test")).run(at(asOf, full));
  }

  /**
   * decisions_labeled as read, but for the outcome and label date a row keeps from the run that last wrote it
   * (a full run rewrites every row; readers derive outcomes from fraud_reported_at).
   */
  private void assertSameTables(DeltaStore incremental, DeltaStore full) {
    assertThat(labeled(incremental)).isEqualTo(labeled(full));
    // A full run keeps the date a file was first read whole on.
    assertThat(rowsOf(incremental.read(Tables.SOURCE_FILES))).isEqualTo(rowsOf(full.read(Tables.SOURCE_FILES)));
  }

  private List<String> labeled(DeltaStore store) {
    return rowsOf(store.read(Tables.DECISIONS_LABELED).drop(Tables.OUTCOME, Tables.LABEL_DATE));
  }

  private List<String> rejectReasons(DeltaStore store, LocalDate asOf) {
    return rejects(store, asOf).select("reason").collectAsList().stream().map(row -> row.getString(0)).toList();
  }

  /** The rejects of the label run for {@code asOf}. */
  private static Dataset<Row> rejects(DeltaStore store, LocalDate asOf) {
    return store.read(Tables.REJECTS).filter(col(Tables.AS_OF_DATE).equalTo(java.sql.Date.valueOf(asOf)));
  }

  private String outcome(DeltaStore store, String decisionId) {
    Row row = store.read(Tables.DECISIONS_LABELED).filter(col("decision_id").equalTo(decisionId)).first();
    return row.getAs(Tables.OUTCOME) + "@" + row.<java.sql.Timestamp>getAs(Tables.FRAUD_REPORTED_AT).toInstant();
  }

  private List<String> decidedAt(DeltaStore store, String decisionId) {
    return store.read(Tables.DECISIONS_LABELED).filter(col("decision_id").equalTo(decisionId)).collectAsList().stream()
        .map(row -> row.<java.sql.Timestamp>getAs("decided_at").toInstant().toString()).toList();
  }

  private List<String> evaluate(DeltaStore store, LocalDate asOf) {
    new Evaluator(spark, store, new Steps(spark, "test")).run(at(asOf, false));
    List<String> rows = new ArrayList<>(rowsOf(store.read(Tables.POLICY_CURVE)));
    rows.addAll(rowsOf(store.read(Tables.EVALUATION_WINDOWS)));
    return rows;
  }

  private static List<String> rowsOf(Dataset<Row> table) {
    return Fixtures.data(table).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
